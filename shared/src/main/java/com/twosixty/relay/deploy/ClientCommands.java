package com.twosixty.relay.deploy;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.state.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The commands that change what later releases do, and deploy nothing themselves: reject, pin and
 * unpin, freeze and unfreeze. Each records its change and reports it as one event.
 */
final class ClientCommands {
  private final String client;
  private final StateStore state;
  private final DeploymentEvents events;
  private final Clock clock;

  ClientCommands(String client, StateStore state, DeploymentEvents events, Clock clock) {
    this.client = client;
    this.state = state;
    this.events = events;
    this.clock = clock;
  }

  void reject(Command command) {
    String reason = "rejected by " + command.by() + (command.reason().isEmpty() ? "" : ": " + command.reason());
    Optional<DeploymentDocument> result = state.reject(client, command.releaseId(), reason, clock.instant());
    if (result.isEmpty()) {
      events.publish(command.releaseId(), List.of(), DeploymentStatus.FAILED, "reject: unknown release " + command.releaseId(), "");
    } else if (result.get().hasStatus(DeploymentStatus.SKIPPED) && result.get().reason().equals(reason)) {
      events.publish(command.releaseId(), result.get().plan().services(ServiceDecision.Action.AWAIT_APPROVAL), DeploymentStatus.SKIPPED, reason, "");
    } else {
      events.publish(command.releaseId(), result.get().services(), result.get().deploymentStatus(),
          "reject by " + command.by() + ": nothing waits for approval, deployment is " + result.get().deploymentStatus(), result.get().buildId());
    }
  }

  /** Pin or unpin. */
  void pin(Command command) {
    if (command.allServices()) {
      events.publish(command.releaseId(), List.of(), DeploymentStatus.FAILED, command.command().wireName() + ": a service is required", "");
      return;
    }
    boolean pinning = command.command() == CommandType.PIN;
    if (pinning && command.releaseId().isEmpty()) {
      events.publish("", List.of(command.service()), DeploymentStatus.FAILED, "pin: a releaseId is required", "");
      return;
    }
    state.setPin(client, command.service(), pinning ? command.releaseId() : "", clock.instant());
    String reason = pinning
        ? "pinned by " + command.by() + ": " + command.service() + " held at " + command.releaseId()
        : "unpinned by " + command.by() + ": " + command.service() + " follows releases again";
    events.publish(command.releaseId(), List.of(command.service()), DeploymentStatus.PLANNED, reason, "");
  }

  /** Freeze or unfreeze. */
  void freeze(Command command) {
    boolean freezing = command.command() == CommandType.FREEZE;
    state.setFrozen(client, freezing, command.by(), command.reason(), clock.instant());
    String reason = (freezing ? "frozen by " : "unfrozen by ") + command.by()
        + (command.reason().isEmpty() ? "" : ": " + command.reason());
    events.publish(command.releaseId(), List.of(), DeploymentStatus.PLANNED, reason, "");
  }
}
