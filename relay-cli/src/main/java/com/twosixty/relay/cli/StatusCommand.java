package com.twosixty.relay.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Reads release-status. Without arguments: every client (each file in clients/ from the first",
        "moment) with its policy (approval, channel, pins and their source, freeze windows and whether one is",
        "open now) and per service what runs, the newest release it takes and, when it is behind, why.",
        "With a CLIENT: that client's full record (waiting approvals, recent deployments with their build logs,",
        "commands newest first). With --releases: the releases and each client's outcome (PARTIAL: deployed",
        "some of what it takes, the rest held back) and, with waves, each release's rollout (waves open, soak",
        "left, HALTED by whom and why). --json prints the API's JSON instead."})
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "CLIENT", description = "One client's full record.")
  String client;

  @Option(names = "--releases", description = "List the releases and their fan-out instead.")
  boolean releases;

  @Option(names = "--json", description = "Print release-status's JSON as it answers (the API's shape).")
  boolean json;

  @Option(names = "--url", description = "release-status's URL (with --hub-project).")
  String url;

  @Mixin
  Target target;

  @Override
  public Integer call() {
    String base = target.releaseStatusBase(url);
    if (releases && client != null) {
      throw new UserError("give a CLIENT or --releases, not both");
    }
    if (releases) {
      Http.Answer answer = Http.get(base + "api/releases");
      return print(answer, () -> releasesText(parse(answer.body())));
    }
    if (client != null) {
      Http.Answer answer = Http.get(base + "api/clients/" + URLEncoder.encode(client, StandardCharsets.UTF_8));
      if (answer.status() == 404) {
        throw new UserError("unknown client '" + client + "': no clients/" + client + ".yaml, and release-status has nothing"
            + " recorded for it");
      }
      return print(answer, () -> clientText(parse(answer.body())));
    }
    Http.Answer clients = Http.get(base + "api/clients");
    return print(clients, () -> {
      StringBuilder out = new StringBuilder();
      JsonArray list = array(parse(clients.body()), "clients");
      if (list.isEmpty()) {
        out.append("no client: clients/ holds no file and nothing is recorded\n");
      }
      for (JsonElement entry : list) {
        String id = text(entry.getAsJsonObject(), "id");
        Http.Answer detail = Http.get(base + "api/clients/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        if (detail.ok()) {
          out.append(overview(parse(detail.body()))).append('\n');
        } else {
          out.append(id).append(": release-status answered ").append(detail.status()).append("\n\n");
        }
      }
      return out.toString();
    });
  }

  /** The answer's JSON as it is with --json, else the human text; an error answer goes to stderr with exit code 1. */
  private int print(Http.Answer answer, java.util.function.Supplier<String> human) {
    if (!answer.ok()) {
      System.err.println("release-status answered " + answer.status() + ": " + errorOf(answer.body()));
      return 1;
    }
    if (json) {
      System.out.println(answer.body());
    } else {
      System.out.print(human.get());
    }
    return 0;
  }

  // ---- the human text: each a pure function of the API's JSON ----

  /** One client in the overview: its policy, then per service what runs and whether it is behind. */
  static String overview(JsonObject detail) {
    StringBuilder out = new StringBuilder();
    JsonObject client = object(detail, "client");
    policy(out, client);
    pending(out, detail);
    JsonArray commands = array(detail, "commands");
    if (!commands.isEmpty()) {
      out.append("  last command: ").append(commandLine(commands.get(0).getAsJsonObject())).append('\n');
    }
    services(out, client, detail);
    return out.toString();
  }

  /** One client's full record: the overview, its recent deployments with their build logs, its commands. */
  static String clientText(JsonObject detail) {
    StringBuilder out = new StringBuilder(overview(detail));
    JsonArray deployments = array(detail, "recentDeployments");
    out.append("  recent deployments:").append(deployments.isEmpty() ? " none\n" : "\n");
    for (JsonElement element : deployments) {
      out.append("    ").append(deploymentLine(element.getAsJsonObject())).append('\n');
    }
    JsonArray commands = array(detail, "commands");
    out.append("  commands (newest first):").append(commands.isEmpty() ? " none\n" : "\n");
    for (JsonElement element : commands) {
      out.append("    ").append(text(element.getAsJsonObject(), "receivedAt")).append("  ")
          .append(commandLine(element.getAsJsonObject())).append('\n');
    }
    return out.toString();
  }

  private static void policy(StringBuilder out, JsonObject client) {
    String id = text(client, "id");
    String name = text(client, "displayName");
    out.append(id).append(name.isEmpty() || name.equals(id) ? "" : " (" + name + ")");
    if (flag(client, "configured")) {
      out.append(" · approval ").append(text(client, "approval")).append(" · channel ").append(text(client, "channel"))
          .append(" · services ").append(array(client, "services").isEmpty() ? "all" : String.join(",", strings(array(client, "services"))))
          .append(flag(client, "autoRollback") ? " · auto rollback" : "");
    } else {
      out.append(" · no client file (known only by what was recorded)");
    }
    out.append(flag(client, "behind") ? " · BEHIND" : "").append('\n');
    List<String> pins = new ArrayList<>();
    for (Map.Entry<String, JsonElement> pin : object(client, "pinSources").entrySet()) {
      JsonObject p = pin.getValue().getAsJsonObject();
      String release = text(p, "releaseId");
      String source = text(p, "source");
      pins.add(release.isEmpty()
          ? pin.getKey() + " unpinned by command (file: " + text(p, "file") + ")"
          : pin.getKey() + " " + release + " (" + source + (source.equals("command") && !text(p, "file").isEmpty()
              ? ", over the file's " + text(p, "file") : "") + ")");
    }
    out.append("  pins: ").append(pins.isEmpty() ? "none" : String.join("; ", pins)).append('\n');
    JsonArray windows = array(client, "freezeWindows");
    List<String> described = new ArrayList<>();
    for (JsonElement element : windows) {
      JsonObject w = element.getAsJsonObject();
      described.add(text(w, "day") + " " + text(w, "start") + " " + text(w, "timeZone") + " for " + text(w, "duration")
          + (flag(w, "open") ? " (OPEN NOW, until " + text(w, "openUntil") + ")" : ""));
    }
    out.append("  freeze windows: ").append(described.isEmpty() ? "none" : String.join("; ", described)).append('\n');
    if (flag(client, "frozenNow")) {
      out.append("  FROZEN NOW: ").append(text(client, "frozenBecause")).append('\n');
    }
  }

  private static void pending(StringBuilder out, JsonObject detail) {
    for (JsonElement element : array(detail, "pendingApprovals")) {
      JsonObject p = element.getAsJsonObject();
      out.append("  waits for approval: ").append(text(p, "releaseId")).append(" (")
          .append(String.join(",", strings(array(p, "services")))).append(")\n");
    }
  }

  /** Per service: what runs, the newest release it takes, whether it is behind and why, and its last event. */
  private static void services(StringBuilder out, JsonObject client, JsonObject detail) {
    Map<String, JsonObject> last = new LinkedHashMap<>();
    for (JsonElement element : array(detail, "services")) {
      JsonObject service = element.getAsJsonObject();
      JsonObject event = object(service, "last");
      if (!event.entrySet().isEmpty()) {
        last.put(text(service, "service"), event);
      }
    }
    JsonArray standing = array(client, "standing");
    if (standing.isEmpty()) {
      out.append("  no release seen yet\n");
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"service", "runs", "newest it takes", "standing", "last event"});
    for (JsonElement element : standing) {
      JsonObject s = element.getAsJsonObject();
      String state = flag(s, "behind") ? "BEHIND " + text(s, "why") + ": " + text(s, "detail")
          : text(s, "newest").isEmpty() ? "no release seen yet" : "up to date";
      JsonObject event = last.get(text(s, "service"));
      String lastEvent = event == null ? "-" : text(event, "status") + " " + text(event, "releaseId")
          + (text(event, "reason").isEmpty() ? "" : ": " + text(event, "reason"));
      rows.add(new String[] {text(s, "service"), dash(text(s, "running")), dash(text(s, "newest")), state, lastEvent});
    }
    // Each column as wide as its widest cell, so a long reason never pushes the next column out of line.
    int[] widths = new int[4];
    for (String[] cells : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], cells[i].length());
      }
    }
    for (String[] cells : rows) {
      out.append(' ');
      for (int i = 0; i < widths.length; i++) {
        out.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length() + 1));
      }
      out.append(cells[4]).append('\n');
    }
  }

  /** "2026.12.07-abc1234 release PARTIAL (held back billing: pinned) build https://…", from one deployment. */
  static String deploymentLine(JsonObject deployment) {
    StringBuilder line = new StringBuilder(text(deployment, "releaseId")).append(' ').append(text(deployment, "kind"));
    if (flag(deployment, "automatic")) {
      line.append(" (AUTO ROLLBACK)");
    }
    line.append(' ').append(text(deployment, "outcome").isEmpty() ? text(deployment, "status") : text(deployment, "outcome"));
    List<String> services = strings(array(deployment, "services"));
    if (!services.isEmpty()) {
      line.append(" of ").append(String.join(",", services));
    }
    List<String> held = new ArrayList<>();
    object(deployment, "heldBack").entrySet().forEach(e -> held.add(e.getKey() + ": " + e.getValue().getAsString()));
    if (!held.isEmpty()) {
      line.append(" (held back ").append(String.join(", ", held)).append(')');
    }
    if (!text(deployment, "reason").isEmpty() && held.isEmpty()) {
      line.append(": ").append(text(deployment, "reason"));
    }
    if (!text(deployment, "requestedBy").isEmpty()) {
      line.append(" by ").append(text(deployment, "requestedBy"));
    }
    if (!text(deployment, "logUrl").isEmpty()) {
      line.append(" · build log ").append(text(deployment, "logUrl"));
    }
    return line.toString();
  }

  /** The releases, newest first, and each client's outcome. */
  static String releasesText(JsonObject page) {
    StringBuilder out = new StringBuilder();
    JsonArray releases = array(page, "releases");
    if (releases.isEmpty()) {
      return "no release yet\n";
    }
    String row = "%-20s %-8s %-24s %s%n";
    out.append(String.format(row, "release", "channel", "services", "clients"));
    for (JsonElement element : releases) {
      JsonObject release = element.getAsJsonObject();
      List<String> outcomes = new ArrayList<>();
      JsonObject held = object(release, "heldBack");
      List<String> rolledBack = strings(array(release, "autoRollbacks"));
      for (Map.Entry<String, JsonElement> entry : object(release, "clients").entrySet()) {
        StringBuilder outcome = new StringBuilder(entry.getKey()).append(' ').append(entry.getValue().getAsString());
        List<String> services = new ArrayList<>();
        object(held, entry.getKey()).entrySet().forEach(e -> services.add(e.getKey() + ": " + e.getValue().getAsString()));
        if (!services.isEmpty()) {
          outcome.append(" (held back ").append(String.join(", ", services)).append(')');
        }
        if (rolledBack.contains(entry.getKey())) {
          outcome.append(" (auto rollback)");
        }
        outcomes.add(outcome.toString());
      }
      out.append(String.format(row, text(release, "releaseId"), text(release, "channel"),
          String.join(",", strings(array(release, "services"))), outcomes.isEmpty() ? "-" : String.join("; ", outcomes)));
      if (release.has("rollout") && release.get("rollout").isJsonObject()) {
        out.append("  rollout: ").append(rolloutText(release.getAsJsonObject("rollout"))).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * A release's rollout in brief, from the list's {@code rollout}: "wave 2/3 open, soaking 1m20s",
   * "HALTED by essence: essence FAILED in wave 1: FAILURE", "COMPLETE (3 waves)".
   */
  static String rolloutText(JsonObject rollout) {
    String state = text(rollout, "state");
    String waves = text(rollout, "waves");
    if ("HALTED".equals(state)) {
      JsonObject halt = object(rollout, "halt");
      String who = text(halt, "client").isEmpty() ? text(halt, "by") : text(halt, "client");
      return "HALTED by " + who + ": " + text(halt, "reason") + " (wave " + text(rollout, "openWaves") + "/" + waves + " open)";
    }
    if ("COMPLETE".equals(state)) {
      return "COMPLETE (" + waves + " waves)";
    }
    String line = "wave " + text(rollout, "openWaves") + "/" + waves + " open";
    JsonElement soak = rollout.get("soakRemainingSeconds");
    long seconds = soak != null && soak.isJsonPrimitive() && soak.getAsJsonPrimitive().isNumber() ? soak.getAsLong() : 0;
    return seconds > 0 ? line + ", soaking " + duration(seconds) : line;
  }

  /** 80 → "1m20s", 3600 → "1h", 90000 → "1d1h". */
  static String duration(long seconds) {
    StringBuilder text = new StringBuilder();
    long[] parts = {seconds / 86400, seconds % 86400 / 3600, seconds % 3600 / 60, seconds % 60};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] > 0 || (i == parts.length - 1 && text.isEmpty())) {
        text.append(parts[i]).append(units[i]);
      }
    }
    return text.toString();
  }

  /** "pin billing 2026.11.01-0a1b2c3 by ana@x: REFUSED (FAILED pin refused: …)", from one record of {@code commands}. */
  static String commandLine(JsonObject command) {
    StringBuilder line = new StringBuilder(text(command, "command"));
    for (String field : new String[] {"service", "releaseId"}) {
      if (!text(command, field).isEmpty()) {
        line.append(' ').append(text(command, field));
      }
    }
    line.append(" by ").append(text(command, "by")).append(": ").append(text(command, "outcome"));
    String status = text(command, "status");
    String reason = text(command, "outcomeReason");
    if (!status.isEmpty() || !reason.isEmpty()) {
      line.append(" (").append(status).append(reason.isEmpty() ? "" : (status.isEmpty() ? "" : " ") + reason).append(')');
    }
    return line.toString();
  }

  // ---- reading the JSON: a missing or mistyped field reads as empty ----

  private static JsonObject parse(String body) {
    try {
      JsonElement tree = JsonParser.parseString(body);
      if (tree.isJsonObject()) {
        return tree.getAsJsonObject();
      }
    } catch (JsonSyntaxException notJson) {
      // Answered below.
    }
    throw new UserError("release-status answered something that is not a JSON object: "
        + body.substring(0, Math.min(200, body.length())));
  }

  private static String errorOf(String body) {
    try {
      JsonElement tree = JsonParser.parseString(body);
      if (tree.isJsonObject() && tree.getAsJsonObject().has("error")) {
        return tree.getAsJsonObject().get("error").getAsString();
      }
    } catch (RuntimeException notJson) {
      // The body as it is.
    }
    return body;
  }

  private static String text(JsonObject parent, String field) {
    JsonElement value = parent == null ? null : parent.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  private static boolean flag(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean() && value.getAsBoolean();
  }

  private static JsonObject object(JsonObject parent, String field) {
    JsonElement value = parent == null ? null : parent.get(field);
    return value != null && value.isJsonObject() ? value.getAsJsonObject() : new JsonObject();
  }

  private static JsonArray array(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonArray() ? value.getAsJsonArray() : new JsonArray();
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    array.forEach(e -> values.add(e.isJsonPrimitive() ? e.getAsString() : e.toString()));
    return values;
  }

  private static String dash(String value) {
    return value.isEmpty() ? "-" : value;
  }
}
