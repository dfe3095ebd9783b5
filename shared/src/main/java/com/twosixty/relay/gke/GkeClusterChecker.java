package com.twosixty.relay.gke;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import com.twosixty.relay.config.GrpcEndpoint;
import com.twosixty.relay.config.Lazy;
import com.twosixty.relay.failure.GrpcFailures;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** Adapter over google-cloud-container's {@link ClusterManagerClient#getCluster(String)}. */
public final class GkeClusterChecker implements ClusterChecker, AutoCloseable {
  private final Supplier<ClusterManagerClient> client;

  /** @param endpointOverride RELAY_CONTAINER_ENDPOINT: host:port of a plaintext stand-in, "" for Google's */
  public GkeClusterChecker(String endpointOverride) {
    this(Lazy.of(() -> create(endpointOverride)));
  }

  GkeClusterChecker(Supplier<ClusterManagerClient> client) {
    this.client = client;
  }

  public static GkeClusterChecker over(ClusterManagerClient client) {
    return new GkeClusterChecker(() -> client);
  }

  /** Builds the client now (for an instance's first event, in parallel with its other clients). */
  public void warmUp() {
    client.get();
  }

  @Override
  public void requireRunning(String project, String location, String cluster) {
    String name = "projects/" + project + "/locations/" + location + "/clusters/" + cluster;
    Cluster found;
    try {
      found = client.get().getCluster(name);
    } catch (ApiException e) {
      throw GrpcFailures.classify("reading cluster " + name, e);
    }
    switch (found.getStatus()) {
      case RUNNING -> { }
      case PROVISIONING, RECONCILING ->
          throw new TransientFailure("cluster " + name + " is " + found.getStatus() + "; deployment waits");
      default -> throw new PermanentFailure("cluster " + name + " is " + found.getStatus()
          + (found.getStatusMessage().isEmpty() ? "" : ": " + found.getStatusMessage()));
    }
  }

  private static ClusterManagerClient create(String endpointOverride) {
    try {
      if (endpointOverride == null || endpointOverride.isEmpty()) {
        return ClusterManagerClient.create();
      }
      return ClusterManagerClient.create(ClusterManagerSettings.newBuilder()
          .setEndpoint(endpointOverride)
          .setCredentialsProvider(new GrpcEndpoint(endpointOverride).credentials())
          .setTransportChannelProvider(new GrpcEndpoint(endpointOverride).channel())
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the GKE client", e);
    }
  }

  @Override
  public void close() {
    client.get().close();
  }
}
