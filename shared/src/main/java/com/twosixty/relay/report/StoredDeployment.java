package com.twosixty.relay.report;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.planner.ServiceVersion;
import java.util.List;
import java.util.Map;

/**
 * What the reporter needs of {@code clients/{client}/deployments/{deploymentId}}. {@code status} is
 * {@code null} when the document holds none the reporter knows. {@code images} is what client-deployer
 * chose per service; a rollback can take each service back to a different release.
 */
public record StoredDeployment(
    String deploymentId,
    String releaseId,
    long sequence,
    DeploymentKind kind,
    DeploymentStatus status,
    String reason,
    List<String> services,
    Map<String, ServiceVersion> images,
    boolean autoRollbackRequested,
    boolean autoRollbackPublished) {

  public StoredDeployment {
    services = List.copyOf(services);
    images = Map.copyOf(images);
  }

  public boolean autoRollbackPending() {
    return autoRollbackRequested && !autoRollbackPublished;
  }
}
