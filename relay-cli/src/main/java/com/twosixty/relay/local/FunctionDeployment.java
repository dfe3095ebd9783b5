package com.twosixty.relay.local;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.config.RelayFunction;
import java.util.Optional;

/**
 * One deployed function, as Cloud Functions would hold it: hub functions once, client functions
 * once per client (named {@code client-deployer-<client>}).
 */
public record FunctionDeployment(RelayFunction function, Optional<ClientDefinition> client) {

  public static FunctionDeployment hub(RelayFunction function) {
    return new FunctionDeployment(function, Optional.empty());
  }

  public static FunctionDeployment forClient(RelayFunction function, ClientDefinition client) {
    return new FunctionDeployment(function, Optional.of(client));
  }

  public String name() {
    return client.map(c -> function.functionName() + "-" + c.id()).orElse(function.functionName());
  }

  /** Whether this build of the repository contains the function (the stack runs those that exist). */
  public boolean available() {
    try {
      Class.forName(function.entryPoint(), false, FunctionDeployment.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
