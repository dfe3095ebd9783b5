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

  @Option(names = "--waves", paramLabel = "SPEC",
      description = "Roll releases out in waves (README: Waves): a number of waves, each but the last soaking --soak "
          + "(--waves 3 --soak 10s; the client files' wave: puts each client in one, none = the last), or the hub's "
          + "RELAY_ROLLOUT JSON ({\"waves\":[{\"soak\":\"PT30S\"},{\"soak\":\"PT1M\"},{}],\"haltOn\":[\"FAILED\"]}). "
          + "Default: one wave, every client takes a release at once.")
  String waves;

  @Option(names = "--soak", paramLabel = "DURATION", defaultValue = "10s",
      description = "With --waves N: how long a wave's deployments must have run before the next wave starts "
          + "(10s, 2m, PT30S; default ${DEFAULT-VALUE}).")
  String soak;

  /** How often the stack publishes the rollout tick (Cloud Scheduler's job, every minute in Google Cloud). */
  static final Duration ROLLOUT_TICK = Duration.ofSeconds(1);

  /** RELAY_ROLLOUT as --waves and --soak give it, "" for none. */
  String rolloutJson() {
    return waves == null ? "" : WavesOption.rolloutJson(waves, soak);
  }

  /** The waves and which client is in which, as `relay up` prints them; nothing without --waves. */
  List<String> wavesDescription() {
    if (waves == null) {
      return List.of();
    }
    java.nio.file.Path dir = clients != null ? clients.toAbsolutePath() : Relay.repoRoot().resolve("clients");
    return WavesOption.describe(rolloutJson(), com.twosixty.relay.client.ClientDefinitions.loadDirectory(dir));
  }

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
        .rollout(rolloutJson(), ROLLOUT_TICK)
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
