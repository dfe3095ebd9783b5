package com.twosixty.relay.metrics;

import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The outcomes one recorded deployment event makes, one per service; pure. */
public final class DeployOutcomes {
  private DeployOutcomes() {}

  /** Whether an event ends a deploy (and so is counted): SUCCEEDED or FAILED. */
  public static boolean ends(DeploymentStatus status) {
    return status == DeploymentStatus.SUCCEEDED || status == DeploymentStatus.FAILED;
  }

  /**
   * @param servicesBefore the services' documents as they were before this event
   * @param commitTime the release's commit time, for a release deploy that SUCCEEDED
   */
  public static List<DeployOutcome> of(DeploymentEvent event, DeploymentKind kind, DeploymentDocument deployment,
      Map<String, ServiceDocument> servicesBefore, Optional<Instant> commitTime) {
    if (!ends(event.status())) {
      return List.of();
    }
    Optional<Instant> at = instant(event.at());
    if (at.isEmpty()) {
      return List.of();
    }
    Instant requestedAt = instant(deployment.createdAt()).orElse(at.get());
    boolean succeeded = event.status() == DeploymentStatus.SUCCEEDED;
    List<DeployOutcome> outcomes = new ArrayList<>();
    for (String service : event.services()) {
      boolean rolledBackChange = false;
      if (kind == DeploymentKind.ROLLBACK && succeeded) {
        Optional<ServiceVersion> running = Optional.ofNullable(servicesBefore.get(service))
            .flatMap(ServiceDocument::runningVersion);
        Optional<ServiceVersion> target = Optional.ofNullable(deployment.images().get(service));
        // Back from a release that runs: a change that had deployed and is taken back. After a FAILED
        // deploy the rollback returns to what still runs, which is no second failure.
        rolledBackChange = running.isPresent() && target.isPresent()
            && !running.get().releaseId().equals(target.get().releaseId());
      }
      outcomes.add(new DeployOutcome(service, kind, event.status(), at.get(),
          kind == DeploymentKind.RELEASE && succeeded ? commitTime : Optional.empty(), rolledBackChange, requestedAt));
    }
    return outcomes;
  }

  private static Optional<Instant> instant(String value) {
    try {
      return value == null || value.isEmpty() ? Optional.empty() : Optional.of(java.time.OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
