package com.twosixty.relay.testing;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOperationMetadata;
import com.google.cloudbuild.v1.CancelBuildRequest;
import com.google.cloudbuild.v1.CloudBuildGrpc;
import com.google.cloudbuild.v1.RunBuildTriggerRequest;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.GetClusterRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Minimal servers for the two Google APIs without an emulator, serving their real gRPC services on a
 * local port so that the functions' real clients reach them through the endpoint overrides. They
 * record what they were asked and fail on demand; the local stack has the full stand-ins.
 */
public final class FakeGoogleApis implements AutoCloseable {
  private final Server server;
  private final List<RunBuildTriggerRequest> triggerRuns = new CopyOnWriteArrayList<>();
  private final List<String> cancelledBuilds = new CopyOnWriteArrayList<>();
  private final AtomicInteger buildCounter = new AtomicInteger();
  private final AtomicInteger triggerAttempts = new AtomicInteger();
  private final AtomicInteger unavailableBuildCalls = new AtomicInteger();
  private volatile Status.Code buildFailure;
  private final Map<String, Cluster.Status> clusterStatus = new ConcurrentHashMap<>();
  private final Set<String> userAgents = ConcurrentHashMap.newKeySet();

  private FakeGoogleApis(int port) {
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
          .addService(ServerInterceptors.intercept(new CloudBuild(), this::recordUserAgent))
          .addService(ServerInterceptors.intercept(new ClusterManager(), this::recordUserAgent))
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FakeGoogleApis start() {
    return new FakeGoogleApis(ChildProcess.freePort());
  }

  /** The value for RELAY_CLOUDBUILD_ENDPOINT and RELAY_CONTAINER_ENDPOINT. */
  public String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The user agents of every call since start or reset: gRPC's names its transport ({@code grpc-java-okhttp/1.76.2}). */
  public Set<String> userAgents() {
    return Set.copyOf(userAgents);
  }

  private <Q, R> ServerCall.Listener<Q> recordUserAgent(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    userAgents.add(String.valueOf(headers.get(Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER))));
    return next.startCall(call, headers);
  }

  public List<RunBuildTriggerRequest> triggerRuns() {
    return List.copyOf(triggerRuns);
  }

  /** The ids of the builds a cancelBuild call named, in order. */
  public List<String> cancelledBuilds() {
    return List.copyOf(cancelledBuilds);
  }

  /** Every runBuildTrigger call, answered or failed. */
  public int triggerAttempts() {
    return triggerAttempts.get();
  }

  /** The next {@code calls} trigger runs answer UNAVAILABLE. */
  public void failNextBuildCalls(int calls) {
    unavailableBuildCalls.set(calls);
  }

  /** Every trigger run answers {@code code} (null: succeed again). */
  public void failBuildsWith(Status.Code code) {
    buildFailure = code;
  }

  /** Clusters are RUNNING unless set; {@code projects/P/locations/L/clusters/C}. */
  public void setClusterStatus(String name, Cluster.Status status) {
    clusterStatus.put(name, status);
  }

  public void reset() {
    triggerRuns.clear();
    cancelledBuilds.clear();
    triggerAttempts.set(0);
    buildCounter.set(0);
    clusterStatus.clear();
    unavailableBuildCalls.set(0);
    buildFailure = null;
    userAgents.clear();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class CloudBuild extends CloudBuildGrpc.CloudBuildImplBase {
    @Override
    public void runBuildTrigger(RunBuildTriggerRequest request, StreamObserver<Operation> response) {
      triggerAttempts.incrementAndGet();
      if (unavailableBuildCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        response.onError(Status.UNAVAILABLE.withDescription("fake Cloud Build is unavailable").asRuntimeException());
        return;
      }
      Status.Code failure = buildFailure;
      if (failure != null) {
        response.onError(Status.fromCode(failure).withDescription("fake Cloud Build says " + failure).asRuntimeException());
        return;
      }
      triggerRuns.add(request);
      String id = "build-" + buildCounter.incrementAndGet();
      Build build = Build.newBuilder().setId(id).setProjectId(request.getProjectId())
          .setBuildTriggerId(request.getTriggerId()).setStatus(Build.Status.QUEUED)
          .putAllSubstitutions(request.getSource().getSubstitutionsMap()).build();
      response.onNext(Operation.newBuilder()
          .setName("projects/" + request.getProjectId() + "/operations/" + id)
          .setMetadata(Any.pack(BuildOperationMetadata.newBuilder().setBuild(build).build()))
          .build());
      response.onCompleted();
    }

    @Override
    public void cancelBuild(CancelBuildRequest request, StreamObserver<Build> response) {
      cancelledBuilds.add(request.getId());
      response.onNext(Build.newBuilder().setId(request.getId()).setProjectId(request.getProjectId())
          .setStatus(Build.Status.CANCELLED).build());
      response.onCompleted();
    }
  }

  private final class ClusterManager extends ClusterManagerGrpc.ClusterManagerImplBase {
    @Override
    public void getCluster(GetClusterRequest request, StreamObserver<Cluster> response) {
      Cluster.Status status = clusterStatus.getOrDefault(request.getName(), Cluster.Status.RUNNING);
      response.onNext(Cluster.newBuilder().setName(request.getName()).setStatus(status).build());
      response.onCompleted();
    }
  }
}
