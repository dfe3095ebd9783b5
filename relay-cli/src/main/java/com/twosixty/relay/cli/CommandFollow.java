package com.twosixty.relay.cli;

import com.google.gson.JsonObject;
import com.twosixty.relay.contract.CommandType;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits for client-deployer's answer to one command: its record in the client's audit trail, found by
 * the Pub/Sub message id the gateway answered with (client-deployer records each command under that
 * id: {@code clients/{id}/commands/{messageId}}, outcome APPLIED or REFUSED with the status and reason
 * of the event that answered it). For approve, rollback and redeploy that were applied, it then
 * follows the deployment they started (the release's id for an approve, {@code approve-<messageId>}
 * for an approve of one service, {@code <kind>-<messageId>} for the others) to SUCCEEDED, FAILED or SKIPPED.
 */
final class CommandFollow {

  private final StatusApi api;
  private final String client;
  private final String messageId;
  private final PrintStream out;
  private final Instant deadline;
  private final Duration timeout;

  CommandFollow(StatusApi api, String client, String messageId, PrintStream out, Duration timeout) {
    this.api = api;
    this.client = client;
    this.messageId = messageId;
    this.out = out;
    this.timeout = timeout;
    this.deadline = Instant.now().plus(timeout);
  }

  /** @return 0 applied (and its deployment, if any, did not fail), 1 refused, failed or no answer in time */
  int follow(CommandType type, String releaseId, String service, String what, boolean json) {
    Optional<JsonObject> record = poll(() -> api.client(client).flatMap(detail -> StatusApi.objects(detail, "commands")
        .stream().filter(c -> StatusApi.text(c, "messageId").equals(messageId)).findFirst()));
    if (record.isEmpty()) {
      System.err.println("relay: " + what + ": no answer from " + client + "'s deployer within " + timeout.toSeconds()
          + " s (message " + messageId + "); it may still come: relay status " + client);
      return 1;
    }
    JsonObject command = record.get();
    String status = StatusApi.text(command, "status");
    String reason = StatusApi.text(command, "outcomeReason");
    if (StatusApi.text(command, "outcome").equals("REFUSED")) {
      if (json) {
        System.out.println(command);
      }
      // client-deployer's reason reads "<command> refused: <why>"; the line says the first part already.
      String why = reason.replaceFirst("^" + java.util.regex.Pattern.quote(type.wireName()) + " refused: ", "");
      System.err.println("relay: " + what + " refused by " + client + "'s deployer (" + status + "): " + why);
      return 1;
    }
    out.println(what + ": applied" + (reason.isEmpty() ? " (" + status + ")" : ": " + reason));
    String deploymentId = switch (type) {
      case APPROVE -> service.isEmpty() ? releaseId : "approve-" + messageId;
      case ROLLBACK -> "rollback-" + messageId;
      case REDEPLOY -> "redeploy-" + messageId;
      default -> "";
    };
    if (deploymentId.isEmpty()) {
      if (json) {
        System.out.println(command);
      }
      return 0;
    }
    return followDeployment(deploymentId, command, json);
  }

  private int followDeployment(String deploymentId, JsonObject command, boolean json) {
    String[] shown = {""};
    Optional<JsonObject> ended = poll(() -> {
      Optional<JsonObject> deployment = api.client(client).flatMap(detail -> StatusApi.objects(detail, "recentDeployments")
          .stream().filter(d -> StatusApi.text(d, "deploymentId").equals(deploymentId)).findFirst());
      deployment.ifPresent(d -> {
        String status = StatusApi.text(d, "status");
        if (!status.equals(shown[0])) {
          shown[0] = status;
          out.println("  " + client + " " + deploymentId + ": " + status + line(d));
        }
      });
      return deployment.filter(d -> java.util.Set.of("SUCCEEDED", "FAILED", "SKIPPED", "ROLLED_BACK")
          .contains(StatusApi.text(d, "status")));
    });
    if (json) {
      JsonObject both = command.deepCopy();
      both.add("deployment", ended.isPresent() ? ended.get() : com.google.gson.JsonNull.INSTANCE);
      System.out.println(both);
    }
    if (ended.isEmpty()) {
      System.err.println("relay: deployment " + deploymentId + " on " + client + " did not end within " + timeout.toSeconds()
          + " s (last seen " + (shown[0].isEmpty() ? "nothing" : shown[0]) + "); follow it with relay status " + client);
      return 1;
    }
    return ReleaseFollow.FAILURES.contains(StatusApi.text(ended.get(), "status")) ? 1 : 0;
  }

  private static String line(JsonObject deployment) {
    String reason = StatusApi.text(deployment, "reason");
    String log = StatusApi.text(deployment, "logUrl");
    return (reason.isEmpty() ? "" : " (" + reason + ")") + (log.isEmpty() ? "" : "  log: " + log);
  }

  private <T> Optional<T> poll(java.util.function.Supplier<Optional<T>> look) {
    while (true) {
      Optional<T> found = look.get();
      if (found.isPresent() || Instant.now().isAfter(deadline)) {
        return found;
      }
      Polling.pause();
    }
  }
}
