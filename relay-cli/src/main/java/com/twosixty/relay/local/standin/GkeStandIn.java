package com.twosixty.relay.local.standin;

import com.google.container.v1.Autopilot;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.GetClusterRequest;
import com.twosixty.relay.client.ClientDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/**
 * The GKE API's getCluster, served from the client files: what client-deployer's real
 * {@code ClusterManagerClient} asks before each deployment.
 */
public final class GkeStandIn extends ClusterManagerGrpc.ClusterManagerImplBase {
  private final LocalClusters clusters;
  private final Faults faults;

  public GkeStandIn(LocalClusters clusters, Faults faults) {
    this.clusters = clusters;
    this.faults = faults;
  }

  @Override
  public void getCluster(GetClusterRequest request, StreamObserver<Cluster> response) {
    if (faults.takeContainerOutage()) {
      response.onError(Status.UNAVAILABLE.withDescription("GKE stand-in: injected outage").asRuntimeException());
      return;
    }
    faults.awaitContainerDelay();
    String name = request.getName().isEmpty()
        ? "projects/" + request.getProjectId() + "/locations/" + request.getZone() + "/clusters/" + request.getClusterId()
        : request.getName();
    Optional<ClientDefinition> client = clusters.byResourceName(name);
    if (client.isEmpty()) {
      response.onError(Status.NOT_FOUND.withDescription("Not found: " + name + ".").asRuntimeException());
      return;
    }
    ClientDefinition c = client.get();
    Cluster.Status status = faults.reconciling(c.id()) ? Cluster.Status.RECONCILING : clusters.status(c.id());
    response.onNext(Cluster.newBuilder()
        .setName(c.cluster().name())
        .setLocation(c.cluster().location())
        .setSelfLink("https://container.googleapis.com/v1/" + name)
        .setStatus(status)
        .setStatusMessage(status == Cluster.Status.RUNNING ? "" : "local stand-in: cluster is " + status)
        .setAutopilot(Autopilot.newBuilder().setEnabled(c.cluster().autopilot()))
        .setCurrentMasterVersion("1.33.5-gke.1000000")
        .putResourceLabels("relay-client", c.id())
        .build());
    response.onCompleted();
  }
}
