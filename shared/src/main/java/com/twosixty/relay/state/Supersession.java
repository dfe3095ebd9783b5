package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a release waiting for approval can no longer deploy anything: every service it waits for
 * already has a target at its sequence or higher (the planner would skip each as not-newer). Such a
 * release is closed, SKIPPED "superseded by" the newest of those targets, and leaves the waiting
 * list. A release still waiting for some service that nothing newer has reached stays open. Pure;
 * the {@link StateStore} closes them in the transaction of the claim that moved the targets.
 */
public final class Supersession {
  public static final String REASON_PREFIX = "superseded by ";

  private Supersession() {}

  /**
   * The release that overtook the waiting deployment, if every service it waits for is overtaken.
   *
   * @param targets the client's targets per service, as they are (or are about to be) stored
   */
  public static Optional<String> overtakenBy(DeploymentDocument waiting, Map<String, ServiceVersion> targets) {
    List<String> awaited = waiting.plan().services(ServiceDecision.Action.AWAIT_APPROVAL);
    if (!waiting.hasStatus(DeploymentStatus.AWAITING_APPROVAL) || awaited.isEmpty()) {
      return Optional.empty();
    }
    ServiceVersion newest = null;
    for (String service : awaited) {
      ServiceVersion target = targets.get(service);
      if (target == null || target.sequence() < waiting.sequence()) {
        return Optional.empty();
      }
      if (newest == null || target.sequence() > newest.sequence()) {
        newest = target;
      }
    }
    return Optional.of(newest.releaseId());
  }

  /** The targets once {@code claimed} is stored: its deployed services move to its versions. */
  public static Map<String, ServiceVersion> targetsAfter(Map<String, ServiceVersion> before, DeploymentDocument claimed) {
    Map<String, ServiceVersion> after = new HashMap<>(before);
    claimed.services().forEach(service -> after.put(service, claimed.images().get(service)));
    return after;
  }

  /**
   * The waiting deployments that {@code claimed} closes, each as it is stored afterwards (SKIPPED,
   * "superseded by …", updated {@code now}). Only a claim that deploys something closes any, and never itself.
   */
  public static List<DeploymentDocument> closedBy(DeploymentDocument claimed, Collection<DeploymentDocument> waiting,
      Map<String, ServiceVersion> targetsAfter, Instant now) {
    List<DeploymentDocument> closed = new ArrayList<>();
    if (claimed.services().isEmpty()) {
      return closed;
    }
    for (DeploymentDocument candidate : waiting) {
      if (candidate.deploymentId().equals(claimed.deploymentId())) {
        continue;
      }
      overtakenBy(candidate, targetsAfter).ifPresent(newer -> closed.add(
          candidate.after(DeploymentDocument.rejected(DeploymentStatus.SKIPPED, REASON_PREFIX + newer, now))));
    }
    return closed;
  }

  /** The services a waiting deployment waits for: what its SKIPPED event names when it is closed. */
  public static List<String> awaited(DeploymentDocument deployment) {
    return deployment.plan().services(ServiceDecision.Action.AWAIT_APPROVAL);
  }
}
