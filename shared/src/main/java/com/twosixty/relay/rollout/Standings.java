package com.twosixty.relay.rollout;

import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.ServiceDecision;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * A client's standing with a release from its deployment of it ({@code clients/{client}/deployments/{releaseId}}),
 * pure. A status this version does not know holds the wave (IN_FLIGHT): a gate never opens on what it cannot read.
 */
public final class Standings {
  private Standings() {}

  public static ClientStanding of(String client, int wave, Optional<DeploymentDocument> deployment) {
    if (deployment.isEmpty()) {
      return ClientStanding.unseen(client, wave);
    }
    DeploymentDocument d = deployment.get();
    Standing standing = d.knownStatus().map(status -> switch (status) {
      case PLANNED, TRIGGERED, STARTED, HALTED -> Standing.IN_FLIGHT;
      case AWAITING_APPROVAL -> Standing.AWAITING_APPROVAL;
      case WAITING_FOR_WAVE -> Standing.WAITING_FOR_WAVE;
      case SUCCEEDED -> Standing.SUCCEEDED;
      case FAILED -> Standing.FAILED;
      case ROLLED_BACK -> Standing.ROLLED_BACK;
      case SKIPPED -> frozen(d) ? Standing.FROZEN : overtaken(d) ? Standing.SUPERSEDED : Standing.NOT_TAKING;
    }).orElse(Standing.IN_FLIGHT);
    return new ClientStanding(client, wave, standing, time(d.updatedAt()), d.reason());
  }

  /** Skipped, and at least one service only because the client was frozen: it would have taken it otherwise. */
  private static boolean frozen(DeploymentDocument d) {
    return d.decisions().values().stream()
        .anyMatch(decision -> decision.is(ServiceDecision.Action.SKIP) && ServiceDecision.FROZEN.equals(decision.reason()));
  }

  /** Skipped as superseded, or every service skipped only as not newer than what the client already has. */
  private static boolean overtaken(DeploymentDocument d) {
    if (d.reason().startsWith(com.twosixty.relay.state.Supersession.REASON_PREFIX)) {
      return true;
    }
    List<DeploymentDocument.Decision> skipped = d.decisions().values().stream()
        .filter(decision -> decision.is(ServiceDecision.Action.SKIP)).toList();
    boolean deployedOrAsked = d.decisions().values().stream().anyMatch(decision -> !decision.is(ServiceDecision.Action.SKIP));
    return !deployedOrAsked && skipped.stream().anyMatch(decision -> ServiceDecision.NOT_NEWER.equals(decision.reason()))
        && skipped.stream().allMatch(decision -> ServiceDecision.NOT_NEWER.equals(decision.reason())
            || ServiceDecision.NOT_RUN_BY_CLIENT.equals(decision.reason()) || ServiceDecision.PINNED.equals(decision.reason())
            || ServiceDecision.CHANNEL.equals(decision.reason()));
  }

  private static Instant time(String stored) {
    try {
      return stored.isBlank() ? Instant.EPOCH : Instant.parse(stored);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
