package com.twosixty.relay.cli;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fault", mixinStandardHelpOptions = true,
    description = "Sets the local stand-ins' faults (local stack only); prints the settings in force.")
final class FaultCommand implements Callable<Integer> {
  @Option(names = "--fail-deploys", split = ",", paramLabel = "CLIENT", description = "The client's deploy builds fail.")
  List<String> failDeploys = List.of();

  @Option(names = "--succeed-deploys", split = ",", paramLabel = "CLIENT", description = "The client's deploy builds succeed again.")
  List<String> succeedDeploys = List.of();

  @Option(names = "--reconciling", paramLabel = "CLIENT=SECONDS", description = "The client's cluster is RECONCILING this long.")
  Map<String, Integer> reconciling = Map.of();

  @Option(names = "--cluster-status", paramLabel = "CLIENT=STATUS",
      description = "Sets a cluster's status: RUNNING, ERROR, STOPPING, DEGRADED, PROVISIONING, RECONCILING.")
  Map<String, String> clusterStatus = Map.of();

  @Option(names = "--cloudbuild-unavailable", paramLabel = "CALLS", description = "The next CALLS Cloud Build calls answer UNAVAILABLE.")
  Integer cloudBuildUnavailable;

  @Option(names = "--gke-unavailable", paramLabel = "CALLS", description = "The next CALLS GKE calls answer UNAVAILABLE.")
  Integer gkeUnavailable;

  @Override
  public Integer call() {
    String control = new Target().localStack().orElseThrow().url("control");
    JsonObject request = new JsonObject();
    JsonObject deploys = new JsonObject();
    failDeploys.forEach(c -> deploys.addProperty(c, true));
    succeedDeploys.forEach(c -> deploys.addProperty(c, false));
    request.add("failDeploys", deploys);
    JsonObject reconcile = new JsonObject();
    reconciling.forEach((c, seconds) -> reconcile.addProperty(c, "PT" + seconds + "S"));
    request.add("reconcile", reconcile);
    JsonObject statuses = new JsonObject();
    clusterStatus.forEach((c, status) -> statuses.addProperty(c, status.toUpperCase(java.util.Locale.ROOT)));
    request.add("clusterStatus", statuses);
    if (cloudBuildUnavailable != null) {
      request.addProperty("cloudBuildUnavailableCalls", cloudBuildUnavailable);
    }
    if (gkeUnavailable != null) {
      request.addProperty("containerUnavailableCalls", gkeUnavailable);
    }
    Http.Answer answer = Http.postJson(control + "faults", request.toString(), Map.of());
    System.out.println(answer.body());
    return answer.ok() ? 0 : 1;
  }
}
