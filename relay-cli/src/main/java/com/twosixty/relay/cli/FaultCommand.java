package com.twosixty.relay.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fault", mixinStandardHelpOptions = true,
    description = "Sets the local stand-ins' faults (local stack only); prints the settings in force (--json: as the "
        + "control endpoint answers).",
    subcommands = {FaultCommand.PubSubLink.class, FaultCommand.FirestoreLink.class})
final class FaultCommand implements Callable<Integer> {

  /** Cuts or restores one of the functions' links to an emulator; prints both links' state. */
  abstract static class Link implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "cut|restore", description = "cut: the functions' calls fail as in an outage; restore: they work again.")
    String action;

    @Option(names = "--json", description = "Print the links' state as the control endpoint answers GET /links.")
    boolean json;

    abstract String link();

    @Override
    public Integer call() {
      if (!action.equals("cut") && !action.equals("restore")) {
        System.err.println("relay fault " + link() + ": cut or restore, not '" + action + "'");
        return 2;
      }
      String control = new Target().localStack().orElseThrow().url("control");
      JsonObject request = new JsonObject();
      request.addProperty(link(), action);
      Http.Answer answer = Http.postJson(control + "links", request.toString(), Map.of());
      return print(answer, json, "the functions' links to the emulators");
    }
  }

  @Command(name = "pubsub", mixinStandardHelpOptions = true,
      description = "Cuts or restores the functions' link to the Pub/Sub emulator: their publishes fail (the delivery bridge keeps its own link).")
  static final class PubSubLink extends Link {
    @Override
    String link() {
      return "pubsub";
    }
  }

  @Command(name = "firestore", mixinStandardHelpOptions = true,
      description = "Cuts or restores the functions' link to the Firestore emulator.")
  static final class FirestoreLink extends Link {
    @Override
    String link() {
      return "firestore";
    }
  }

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

  @Option(names = "--json", description = "Print the settings in force as the control endpoint answers GET /faults.")
  boolean json;

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
    return print(answer, json, "faults in force");
  }

  /** The control endpoint's answer: as JSON, or one line per setting; a refusal (400) in its own words, exit 2. */
  static int print(Http.Answer answer, boolean json, String title) {
    if (answer.status() == 400) {
      throw new UserError(JsonParser.parseString(answer.body()).getAsJsonObject().get("reason").getAsString());
    }
    if (!answer.ok()) {
      System.err.println("relay: the local stack's control endpoint answered HTTP " + answer.status() + ": " + answer.body());
      return 1;
    }
    if (json) {
      System.out.println(answer.body());
      return 0;
    }
    System.out.println(title + ":");
    for (Map.Entry<String, JsonElement> setting : JsonParser.parseString(answer.body()).getAsJsonObject().entrySet()) {
      System.out.printf("  %-28s %s%n", setting.getKey(), human(setting.getValue()));
    }
    return 0;
  }

  private static String human(JsonElement value) {
    if (value.isJsonArray()) {
      return value.getAsJsonArray().isEmpty() ? "none" : String.join(", ",
          value.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList());
    }
    if (value.isJsonObject()) {
      return value.getAsJsonObject().isEmpty() ? "none" : String.join(", ", value.getAsJsonObject().entrySet().stream()
          .map(e -> e.getKey() + " until " + e.getValue().getAsString()).toList());
    }
    return value.isJsonNull() ? "none" : value.getAsString();
  }
}
