package com.twosixty.relay.deploy;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.pubsub.EventPublisher;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/** One client's {@code relay.deployment/v1} events on the deployments topic, ordered by the client's id. */
final class DeploymentEvents {
  private static final StructuredLog LOG = StructuredLog.forComponent("client-deployer");

  private final String client;
  private final EventPublisher publisher;
  private final String topic;
  private final Clock clock;
  private final Consumer<DeploymentEvent> observer;

  DeploymentEvents(String client, EventPublisher publisher, String topic, Clock clock) {
    this(client, publisher, topic, clock, event -> {});
  }

  private DeploymentEvents(String client, EventPublisher publisher, String topic, Clock clock,
      Consumer<DeploymentEvent> observer) {
    this.client = client;
    this.publisher = publisher;
    this.topic = topic;
    this.clock = clock;
    this.observer = observer;
  }

  /** The same events, each also handed to {@code observer} once published (a command's answers, for its record). */
  DeploymentEvents observedBy(Consumer<DeploymentEvent> observer) {
    return new DeploymentEvents(client, publisher, topic, clock, observer);
  }

  /** Publishes one event now; a decision without a release (a freeze, say) is reported as release "none". */
  void publish(String releaseId, List<String> services, DeploymentStatus status, String reason, String buildId) {
    DeploymentEvent event = new DeploymentEvent(client, releaseId.isEmpty() ? "none" : releaseId, services,
        status, reason, buildId, "",
        clock.instant().toString());
    publisher.publish(topic, event, client);
    observer.accept(event);
  }

  /**
   * Answers a command that changes nothing: one event, reason "{@code <command> refused: <why>}", on
   * the command's release and service (none when it names none), and one WARN line. FAILED when the
   * command cannot be carried out as sent, SKIPPED when it is valid but has nothing to do.
   */
  void refuse(Command command, DeploymentStatus status, String why) {
    String reason = command.command().wireName() + " refused: " + why;
    publish(command.releaseId(), command.allServices() ? List.of() : List.of(command.service()), status, reason, "");
    LOG.warn("command refused: " + why, "client", client, "command", command.command().wireName(),
        "releaseId", command.releaseId(), "service", command.service(), "by", command.by(), "status", status.name());
  }
}
