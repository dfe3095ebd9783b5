package com.twosixty.relay.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.twosixty.relay.contract.CommandType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A release's rollout as release-status serves it ({@code GET /api/releases/{id}}, field
 * {@code rollout}: state, halt, waves with their clients, and the audit of rollout commands, newest
 * first), read for {@code relay promote|halt|resume}: what can be checked before sending, the
 * command's answer found by its message id, and the lines a person reads. Pure: no HTTP, no clock.
 */
final class RolloutView {
  private RolloutView() {}

  /** The release's rollout, absent when the hub's policy has one wave (nothing rolls out in waves). */
  static Optional<JsonObject> of(JsonObject releaseDetail) {
    JsonElement rollout = releaseDetail == null ? null : releaseDetail.get("rollout");
    return rollout != null && rollout.isJsonObject() ? Optional.of(rollout.getAsJsonObject()) : Optional.empty();
  }

  /**
   * The checks release-rollout makes too (README: Waves), made first so that a command it would
   * refuse is not sent: the rollout exists (the hub has waves), halt of a halted rollout, resume of
   * one not halted, promote of a halted one or of one whose every wave is open.
   *
   * @throws UserError what is wrong, in release-rollout's words
   */
  static void check(CommandType type, String releaseId, JsonObject releaseDetail) {
    JsonObject rollout = of(releaseDetail).orElseThrow(() -> new UserError("release " + releaseId + " has no rollout: "
        + "the hub has no waves (RELAY_ROLLOUT has one wave, every client takes a release at once), so there is "
        + "nothing to " + type.wireName() + " (locally: relay up --waves 3)"));
    boolean halted = StatusApi.text(rollout, "state").equals("HALTED");
    String refusal = switch (type) {
      case HALT -> halted ? "already halted: " + haltLine(rollout) : "";
      case RESUME -> halted ? "" : "not halted (its rollout is " + StatusApi.text(rollout, "state") + ")";
      case PROMOTE -> halted ? "halted: resume it first (" + haltLine(rollout) + ")"
          : nextClosedWave(rollout).isEmpty() ? "every wave is open" : "";
      default -> throw new IllegalArgumentException(type + " is not a rollout's command");
    };
    if (!refusal.isEmpty()) {
      throw new UserError(type.wireName() + " " + releaseId + ": " + refusal + "; nothing sent");
    }
  }

  /** The first wave not opened yet, the one a promote lets start. */
  static Optional<Integer> nextClosedWave(JsonObject rollout) {
    return StatusApi.objects(rollout, "waves").stream()
        .filter(w -> StatusApi.text(w, "openedAt").isEmpty() && !List.of("OPEN", "SOAKING", "DONE").contains(StatusApi.text(w, "state")))
        .map(w -> w.get("wave").getAsInt()).findFirst();
  }

  /** The audit record of the rollout command the gateway published as {@code messageId}. */
  static Optional<JsonObject> command(JsonObject releaseDetail, String messageId) {
    return of(releaseDetail).flatMap(rollout -> StatusApi.objects(rollout, "commands").stream()
        .filter(c -> StatusApi.text(c, "messageId").equals(messageId)).findFirst());
  }

  /** "essence: FAILED in wave 1 (by release-rollout at …)", what the halt names. */
  static String haltLine(JsonObject rollout) {
    JsonElement element = rollout.get("halt");
    if (element == null || !element.isJsonObject()) {
      return "halted";
    }
    JsonObject halt = element.getAsJsonObject();
    String client = StatusApi.text(halt, "client");
    String reason = StatusApi.text(halt, "reason");
    String by = StatusApi.text(halt, "by");
    String at = StatusApi.text(halt, "at");
    return "halted" + (client.isEmpty() ? "" : " on " + client) + (reason.isEmpty() ? "" : ": " + reason)
        + (by.isEmpty() ? "" : " (by " + by + (at.isEmpty() ? "" : " at " + at) + ")");
  }

  /**
   * The rollout as a few lines: its state (and halt), then one line per wave with its state, soak
   * and what it waits for, and its clients with their status.
   * <pre>
   * rollout HALTED: halted on essence: essence FAILED in wave 1 (by release-rollout at 2026-12-07T10:00:05Z)
   *   wave 1  OPEN     essence FAILED
   *   wave 2  HALTED   northwind WAITING_FOR_WAVE
   *   wave 3  HALTED   acme (nothing yet)
   * </pre>
   */
  static List<String> lines(JsonObject rollout) {
    List<String> lines = new ArrayList<>();
    String state = StatusApi.text(rollout, "state");
    lines.add("rollout " + state + (state.equals("HALTED") ? ": " + haltLine(rollout) : ""));
    for (JsonObject wave : StatusApi.objects(rollout, "waves")) {
      String clients = StatusApi.objects(wave, "clients").stream()
          .map(c -> StatusApi.text(c, "client") + " " + (StatusApi.text(c, "status").isEmpty() ? "(nothing yet)" : StatusApi.text(c, "status")))
          .collect(Collectors.joining(", "));
      List<String> notes = new ArrayList<>();
      long soak = wave.has("soakRemainingSeconds") && wave.get("soakRemainingSeconds").isJsonPrimitive()
          ? wave.get("soakRemainingSeconds").getAsLong() : 0;
      if (soak > 0) {
        notes.add("soak " + soak + " s left" + (StatusApi.text(wave, "soakEndsAt").isEmpty() ? "" : ", until " + StatusApi.text(wave, "soakEndsAt")));
      }
      if (wave.has("promoted") && wave.get("promoted").isJsonPrimitive() && wave.get("promoted").getAsBoolean()) {
        notes.add("promoted");
      }
      if (!StatusApi.text(wave, "waitingFor").isEmpty()) {
        notes.add("waits for " + StatusApi.text(wave, "waitingFor"));
      }
      lines.add(String.format("  wave %-2s %-8s %s%s", StatusApi.text(wave, "wave"), StatusApi.text(wave, "state"),
          clients.isEmpty() ? "(no client)" : clients, notes.isEmpty() ? "" : "  [" + String.join("; ", notes) + "]"));
    }
    return lines;
  }

  /** A rollout command's audit record as one line: "halt by oncall@…: APPLIED" or "…: REFUSED (not halted)". */
  static String commandLine(JsonObject record) {
    String reason = StatusApi.text(record, "reason");
    String outcomeReason = StatusApi.text(record, "outcomeReason");
    return StatusApi.text(record, "command") + " by " + StatusApi.text(record, "by")
        + (reason.isEmpty() ? "" : " (\"" + reason + "\")") + ": " + StatusApi.text(record, "outcome")
        + (outcomeReason.isEmpty() ? "" : " (" + outcomeReason + ")");
  }
}
