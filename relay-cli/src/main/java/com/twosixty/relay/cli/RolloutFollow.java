package com.twosixty.relay.cli;

import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits for release-rollout's answer to one rollout command: its record in the release's
 * {@code rollout.commands} ({@code GET /api/releases/{id}}), found by the Pub/Sub message id the
 * gateway answered with (release-rollout records each command it receives under that id, APPLIED or
 * REFUSED with its reason, once).
 */
final class RolloutFollow {

  private RolloutFollow() {}

  /** @return 0 applied, 1 refused or no answer within {@code timeout} */
  static int follow(StatusApi api, String releaseId, String messageId, String what, PrintStream out, boolean json,
      Duration timeout) {
    return follow(api, releaseId, messageId, what, new Streams(System.out, out, System.err), json, timeout);
  }

  /**
   * Where the answer goes: {@code --json}'s record to {@code stdout}, the person's lines to
   * {@code progress} (stdout, or stderr with --json), a refusal or no answer to {@code stderr}.
   */
  record Streams(PrintStream stdout, PrintStream progress, PrintStream stderr) {}

  static int follow(StatusApi api, String releaseId, String messageId, String what, Streams streams, boolean json,
      Duration timeout) {
    PrintStream out = streams.progress();
    Instant deadline = Instant.now().plus(timeout);
    JsonObject release = null;
    Optional<JsonObject> record = Optional.empty();
    while (record.isEmpty() && !Instant.now().isAfter(deadline)) {
      release = api.release(releaseId).orElse(null);
      record = RolloutView.command(release, messageId);
      if (record.isEmpty()) {
        Polling.pause();
      }
    }
    if (record.isEmpty()) {
      streams.stderr().println("relay: " + what + ": no answer from release-rollout within " + timeout.toSeconds()
          + " s (message " + messageId + "); it may still come: relay status --releases");
      return 1;
    }
    JsonObject rollout = RolloutView.of(release).orElseThrow();
    boolean refused = StatusApi.text(record.get(), "outcome").equals("REFUSED");
    if (json) {
      JsonObject both = record.get().deepCopy();
      both.add("rollout", rollout);
      streams.stdout().println(both);
    }
    if (refused) {
      streams.stderr().println("relay: " + what + " refused by release-rollout: " + StatusApi.text(record.get(), "outcomeReason"));
      return 1;
    }
    out.println(what + ": applied (" + RolloutView.commandLine(record.get()) + ")");
    RolloutView.lines(rollout).forEach(out::println);
    return 0;
  }
}
