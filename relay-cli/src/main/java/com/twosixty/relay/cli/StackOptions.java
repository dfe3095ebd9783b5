package com.twosixty.relay.cli;

import com.twosixty.relay.local.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How `relay up` and `relay demo` start the local stack, and the faults it starts with. */
final class StackOptions {
  @Option(names = "--build-seconds", paramLabel = "SECONDS", defaultValue = "2",
      description = "How long a build stays WORKING in the Cloud Build stand-in (default ${DEFAULT-VALUE}).")
  double buildSeconds;

  @Option(names = "--fail-deploys", paramLabel = "CLIENT", split = ",",
      description = "The client's deploy builds end in FAILURE.")
  List<String> failDeploys = new ArrayList<>();

  @Option(names = "--reconciling", paramLabel = "CLIENT=SECONDS",
      description = "The client's cluster reports RECONCILING for this long after start.")
  Map<String, Integer> reconciling = Map.of();

  @Option(names = "--clients", paramLabel = "DIR",
      description = "The client files to provision and deploy to (default: the repository's clients/), e.g. to try a new file.")
  java.nio.file.Path clients;

  @Option(names = "--cloudbuild-unavailable", paramLabel = "CALLS", defaultValue = "0",
      description = "The first CALLS calls to the Cloud Build stand-in answer UNAVAILABLE.")
  int cloudBuildUnavailable;

  @Option(names = "--gke-unavailable", paramLabel = "CALLS", defaultValue = "0",
      description = "The first CALLS calls to the GKE stand-in answer UNAVAILABLE.")
  int gkeUnavailable;

  LocalStack.Options options(boolean setAsideFreezeWindows) {
    LocalStack.Options.Builder builder = LocalStack.Options.builder(Relay.repoRoot());
    if (clients != null) {
      if (!java.nio.file.Files.isDirectory(clients)) {
        throw new UserError("--clients " + clients + " is not a directory of client files");
      }
      builder.clients(clients.toAbsolutePath());
    }
    return builder
        .workDir(Relay.workDir())
        .freezeWindowsSetAside(setAsideFreezeWindows)
        .buildTiming(Duration.ofMillis(300), Duration.ofMillis(Math.round(buildSeconds * 1000)))
        .build();
  }

  void applyFaults(LocalStack stack) {
    failDeploys.forEach(client -> stack.faults().failDeploys(known(stack, client), true));
    reconciling.forEach((client, seconds) -> stack.faults().reconcile(known(stack, client), Duration.ofSeconds(seconds)));
    stack.faults().cloudBuildUnavailable(cloudBuildUnavailable);
    stack.faults().containerUnavailable(gkeUnavailable);
  }

  private static String known(LocalStack stack, String client) {
    if (stack.clusters().client(client).isEmpty()) {
      throw new UserError("no client '" + client + "' in clients/");
    }
    return client;
  }
}
