package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.pubsub.EventIds;
import com.twosixty.relay.pubsub.OutboxEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The events client-deployer's state changes announce, derived from the documents as they are
 * stored: the {@link StateStore} writes them to the outbox in the change's transaction, and the
 * coordinator derives the same entries from what the store returned. Pure. Each event's {@code at}
 * and id come from the changed document's {@code updatedAt}.
 */
public final class StateEvents {
  private StateEvents() {}

  /** A new event of {@code client}; a decision without a release (a freeze, say) is on release "none". */
  public static DeploymentEvent event(String client, String releaseId, List<String> services, DeploymentStatus status,
      String reason, String buildId, String at) {
    return new DeploymentEvent(client, releaseId.isEmpty() ? "none" : releaseId, services, status, reason, buildId, "", at);
  }

  /**
   * What a claim announces: first one SKIPPED per waiting release it closed ({@link Supersession},
   * on the services they waited for) and per overtaken deployment it closed before its build
   * started ({@link OneDeployAtATime}); then, for a new deployment ({@link Claim.Planned}), ROLLED_BACK
   * per release deployment a rollback marked ({@link Rollbacks}, on the services it moved off that
   * release), SKIPPED on
   * the services it skips, AWAITING_APPROVAL on those that wait for approval and WAITING_FOR_WAVE on
   * those that wait for their wave (one that waited, planned again, counts as new). A deployment planned again on
   * approval ({@link Claim.Resumed}) announces itself by its build; a duplicate or held claim, nothing.
   */
  public static List<OutboxEntry> claimed(String client, Claim claim) {
    List<OutboxEntry> entries = new ArrayList<>();
    List<DeploymentDocument> superseded = claim instanceof Claim.Planned p ? p.superseded()
        : claim instanceof Claim.Resumed r ? r.superseded() : List.of();
    for (DeploymentDocument closed : superseded) {
      entries.add(entry(client, closed, Supersession.awaited(closed), DeploymentStatus.SKIPPED, closed.reason()));
    }
    List<DeploymentDocument> overtaken = claim instanceof Claim.Planned p ? p.overtaken()
        : claim instanceof Claim.Resumed r ? r.overtaken() : List.of();
    for (DeploymentDocument older : overtaken) {
      // Closed by the claim (OneDeployAtATime.closed): it never recorded a build, so no build
      // notification will report it. Dated by the claim, so that its id differs from the SKIPPED
      // the older deployment may have announced when it was planned.
      if (older.hasStatus(DeploymentStatus.PLANNED)) {
        DeploymentDocument claimed = claimedDeployment(claim);
        String at = claimed.updatedAt().isBlank() ? older.updatedAt() : claimed.updatedAt();
        DeploymentDocument closed = older.after(OneDeployAtATime.closed(older, claimed.releaseId(), java.time.Instant.parse(at)));
        entries.add(entry(client, closed, closed.services(), DeploymentStatus.SKIPPED, closed.reason()));
      }
    }
    if (!(claim instanceof Claim.Planned planned)) {
      return entries;
    }
    for (Rollbacks.Marked marked : planned.rolledBack()) {
      DeploymentDocument rolledBack = marked.deployment();
      entries.add(entry(client, rolledBack, marked.services(), DeploymentStatus.ROLLED_BACK, rolledBack.reason()));
    }
    DeploymentDocument deployment = planned.deployment();
    Plan plan = deployment.plan();
    List<String> skipped = plan.services(ServiceDecision.Action.SKIP);
    if (!skipped.isEmpty()) {
      entries.add(entry(client, deployment, skipped, DeploymentStatus.SKIPPED, plan.skipSummary()));
    }
    List<String> awaiting = plan.services(ServiceDecision.Action.AWAIT_APPROVAL);
    if (!awaiting.isEmpty()) {
      entries.add(entry(client, deployment, awaiting, DeploymentStatus.AWAITING_APPROVAL, "approval required"));
    }
    List<String> waiting = plan.services(ServiceDecision.Action.WAIT_FOR_WAVE);
    if (!waiting.isEmpty()) {
      entries.add(entry(client, deployment, waiting, DeploymentStatus.WAITING_FOR_WAVE, plan.waveWait()));
    }
    return entries;
  }

  private static DeploymentDocument claimedDeployment(Claim claim) {
    return claim instanceof Claim.Planned p ? p.deployment() : ((Claim.Resumed) claim).deployment();
  }

  /** A deployment failed before its build started: FAILED on its services. */
  public static OutboxEntry failed(String client, DeploymentDocument failed) {
    return entry(client, failed, failed.services(), DeploymentStatus.FAILED, failed.reason());
  }

  /** A waiting release rejected: SKIPPED on the services it waited for, id from the command's message. */
  public static OutboxEntry rejected(String client, DeploymentDocument rejected, String commandMessageId) {
    return new OutboxEntry(EventIds.command(client, commandMessageId), event(client, rejected.releaseId(),
        Supersession.awaited(rejected), DeploymentStatus.SKIPPED, rejected.reason(), "", rejected.updatedAt()));
  }

  private static OutboxEntry entry(String client, DeploymentDocument changed, List<String> services,
      DeploymentStatus status, String reason) {
    return new OutboxEntry(EventIds.stateChange(client, changed.deploymentId(), status, changed.updatedAt()),
        event(client, changed.releaseId(), services, status, reason, "", changed.updatedAt()));
  }
}
