package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
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
 * When a waiting release can no longer deploy anything. A release waiting for approval is closed
 * once every service it waits for already has a target at its sequence or higher (the planner would
 * skip each as not-newer), or a newer release waits for its wave for it. A release waiting for its
 * wave (WAITING_FOR_WAVE, halted or not) is closed once every service it waits for has been reached
 * by a newer release: a target at its sequence or higher, or a newer release that waits here for its
 * wave or for approval. Either is closed SKIPPED "superseded by" the newest of those releases, and
 * leaves its waiting list; one still waiting for some service nothing newer reached stays open.
 * Conversely a release arriving after a newer one that waits here for its wave skips, as not-newer,
 * each service that newer one waits for ({@link #behindWaiting}). Pure; the {@link StateStore}
 * applies both in the transaction of the claim that planned the newer release.
 */
public final class Supersession {
  public static final String REASON_PREFIX = "superseded by ";

  private Supersession() {}

  /** As {@link #overtakenBy(DeploymentDocument, Map, Collection)}, by targets alone. */
  public static Optional<String> overtakenBy(DeploymentDocument waiting, Map<String, ServiceVersion> targets) {
    return overtakenBy(waiting, targets, List.of());
  }

  /**
   * The release that overtook the waiting deployment, if every service it waits for is overtaken.
   *
   * @param targets the client's targets per service, as they are (or are about to be) stored
   * @param open the client's other deployments still waiting (for approval or their wave), as stored afterwards
   */
  public static Optional<String> overtakenBy(DeploymentDocument waiting, Map<String, ServiceVersion> targets,
      Collection<DeploymentDocument> open) {
    boolean forWave = waiting.hasStatus(DeploymentStatus.WAITING_FOR_WAVE);
    List<String> awaited = awaited(waiting);
    if (!(forWave || waiting.hasStatus(DeploymentStatus.AWAITING_APPROVAL)) || awaited.isEmpty()) {
      return Optional.empty();
    }
    ServiceVersion newest = null;
    for (String service : awaited) {
      ServiceVersion reached = targets.get(service);
      if (reached != null && reached.sequence() < waiting.sequence()) {
        reached = null;
      }
      for (DeploymentDocument other : open) {
        if (other.sequence() <= waiting.sequence() || other.releaseId().equals(waiting.releaseId())) {
          continue;
        }
        boolean waitsForIt = waits(other, service, DeploymentStatus.WAITING_FOR_WAVE, ServiceDecision.Action.WAIT_FOR_WAVE)
            || forWave && waits(other, service, DeploymentStatus.AWAITING_APPROVAL, ServiceDecision.Action.AWAIT_APPROVAL);
        if (waitsForIt && (reached == null || other.sequence() > reached.sequence())) {
          reached = new ServiceVersion(other.releaseId(), other.sequence(), "", "");
        }
      }
      if (reached == null) {
        return Optional.empty();
      }
      if (newest == null || reached.sequence() > newest.sequence()) {
        newest = reached;
      }
    }
    return Optional.of(newest.releaseId());
  }

  private static boolean waits(DeploymentDocument deployment, String service, DeploymentStatus status,
      ServiceDecision.Action action) {
    DeploymentDocument.Decision decision = deployment.decisions().get(service);
    return deployment.hasStatus(status) && decision != null && decision.is(action);
  }

  /** The targets once {@code claimed} is stored: its deployed services move to its versions. */
  public static Map<String, ServiceVersion> targetsAfter(Map<String, ServiceVersion> before, DeploymentDocument claimed) {
    Map<String, ServiceVersion> after = new HashMap<>(before);
    claimed.services().forEach(service -> after.put(service, claimed.images().get(service)));
    return after;
  }

  /**
   * The waiting deployments that {@code claimed} closes, each as it is stored afterwards (SKIPPED,
   * "superseded by …", updated {@code now}). Only a claim that deploys something, or waits for
   * approval or its wave, closes any, and never itself.
   *
   * @param waiting the client's deployments waiting for approval or their wave, as read by the claim
   */
  public static List<DeploymentDocument> closedBy(DeploymentDocument claimed, Collection<DeploymentDocument> waiting,
      Map<String, ServiceVersion> targetsAfter, Instant now) {
    List<DeploymentDocument> closed = new ArrayList<>();
    if (claimed.services().isEmpty() && awaited(claimed).isEmpty()) {
      return closed;
    }
    List<DeploymentDocument> after = new ArrayList<>(waiting.stream()
        .filter(d -> !d.deploymentId().equals(claimed.deploymentId())).toList());
    after.add(claimed);
    for (DeploymentDocument candidate : waiting) {
      if (candidate.deploymentId().equals(claimed.deploymentId())) {
        continue;
      }
      overtakenBy(candidate, targetsAfter, after).ifPresent(newer -> closed.add(
          candidate.after(DeploymentDocument.rejected(DeploymentStatus.SKIPPED, REASON_PREFIX + newer, now))));
    }
    return closed;
  }

  /**
   * A release's own plan, arriving after a newer release that waits here for its wave: each service
   * that newer one waits for is skipped as not-newer (it would otherwise deploy, ask for approval or
   * wait for its wave, and later deploy, an older version than one already on its way), and a
   * service this plan waits for its wave for, that a newer release waits for approval for, too.
   * Every other decision is kept.
   *
   * @param open the client's deployments waiting for approval or their wave (others are ignored)
   */
  public static Plan behindWaiting(Plan plan, String releaseId, long sequence, Collection<DeploymentDocument> open) {
    List<ServiceDecision> decisions = new ArrayList<>();
    boolean changed = false;
    for (ServiceDecision decision : plan.decisions()) {
      String service = decision.service();
      boolean overtaken = decision.action() != ServiceDecision.Action.SKIP && open.stream()
          .filter(other -> other.sequence() > sequence && !other.releaseId().equals(releaseId))
          .anyMatch(other -> waits(other, service, DeploymentStatus.WAITING_FOR_WAVE, ServiceDecision.Action.WAIT_FOR_WAVE)
              || decision.action() == ServiceDecision.Action.WAIT_FOR_WAVE
                  && waits(other, service, DeploymentStatus.AWAITING_APPROVAL, ServiceDecision.Action.AWAIT_APPROVAL));
      decisions.add(overtaken ? ServiceDecision.skip(service, ServiceDecision.NOT_NEWER) : decision);
      changed |= overtaken;
    }
    return changed ? new Plan(decisions) : plan;
  }

  /** The services a waiting deployment waits for (approval or its wave): what its SKIPPED event names when it is closed. */
  public static List<String> awaited(DeploymentDocument deployment) {
    List<String> awaited = new ArrayList<>(deployment.plan().services(ServiceDecision.Action.AWAIT_APPROVAL));
    awaited.addAll(deployment.plan().services(ServiceDecision.Action.WAIT_FOR_WAVE));
    return awaited;
  }
}
