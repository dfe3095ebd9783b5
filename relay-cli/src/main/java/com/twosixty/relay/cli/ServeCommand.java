package com.twosixty.relay.cli;

import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.local.FunctionDeployment;
import com.twosixty.relay.local.LocalStack;
import com.twosixty.relay.local.LocalMonorepo;
import com.twosixty.relay.local.StackEndpoints;
import com.twosixty.relay.local.StackInfo;
import com.twosixty.relay.testing.FunctionInvoker;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Runs one function on the Functions Framework invoker with the environment the local stack",
        "gives it (emulators, stand-ins, webhook secret), printing its log; for debugging. Needs `relay up`."})
final class ServeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FUNCTION",
      description = "push-webhook, release-publisher, client-deployer, deploy-reporter or release-status.")
  String function;

  @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--client", description = "For client-deployer and deploy-reporter: which client (default: the first).")
  String client;

  @Option(names = "--without-freeze-windows", description = "Hand the function the client file without its freeze windows.")
  boolean withoutFreezeWindows;

  @Override
  public Integer call() throws Exception {
    RelayFunction relayFunction = Arrays.stream(RelayFunction.values()).filter(f -> f.functionName().equals(function))
        .findFirst().orElseThrow(() -> new UserError("no function '" + function + "'; one of "
            + Arrays.stream(RelayFunction.values()).map(RelayFunction::functionName).toList()));
    StackInfo stack = StackInfo.readRunning(Relay.stateFile()).orElseThrow(() -> new UserError(
        "relay serve runs a function against the local stack's emulators and stand-ins: start ./relay up first"));
    Map<String, String> clientJson = LocalStack.clientJson(Relay.repoRoot().resolve("clients"), withoutFreezeWindows);
    String clientId = client != null ? client : clientJson.keySet().iterator().next();
    if (!clientJson.containsKey(clientId)) {
      throw new UserError("no client '" + clientId + "'; one of " + clientJson.keySet());
    }
    FunctionDeployment deployment = relayFunction.settings().contains(com.twosixty.relay.config.Setting.RELAY_CLIENT)
        ? FunctionDeployment.forClient(relayFunction, ClientDefinitions.parse(clientId, clientJson.get(clientId)))
        : FunctionDeployment.hub(relayFunction);
    Path deployable;
    try {
      deployable = deployment.requireDeployable(Relay.repoRoot());
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage());
    }
    Map<String, String> metadataHosts = new java.util.LinkedHashMap<>();
    stack.urls().forEach((name, url) -> {
      if (name.startsWith("metadata/")) {
        metadataHosts.put(name.substring("metadata/".length()), url);
      }
    });
    StackEndpoints endpoints = new StackEndpoints(stack.hubProject(), stack.pubsubEmulatorHost(),
        stack.firestoreEmulatorHost(), stack.cloudBuildEndpoint(), stack.containerEndpoint(), stack.webhookSecret(),
        LocalMonorepo.layout(), new StackEndpoints.CommandAccess(stack.url("commandGateway"), stack.url("tokenIssuer"),
            stack.url("tokenCerts"), "[" + String.join(",", clientJson.values()) + "]", metadataHosts));
    Path logs = Relay.workDir().resolve("serve");
    FunctionInvoker invoker = FunctionInvoker.startDeployable(deployment.name(), relayFunction.entryPoint(), deployable,
        endpoints.environment(deployment, clientJson.get(clientId)), logs, List.of("-Xmx256m"), port);
    Runtime.getRuntime().addShutdownHook(new Thread(invoker::close, "relay-serve-stop"));
    System.out.println(deployment.name() + " listens on " + invoker.url() + " (pid " + invoker.process().pid()
        + "); Ctrl-C stops it. Its log:");
    follow(invoker.process().logFile());
    return 0;
  }

  /** Prints the log as it grows, like tail -f, until the process is stopped. */
  private static void follow(Path log) throws IOException, InterruptedException {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long position = 0;
      while (true) {
        long length = file.length();
        if (length > position) {
          file.seek(position);
          byte[] chunk = new byte[(int) (length - position)];
          file.readFully(chunk);
          System.out.print(new String(chunk, StandardCharsets.UTF_8));
          System.out.flush();
          position = length;
        }
        Thread.sleep(200);
      }
    }
  }
}
