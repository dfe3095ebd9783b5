package com.twosixty.relay.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Reads release-status: per client and service what runs, what was last triggered and the last",
        "event, and the client's last command; with a CLIENT its full record (its commands newest first), with",
        "--releases the releases; --json prints the API's answer."})
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "CLIENT", description = "One client's full record.")
  String client;

  @Option(names = "--releases", description = "List the releases and their fan-out instead.")
  boolean releases;

  @Option(names = "--json", description = "Print release-status's JSON as it answers.")
  boolean json;

  @Option(names = "--url", description = "release-status's URL (with --hub-project).")
  String url;

  @Mixin
  Target target;

  @Override
  public Integer call() {
    String base = target.releaseStatusBase(url);
    if (releases || client != null) {
      Http.Answer answer = Http.get(base + (releases ? "api/releases" : "api/clients/" + client));
      System.out.println(json ? answer.body() : pretty(answer.body()));
      return answer.ok() ? 0 : 1;
    }
    Http.Answer clients = Http.get(base + "api/clients");
    if (!clients.ok() || json) {
      System.out.println(clients.body());
      return clients.ok() ? 0 : 1;
    }
    String row = "%-10s %-8s %-20s %-20s %s%n";
    System.out.printf(row, "client", "service", "runs", "last triggered", "last event");
    for (JsonElement entry : JsonParser.parseString(clients.body()).getAsJsonObject().getAsJsonArray("clients")) {
      String id = entry.getAsJsonObject().get("id").getAsString();
      Http.Answer detail = Http.get(base + "api/clients/" + id);
      if (!detail.ok()) {
        System.out.printf(row, id, "-", "-", "-", "release-status answered " + detail.status());
        continue;
      }
      JsonObject record = JsonParser.parseString(detail.body()).getAsJsonObject();
      if (record.getAsJsonArray("services").isEmpty()) {
        System.out.printf(row, id, "-", "-", "-", "nothing deployed yet");
      }
      for (JsonElement service : record.getAsJsonArray("services")) {
        JsonObject s = service.getAsJsonObject();
        JsonObject last = object(s, "last");
        System.out.printf(row, id, s.get("service").getAsString(), releaseOf(s, "running"), releaseOf(s, "target"),
            last == null ? "-" : last.get("status").getAsString() + " " + last.get("releaseId").getAsString()
                + (last.get("reason").getAsString().isEmpty() ? "" : ": " + last.get("reason").getAsString()));
      }
      JsonElement pending = record.get("pendingApprovals");
      if (pending != null && pending.isJsonArray()) {
        pending.getAsJsonArray().forEach(p -> System.out.printf(row, id, "", "", "",
            "waits for approval: " + p.getAsJsonObject().get("releaseId").getAsString()));
      }
      JsonElement commands = record.get("commands");
      if (commands != null && commands.isJsonArray() && !commands.getAsJsonArray().isEmpty()) {
        System.out.printf(row, id, "", "", "", "last command: " + commandLine(commands.getAsJsonArray().get(0).getAsJsonObject()));
      }
    }
    return 0;
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

  private static String text(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  private static JsonObject object(JsonObject parent, String field) {
    JsonElement value = parent.get(field);
    return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
  }

  private static String releaseOf(JsonObject service, String field) {
    JsonObject version = object(service, field);
    return version == null ? "-" : version.get("releaseId").getAsString();
  }

  private static String pretty(String body) {
    try {
      return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(JsonParser.parseString(body));
    } catch (RuntimeException notJson) {
      return body;
    }
  }
}
