package com.twosixty.relay.deploy;

import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.pubsub.EventPublisher;
import java.time.Clock;
import java.util.List;

/** One client's {@code relay.deployment/v1} events on the deployments topic, ordered by the client's id. */
final class DeploymentEvents {
  private final String client;
  private final EventPublisher publisher;
  private final String topic;
  private final Clock clock;

  DeploymentEvents(String client, EventPublisher publisher, String topic, Clock clock) {
    this.client = client;
    this.publisher = publisher;
    this.topic = topic;
    this.clock = clock;
  }

  /** Publishes one event now; a decision without a release (a freeze, say) is reported as release "none". */
  void publish(String releaseId, List<String> services, DeploymentStatus status, String reason, String buildId) {
    publisher.publish(topic, new DeploymentEvent(client, releaseId.isEmpty() ? "none" : releaseId, services,
        status, reason, buildId, "",
        clock.instant().toString()), client);
  }
}
