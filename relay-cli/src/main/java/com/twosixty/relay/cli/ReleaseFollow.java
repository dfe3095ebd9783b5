package com.twosixty.relay.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code push --wait} and {@code release --wait}: follows a release through release-status to every
 * client's outcome, one progress line per change (as {@code argocd app wait} does), then a summary.
 * A client has settled when its status is SUCCEEDED, PARTIAL, FAILED, ROLLED_BACK, SKIPPED or
 * AWAITING_APPROVAL (that one waits for a person: {@code relay approve}).
 */
final class ReleaseFollow {
  static final Set<String> SETTLED = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "ROLLED_BACK", "SKIPPED", "AWAITING_APPROVAL");
  static final Set<String> FAILURES = Set.of("FAILED", "ROLLED_BACK");

  private final StatusApi api;
  private final List<String> clients;
  private final PrintStream out;
  private final Instant started = Instant.now();

  /**
   * @param clients every client the release goes to (each client's deployer answers every release, if only with SKIPPED)
   * @param out progress lines (stderr with --json)
   */
  ReleaseFollow(StatusApi api, List<String> clients, PrintStream out) {
    this.api = api;
    this.clients = List.copyOf(clients);
    this.out = out;
  }

  /** The outcome: the release's detail as release-status last answered it (null if it never appeared). */
  record Outcome(String releaseId, JsonObject detail, boolean settled, boolean failed) {
    int exitCode() {
      return settled && !failed ? 0 : 1;
    }
  }

  /**
   * @param releaseId finds the release's id, empty until it exists (a push's release exists only once its build succeeded)
   * @param what how to name it while waiting for it
   */
  Outcome follow(Supplier<Optional<String>> releaseId, String what, Duration timeout) {
    Instant deadline = started.plus(timeout);
    line("waiting for " + what);
    Optional<String> id = releaseId.get();
    while (id.isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        out.println("relay: " + what + " did not appear in release-status within " + timeout.toSeconds() + " s");
        return new Outcome("", null, false, true);
      }
      Polling.pause();
      id = releaseId.get();
    }
    line("release " + id.get() + " reached Relay; following it to " + String.join(", ", clients));
    Map<String, String> shown = new LinkedHashMap<>();
    JsonObject detail = null;
    while (true) {
      detail = api.release(id.get()).orElse(detail);
      Map<String, String> now = statuses(detail);
      for (Map.Entry<String, String> client : now.entrySet()) {
        if (!client.getValue().equals(shown.get(client.getKey()))) {
          shown.put(client.getKey(), client.getValue());
          JsonObject outcome = StatusApi.clientOutcome(detail, client.getKey()).orElseThrow();
          line(String.format("%-12s %-18s %s", client.getKey(), client.getValue(), services(outcome)));
        }
      }
      boolean settled = clients.stream().allMatch(c -> SETTLED.contains(now.getOrDefault(c, "")));
      if (settled) {
        return summary(id.get(), detail, true);
      }
      if (Instant.now().isAfter(deadline)) {
        List<String> pending = clients.stream().filter(c -> !SETTLED.contains(now.getOrDefault(c, "")))
            .map(c -> c + " " + now.getOrDefault(c, "(nothing yet)")).toList();
        out.println("relay: not settled within " + timeout.toSeconds() + " s: " + String.join(", ", pending));
        return summary(id.get(), detail, false);
      }
      Polling.pause();
    }
  }

  private Outcome summary(String releaseId, JsonObject detail, boolean settled) {
    Map<String, String> statuses = statuses(detail);
    List<String> failed = new ArrayList<>();
    statuses.forEach((client, status) -> {
      if (FAILURES.contains(status)) {
        failed.add(client);
      }
    });
    if (settled) {
      line("release " + releaseId + " settled: " + (failed.isEmpty() ? "no client failed"
          : "FAILED on " + String.join(", ", failed)));
    }
    return new Outcome(releaseId, detail, settled, !failed.isEmpty());
  }

  private static Map<String, String> statuses(JsonObject detail) {
    Map<String, String> statuses = new LinkedHashMap<>();
    for (JsonObject client : StatusApi.objects(detail, "clients")) {
      statuses.put(StatusApi.text(client, "client"), StatusApi.text(client, "status"));
    }
    return statuses;
  }

  /** "billing SUCCEEDED, portal SKIPPED (pinned)" */
  static String services(JsonObject clientOutcome) {
    JsonElement services = clientOutcome.get("services");
    if (services == null || !services.isJsonObject()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonElement> service : services.getAsJsonObject().entrySet()) {
      JsonObject s = service.getValue().getAsJsonObject();
      String reason = StatusApi.text(s, "reason");
      parts.add(service.getKey() + " " + StatusApi.text(s, "status") + (reason.isEmpty() ? "" : " (" + reason + ")"));
    }
    return String.join(", ", parts);
  }

  private void line(String text) {
    out.printf(java.util.Locale.ROOT, "%6.1fs  %s%n", Duration.between(started, Instant.now()).toMillis() / 1000.0, text);
    out.flush();
  }
}
