package com.twosixty.relay.deploy;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.pubsub.OutboxEntry;
import com.twosixty.relay.state.StateEvents;
import com.twosixty.relay.state.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The commands that change what later releases do, and deploy nothing themselves: reject, pin and
 * unpin, freeze and unfreeze. Each records its change and its event (in the outbox, atomically) and
 * reports it as one event, whose id is the command's message id.
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

  /**
   * Validated first ({@link CommandValidation}); what another delivery changed since is answered here.
   *
   * @return whether it was refused (nothing waited any more)
   */
  boolean reject(Command command) {
    String reason = "rejected by " + command.by() + (command.reason().isEmpty() ? "" : ": " + command.reason());
    Optional<DeploymentDocument> result = state.reject(client, command.releaseId(), reason, events.commandMessageId(),
        clock.instant());
    if (result.isEmpty()) {
      events.refuse(command, DeploymentStatus.FAILED, "unknown release " + command.releaseId());
      return true;
    } else if (result.get().hasStatus(DeploymentStatus.SKIPPED) && result.get().reason().equals(reason)) {
      events.recorded(List.of(StateEvents.rejected(client, result.get(), events.commandMessageId())));
      return false;
    }
    events.refuse(command, DeploymentStatus.SKIPPED,
        command.releaseId() + " waits for nothing: its deployment is " + result.get().deploymentStatus());
    return true;
  }

  /** Pin or unpin, validated first ({@link CommandValidation}): a service, and for a pin a release the client has seen. */
  void pin(Command command) {
    boolean pinning = command.command() == CommandType.PIN;
    String reason = pinning
        ? "pinned by " + command.by() + ": " + command.service() + " held at " + command.releaseId()
        : "unpinned by " + command.by() + ": " + command.service() + " follows releases again";
    OutboxEntry announced = events.commandAnswer(command.releaseId(), List.of(command.service()), DeploymentStatus.PLANNED, reason);
    state.setPin(client, command.service(), pinning ? command.releaseId() : "", clock.instant(), announced);
    events.recorded(List.of(announced));
  }

  /** Freeze or unfreeze. */
  void freeze(Command command) {
    boolean freezing = command.command() == CommandType.FREEZE;
    String reason = (freezing ? "frozen by " : "unfrozen by ") + command.by()
        + (command.reason().isEmpty() ? "" : ": " + command.reason());
    OutboxEntry announced = events.commandAnswer(command.releaseId(), List.of(), DeploymentStatus.PLANNED, reason);
    state.setFrozen(client, freezing, command.by(), command.reason(), clock.instant(), announced);
    events.recorded(List.of(announced));
  }
}
