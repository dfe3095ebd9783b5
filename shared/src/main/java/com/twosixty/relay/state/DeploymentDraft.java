package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A deployment about to be claimed: its id, the release it carries and, per service, the version
 * it would move to.
 *
 * @param rollsBackFrom for a rollback, the releases it expects to move its services off (their
 *     targets as the caller read them): the claim reads their deployments in its one batch read,
 *     and reads any other it finds then ({@link Rollbacks})
 */
public record DeploymentDraft(String deploymentId, String releaseId, long sequence, DeploymentKind kind,
    Map<String, ServiceVersion> candidates, List<String> rollsBackFrom) {
  public DeploymentDraft {
    candidates = Map.copyOf(candidates);
    rollsBackFrom = List.copyOf(rollsBackFrom);
  }

  public DeploymentDraft(String deploymentId, String releaseId, long sequence, DeploymentKind kind,
      Map<String, ServiceVersion> candidates) {
    this(deploymentId, releaseId, sequence, kind, candidates, List.of());
  }

  /** The deployment a claim stores for this draft once {@code plan} is made ({@link DeploymentDocument#planned}). */
  public DeploymentDocument planned(String client, Plan plan, Instant now) {
    return DeploymentDocument.planned(client, deploymentId, releaseId, sequence, kind, plan, candidates, now);
  }
}
