package com.twosixty.relay.metrics;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * One service's end of one deployment, as deploy-reporter records it: what the four keys are made of.
 *
 * @param status {@link DeploymentStatus#SUCCEEDED} or {@link DeploymentStatus#FAILED}
 * @param at when the deploy build reached that status
 * @param commitTime when the release's source commit was made (a release deploy that says so)
 * @param rolledBackChange a rollback that took the service off a release that had deployed successfully
 * @param requestedAt when the deployment was asked for (the start of recovery for a rolled-back change)
 */
public record DeployOutcome(
    String service,
    DeploymentKind kind,
    DeploymentStatus status,
    Instant at,
    Optional<Instant> commitTime,
    boolean rolledBackChange,
    Instant requestedAt) {

  /** A deploy of a change (a release or a redeploy); a rollback is the remedy, not a change. */
  public boolean isChange() {
    return kind != DeploymentKind.ROLLBACK;
  }

  public boolean succeeded() {
    return status == DeploymentStatus.SUCCEEDED;
  }
}
