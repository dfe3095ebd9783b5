package com.twosixty.relay.state;

import com.twosixty.relay.firestore.DeploymentDocument;
import java.util.List;

/** The result of claiming a deployment. */
public sealed interface Claim {
  /**
   * This caller planned it now: act on the plan.
   *
   * @param superseded the older deployments waiting for approval that this one's plan closed, in the
   *     same transaction, as SKIPPED ({@link Supersession}): report each
   * @param overtaken the deployments in flight on the same services whose builds the caller cancels
   *     before it starts its own ({@link OneDeployAtATime})
   * @param rolledBack for a rollback, the deployments of the releases it rolls back from, marked
   *     ROLLED_BACK in the same transaction ({@link Rollbacks})
   */
  record Planned(DeploymentDocument deployment, List<DeploymentDocument> superseded, List<DeploymentDocument> overtaken,
      List<Rollbacks.Marked> rolledBack) implements Claim {
    public Planned {
      superseded = List.copyOf(superseded);
      overtaken = List.copyOf(overtaken);
      rolledBack = List.copyOf(rolledBack);
    }

    public Planned(DeploymentDocument deployment, List<DeploymentDocument> superseded, List<DeploymentDocument> overtaken) {
      this(deployment, superseded, overtaken, List.of());
    }

    /** This claim with the release deployments it marked ROLLED_BACK. */
    public Planned withRolledBack(List<Rollbacks.Marked> marked) {
      return new Planned(deployment, superseded, overtaken, marked);
    }

    public Planned(DeploymentDocument deployment, List<DeploymentDocument> superseded) {
      this(deployment, superseded, List.of());
    }

    public Planned(DeploymentDocument deployment) {
      this(deployment, List.of());
    }
  }

  /**
   * It was planned before but never triggered (the caller that planned it failed): this caller takes
   * it over. Also an approved deployment, planned again; {@code superseded} and {@code overtaken} as
   * for {@link Planned}.
   */
  record Resumed(DeploymentDocument deployment, List<DeploymentDocument> superseded, List<DeploymentDocument> overtaken)
      implements Claim {
    public Resumed {
      superseded = List.copyOf(superseded);
      overtaken = List.copyOf(overtaken);
    }

    public Resumed(DeploymentDocument deployment, List<DeploymentDocument> superseded) {
      this(deployment, superseded, List.of());
    }

    public Resumed(DeploymentDocument deployment) {
      this(deployment, List.of());
    }
  }

  /**
   * Planned, not triggered yet, and another instance holds the lease until {@code leaseUntil}: it is
   * starting the build, or it died doing so and the lease will run out.
   */
  record Held(DeploymentDocument deployment, java.time.Instant leaseUntil) implements Claim {}

  /** Someone has it or had it: do nothing. */
  record Duplicate(DeploymentDocument deployment) implements Claim {}
}
