package com.twosixty.relay.report;

import com.twosixty.relay.contract.ImageRef;
import java.util.Map;

/**
 * One deployment's state as read inside the transaction: the deployment, its services' documents
 * (absent ones as {@link StoredService#none}) and the release's images where the build listed none.
 */
public record DeploymentSnapshot(
    StoredDeployment deployment,
    Map<String, StoredService> services,
    Map<String, ImageRef> releaseImages) {

  public DeploymentSnapshot {
    services = Map.copyOf(services);
    releaseImages = Map.copyOf(releaseImages);
  }

  public StoredService service(String name) {
    return services.getOrDefault(name, StoredService.none(name));
  }
}
