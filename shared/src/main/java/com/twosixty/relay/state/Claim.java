package com.twosixty.relay.state;

/** The result of claiming a deployment. */
public sealed interface Claim {
  /**
   * This caller planned it now: act on the plan.
   *
   * @param superseded the older deployments waiting for approval that this one's plan closed, in the
   *     same transaction, as SKIPPED ({@link Supersession}): report each
   */
  record Planned(Deployment deployment, java.util.List<Deployment> superseded) implements Claim {
    public Planned {
      superseded = java.util.List.copyOf(superseded);
    }

    public Planned(Deployment deployment) {
      this(deployment, java.util.List.of());
    }
  }

  /**
   * It was planned before but never triggered (the caller that planned it failed): this caller takes
   * it over. Also an approved deployment, planned again; {@code superseded} as for {@link Planned}.
   */
  record Resumed(Deployment deployment, java.util.List<Deployment> superseded) implements Claim {
    public Resumed {
      superseded = java.util.List.copyOf(superseded);
    }

    public Resumed(Deployment deployment) {
      this(deployment, java.util.List.of());
    }
  }

  /**
   * Planned, not triggered yet, and another instance holds the lease until {@code leaseUntil}: it is
   * starting the build, or it died doing so and the lease will run out.
   */
  record Held(Deployment deployment, java.time.Instant leaseUntil) implements Claim {}

  /** Someone has it or had it: do nothing. */
  record Duplicate(Deployment deployment) implements Claim {}
}
