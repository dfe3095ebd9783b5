package com.twosixty.relay.local;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.config.RelayFunction;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * The JAR Cloud Functions is given for this function, as {@code ./mvnw package} builds it in the
   * repository at {@code repoRoot}: the local stack runs exactly what would be deployed.
   */
  public Path deployable(Path repoRoot) {
    return deployable(repoRoot, function);
  }

  public static Path deployable(Path repoRoot, RelayFunction function) {
    String name = function.functionName();
    return repoRoot.resolve("functions").resolve(name).resolve("target").resolve(name + "-deployable.jar");
  }

  /** The deployable, or a message that says how to build it. */
  public Path requireDeployable(Path repoRoot) {
    Path jar = deployable(repoRoot);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(name() + " has no deployable JAR at " + jar
          + ": build it with ./mvnw -B package -DskipTests (./relay does so when the sources changed)");
    }
    return jar;
  }
}
