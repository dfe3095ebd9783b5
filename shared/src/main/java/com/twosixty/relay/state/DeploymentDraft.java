package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.planner.ServiceVersion;
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
}
