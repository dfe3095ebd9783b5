package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stored deployment: the plan one client made for one release (or command), and how far it got. */
public record Deployment(String deploymentId, String releaseId, long sequence, DeploymentKind kind,
    DeploymentStatus status, Plan plan, Map<String, ServiceVersion> images, String buildId, String reason) {

  public Deployment {
    images = Map.copyOf(images);
  }

  /**
   * The deployment a claim stores for {@code draft} once {@code plan} is made: the plan's status,
   * the draft's version of each service it deploys, and the skip summary when it deploys nothing.
   */
  public static Deployment planned(DeploymentDraft draft, Plan plan) {
    Map<String, ServiceVersion> images = new LinkedHashMap<>();
    for (String service : plan.services(ServiceDecision.Action.DEPLOY)) {
      images.put(service, draft.candidates().get(service));
    }
    return new Deployment(draft.deploymentId(), draft.releaseId(), draft.sequence(), draft.kind(),
        plan.status(), plan, images, "", plan.deploysAnything() ? "" : plan.skipSummary());
  }

  /** An operator rejected it while it waited for approval: SKIPPED, with the reason. */
  public Deployment rejected(String reason) {
    return new Deployment(deploymentId, releaseId, sequence, kind, DeploymentStatus.SKIPPED, plan, images, buildId, reason);
  }

  /** The services this deployment deploys, in the release's order. */
  public List<String> services() {
    return plan.services(ServiceDecision.Action.DEPLOY);
  }
}
