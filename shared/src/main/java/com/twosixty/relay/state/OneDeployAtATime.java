package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One deploy build at a time per client and service, by supersession: a claim that deploys a
 * service overtakes every deployment of that client still in flight (PLANNED, TRIGGERED, STARTED)
 * on any of the same services; client-deployer cancels the overtaken builds through the Cloud Build
 * API before it starts its own. Pure; the {@link StateStore} asks here inside the claim transaction.
 *
 * <ul>
 *   <li>A release never overtakes a deployment that puts a shared service on a release as new or
 *       newer (never downgrade; the planner already skips such a release as not-newer).
 *       A rollback or redeploy, the operator's latest word, overtakes whatever is in flight.
 *   <li>An overtaken deployment's services that the claim does not deploy are carried over into
 *       the claim at the overtaken deployment's versions, so that cancelling its build loses no
 *       service's deploy.
 *   <li>An overtaken deployment still being started (PLANNED, its claimant's lease running) has no
 *       build to cancel yet: the claim waits for it ({@link Claim.Held}).
 * </ul>
 */
public final class OneDeployAtATime {
  public static final String CARRIED_OVER = "carried over from superseded ";

  private OneDeployAtATime() {}

  /** The statuses of a deployment whose build may be starting or running. */
  public static final List<DeploymentStatus> IN_FLIGHT =
      List.of(DeploymentStatus.PLANNED, DeploymentStatus.TRIGGERED, DeploymentStatus.STARTED);

  /**
   * What a claim does to the deployments in flight.
   *
   * @param overtaken the deployments whose builds the claimant cancels before starting its own
   * @param carriedOver services the claim deploys in addition, at the overtaken deployments' versions
   * @param waitFor an overtaken deployment that is still being started, and its claimant's lease
   */
  public record Overtaking(List<DeploymentDocument> overtaken, Map<String, ServiceVersion> carriedOver,
      Optional<DeploymentDocument> waitFor) {
    public Overtaking {
      overtaken = List.copyOf(overtaken);
      carriedOver = Map.copyOf(carriedOver);
    }

    public static final Overtaking NONE = new Overtaking(List.of(), Map.of(), Optional.empty());
  }

  /**
   * @param claimed the deployment being claimed, as planned
   * @param others the client's deployments in flight ({@link #IN_FLIGHT}); the claimed one among them is ignored
   */
  public static Overtaking decide(DeploymentDocument claimed, Collection<DeploymentDocument> others, Instant now) {
    if (claimed.services().isEmpty()) {
      return Overtaking.NONE;
    }
    Set<String> deploys = Set.copyOf(claimed.services());
    List<DeploymentDocument> overtaken = new ArrayList<>();
    Map<String, ServiceVersion> carried = new LinkedHashMap<>();
    for (DeploymentDocument other : others) {
      if (other.deploymentId().equals(claimed.deploymentId()) || !inFlight(other)
          || other.services().stream().noneMatch(deploys::contains) || !overtakes(claimed, other)) {
        continue;
      }
      if (other.hasStatus(DeploymentStatus.PLANNED) && other.leaseUntil() >= now.toEpochMilli()) {
        return new Overtaking(List.of(), Map.of(), Optional.of(other));
      }
      overtaken.add(other);
      for (String service : other.services()) {
        ServiceVersion version = version(other, service);
        ServiceVersion before = carried.get(service);
        if (!deploys.contains(service) && (before == null || version.sequence() > before.sequence())) {
          carried.put(service, version);
        }
      }
    }
    return new Overtaking(overtaken, carried, Optional.empty());
  }

  /** Whether {@code claimed} may cancel {@code other}: never a release's build for one that is not newer. */
  static boolean overtakes(DeploymentDocument claimed, DeploymentDocument other) {
    if (!claimed.isRelease()) {
      return true;
    }
    for (String service : claimed.services()) {
      if (other.services().contains(service) && version(claimed, service).sequence() <= version(other, service).sequence()) {
        return false;
      }
    }
    return true;
  }

  private static boolean inFlight(DeploymentDocument deployment) {
    return IN_FLIGHT.stream().anyMatch(deployment::hasStatus);
  }

  private static ServiceVersion version(DeploymentDocument deployment, String service) {
    ServiceVersion version = deployment.images().get(service);
    return version != null ? version : new ServiceVersion(deployment.releaseId(), deployment.sequence(), "", "");
  }

  /** The claim's plan with the carried-over services deployed too, each with a reason naming where it comes from. */
  public static Plan withCarriedOver(Plan plan, Map<String, ServiceVersion> carriedOver) {
    if (carriedOver.isEmpty()) {
      return plan;
    }
    List<ServiceDecision> decisions = new ArrayList<>();
    for (ServiceDecision decision : plan.decisions()) {
      if (!carriedOver.containsKey(decision.service())) {
        decisions.add(decision);
      }
    }
    carriedOver.forEach((service, version) -> decisions.add(
        new ServiceDecision(service, ServiceDecision.Action.DEPLOY, CARRIED_OVER + version.releaseId())));
    return new Plan(decisions);
  }

  /** The claim's draft with the carried-over services' versions among its candidates. */
  public static DeploymentDraft withCarriedOver(DeploymentDraft draft, Map<String, ServiceVersion> carriedOver) {
    if (carriedOver.isEmpty()) {
      return draft;
    }
    Map<String, ServiceVersion> candidates = new LinkedHashMap<>(draft.candidates());
    candidates.putAll(carriedOver);
    return new DeploymentDraft(draft.deploymentId(), draft.releaseId(), draft.sequence(), draft.kind(), candidates,
        draft.rollsBackFrom());
  }

  /** An overtaken deployment not yet triggered, closed in the claim's transaction so that no redelivery starts it. */
  public static Map<String, Object> closed(DeploymentDocument overtaken, String byRelease, Instant now) {
    return DeploymentDocument.rejected(DeploymentStatus.SKIPPED, Supersession.REASON_PREFIX + byRelease, now);
  }
}
