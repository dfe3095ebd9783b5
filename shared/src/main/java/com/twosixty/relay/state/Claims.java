package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The claim rules, apart from any store: what a delivery may do with a deployment that may already
 * exist. Pure; a {@link StateStore} reads the deployment and its lease, asks here, and writes what
 * follows inside its own transaction.
 */
public final class Claims {
  private Claims() {}

  /**
   * What a claim finds, before any planning.
   *
   * @param existing the deployment as stored, if it is
   * @param leaseUntil when its claimant's lease ends ({@link Instant#EPOCH} when it holds none)
   * @param approving the claim comes from an approve command
   * @return empty when the caller plans (a new deployment, or one that waits for approval and is
   *     being approved); otherwise the claim itself: {@link Claim.Resumed} (the caller renews the
   *     lease and takes it over: planned, but its claimant's lease ran out before it triggered),
   *     {@link Claim.Held} (planned, and another claimant's lease still runs) or
   *     {@link Claim.Duplicate} (someone has it or had it)
   */
  public static Optional<Claim> decide(Optional<DeploymentDocument> existing, Instant leaseUntil, Instant now, boolean approving) {
    if (existing.isEmpty()) {
      return Optional.empty();
    }
    DeploymentDocument stored = existing.get();
    boolean leaseOver = leaseUntil.toEpochMilli() < now.toEpochMilli();
    if (stored.hasStatus(DeploymentStatus.PLANNED) && leaseOver) {
      return Optional.of(new Claim.Resumed(stored));
    }
    if (stored.hasStatus(DeploymentStatus.PLANNED)) {
      return Optional.of(new Claim.Held(stored, leaseUntil));
    }
    if (stored.hasStatus(DeploymentStatus.WAITING_FOR_WAVE)) {
      return Optional.empty(); // planned again: its wave may have opened ({@link #stillWaiting})
    }
    if (!(approving && stored.hasStatus(DeploymentStatus.AWAITING_APPROVAL))) {
      return Optional.of(new Claim.Duplicate(stored));
    }
    return Optional.empty();
  }

  /**
   * A deployment waiting for its wave, planned again, that still waits for the same thing: nothing
   * changes and nothing is announced (a duplicate), however often the release or a wake-up arrives.
   */
  public static boolean stillWaiting(Optional<DeploymentDocument> stored, com.twosixty.relay.planner.Plan plan) {
    return stored.isPresent() && stored.get().hasStatus(DeploymentStatus.WAITING_FOR_WAVE)
        && plan.status() == DeploymentStatus.WAITING_FOR_WAVE && plan.equals(stored.get().plan());
  }

  /**
   * Whether a claim of a deployment that existed is reported as {@link Claim.Resumed}: not one that
   * waited for its wave, which is planned as if new ({@link Claim.Planned}: it announces what it skips,
   * what waits for approval, and triggers without looking for a build nobody started).
   */
  public static boolean resumes(Optional<DeploymentDocument> stored) {
    return stored.isPresent() && !stored.get().hasStatus(DeploymentStatus.WAITING_FOR_WAVE);
  }

  /**
   * The claim of a deployment the caller has just planned: {@link Claim.Planned} when it is new,
   * {@link Claim.Resumed} when it existed and was planned again (an approval).
   */
  public static Claim planned(boolean existed, DeploymentDocument deployment) {
    return planned(existed, deployment, List.of());
  }

  /** As {@link #planned(boolean, DeploymentDocument)}, with the waiting deployments its plan closed. */
  public static Claim planned(boolean existed, DeploymentDocument deployment, List<DeploymentDocument> superseded) {
    return planned(existed, deployment, superseded, List.of());
  }

  /** As above, with the deployments in flight whose builds it overtakes ({@link OneDeployAtATime}). */
  public static Claim planned(boolean existed, DeploymentDocument deployment, List<DeploymentDocument> superseded,
      List<DeploymentDocument> overtaken) {
    return existed ? new Claim.Resumed(deployment, superseded, overtaken) : new Claim.Planned(deployment, superseded, overtaken);
  }

  /**
   * A claim the caller may act on, once it knows what the claimed deployment overtakes: the claim
   * with {@code overtaken}, or {@link Claim.Held} on an overtaken deployment still being started.
   */
  public static Claim overtaking(Claim claim, OneDeployAtATime.Overtaking overtaking) {
    if (overtaking.waitFor().isPresent()) {
      DeploymentDocument starting = overtaking.waitFor().get();
      return new Claim.Held(starting, Instant.ofEpochMilli(starting.leaseUntil()));
    }
    if (claim instanceof Claim.Planned p) {
      return new Claim.Planned(p.deployment(), p.superseded(), overtaking.overtaken());
    }
    if (claim instanceof Claim.Resumed r) {
      return new Claim.Resumed(r.deployment(), r.superseded(), overtaking.overtaken());
    }
    return claim;
  }
}
