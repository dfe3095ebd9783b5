package com.twosixty.relay.cli;

import com.google.gson.JsonObject;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.local.LocalMonorepo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator command can be checked for before it is sent, in the words client-deployer's
 * refusals use (README, client-deployer): the client file, the service, and through release-status
 * the release and whether it waits for this client's approval. client-deployer checks again when
 * the command arrives (things change in between); these checks only spare a round trip and a record.
 */
final class CommandChecks {
  private CommandChecks() {}

  static void check(CommandType type, String client, String releaseId, String service, Optional<StatusApi> status) {
    Map<String, ClientDefinition> clients = Following.clients();
    ClientDefinition definition = clients.get(client);
    if (definition == null) {
      throw new UserError("unknown client '" + client + "': clients/ has " + String.join(", ", clients.keySet()));
    }
    if (!service.isEmpty()) {
      List<String> monorepo = LocalMonorepo.layout().serviceNames();
      if (!monorepo.contains(service)) {
        throw new UserError("unknown service '" + service + "': the monorepo's services are " + String.join(", ", monorepo));
      }
      if (!definition.runs(service)) {
        throw new UserError(service + " is not run by " + client + " (it runs " + String.join(", ", definition.services()) + ")");
      }
    }
    if (status.isEmpty() || releaseId.isEmpty()) {
      return;
    }
    JsonObject release = status.get().release(releaseId).orElseThrow(() -> new UserError(
        "unknown release " + releaseId + ": Relay has stored no such release (relay status --releases lists them)"));
    List<String> carried = StatusApi.releaseServices(release);
    Optional<JsonObject> here = StatusApi.clientOutcome(release, client);
    switch (type) {
      case APPROVE, REJECT -> {
        boolean waiting = status.get().client(client).map(detail -> StatusApi.objects(detail, "pendingApprovals").stream()
            .anyMatch(p -> StatusApi.text(p, "releaseId").equals(releaseId))).orElse(false);
        if (!waiting) {
          throw new UserError(releaseId + " waits for nothing on " + client + ": " + here
              .map(c -> "its deployment is " + StatusApi.text(c, "status") + describe(c))
              .orElse("it was not planned for " + client) + "; nothing to " + type.wireName());
        }
        if (!service.isEmpty()) {
          if (!carried.contains(service)) {
            throw new UserError("release " + releaseId + " does not contain " + service + " (it carries "
                + String.join(", ", carried) + ")");
          }
          String serviceStatus = here.map(c -> c.getAsJsonObject("services")).filter(s -> s.has(service))
              .map(s -> StatusApi.text(s.getAsJsonObject(service), "status")).orElse("");
          if (!serviceStatus.equals("AWAITING_APPROVAL")) {
            throw new UserError(releaseId + " waits for nothing from " + service + " on " + client + ": " + service + " is "
                + (serviceStatus.isEmpty() ? "not planned" : serviceStatus) + "; nothing to " + type.wireName());
          }
        }
      }
      case PIN -> {
        if (!carried.contains(service)) {
          throw new UserError("release " + releaseId + " does not contain " + service + " (it carries "
              + String.join(", ", carried) + ")");
        }
        if (here.isEmpty()) {
          throw new UserError("release " + releaseId + " has not been seen by " + client + ": pin to a release it received");
        }
      }
      case REDEPLOY -> {
        if (!service.isEmpty() && !carried.contains(service)) {
          throw new UserError("release " + releaseId + " does not contain " + service + " (it carries "
              + String.join(", ", carried) + ")");
        }
        if (carried.stream().noneMatch(definition::runs)) {
          throw new UserError("release " + releaseId + " has no service " + client + " runs (it carries "
              + String.join(", ", carried) + ")");
        }
      }
      default -> { }
    }
  }

  /** " (billing SKIPPED (pinned), portal SUCCEEDED)" */
  private static String describe(JsonObject clientOutcome) {
    String services = ReleaseFollow.services(clientOutcome);
    return services.isEmpty() ? "" : " (" + services + ")";
  }
}
