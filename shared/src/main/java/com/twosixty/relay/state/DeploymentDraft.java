package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.Map;

/**
 * A deployment about to be claimed: its id, the release it carries and, per service, the version
 * it would move to.
 */
public record DeploymentDraft(String deploymentId, String releaseId, long sequence, DeploymentKind kind,
    Map<String, ServiceVersion> candidates) {
  public DeploymentDraft {
    candidates = Map.copyOf(candidates);
  }

  /** The deployment a claim stores for this draft once {@code plan} is made ({@link DeploymentDocument#planned}). */
  public DeploymentDocument planned(String client, Plan plan, Instant now) {
    return DeploymentDocument.planned(client, deploymentId, releaseId, sequence, kind, plan, candidates, now);
  }
}
