package com.twosixty.relay.report;

import com.twosixty.relay.contract.DeploymentStatus;
import java.util.List;

/**
 * What the reporter needs of {@code clients/{client}/deployments/{deploymentId}}. {@code status} is
 * {@code null} when the document holds none the reporter knows.
 */
public record StoredDeployment(
    String deploymentId,
    String releaseId,
    long sequence,
    DeployKind kind,
    DeploymentStatus status,
    String reason,
    List<String> services,
    boolean autoRollbackRequested,
    boolean autoRollbackPublished) {

  public StoredDeployment {
    services = List.copyOf(services);
  }

  public boolean autoRollbackPending() {
    return autoRollbackRequested && !autoRollbackPublished;
  }
}
