package com.twosixty.relay.state;

import com.twosixty.relay.firestore.DeploymentDocument;

/** The result of claiming a deployment. */
public sealed interface Claim {
  /** This caller planned it now: act on the plan. */
  record Planned(DeploymentDocument deployment) implements Claim {}

  /** It was planned before but never triggered (the caller that planned it failed): this caller takes it over. */
  record Resumed(DeploymentDocument deployment) implements Claim {}

  /**
   * Planned, not triggered yet, and another instance holds the lease until {@code leaseUntil}: it is
   * starting the build, or it died doing so and the lease will run out.
   */
  record Held(DeploymentDocument deployment, java.time.Instant leaseUntil) implements Claim {}

  /** Someone has it or had it: do nothing. */
  record Duplicate(DeploymentDocument deployment) implements Claim {}
}
