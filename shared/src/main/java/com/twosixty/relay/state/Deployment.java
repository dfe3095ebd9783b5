package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceVersion;
import java.util.List;
import java.util.Map;

/** A stored deployment: the plan one client made for one release (or command), and how far it got. */
public record Deployment(String deploymentId, String releaseId, long sequence, DeploymentKind kind,
    DeploymentStatus status, Plan plan, Map<String, ServiceVersion> images, String buildId, String reason) {

  public Deployment {
    images = Map.copyOf(images);
  }

  /** The services this deployment deploys, in the release's order. */
  public List<String> services() {
    return plan.services(com.twosixty.relay.planner.ServiceDecision.Action.DEPLOY);
  }
}
