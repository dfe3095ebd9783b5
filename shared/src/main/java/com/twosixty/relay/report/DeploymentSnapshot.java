package com.twosixty.relay.report;

import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import java.util.Map;

/**
 * One deployment's state as read inside the transaction: the deployment, its services' documents
 * (absent ones as {@link ServiceDocument#none}) and the release's images where the build listed none.
 */
public record DeploymentSnapshot(
    DeploymentDocument deployment,
    Map<String, ServiceDocument> services,
    Map<String, ImageRef> releaseImages) {

  public DeploymentSnapshot {
    services = Map.copyOf(services);
    releaseImages = Map.copyOf(releaseImages);
  }

  public ServiceDocument service(String name) {
    return services.getOrDefault(name, ServiceDocument.none(name));
  }
}
