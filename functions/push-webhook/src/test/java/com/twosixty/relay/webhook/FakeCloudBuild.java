package com.twosixty.relay.webhook;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOperationMetadata;
import com.google.cloudbuild.v1.CloudBuildGrpc;
import com.google.cloudbuild.v1.RunBuildTriggerRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Cloud Build API's RunBuildTrigger on a local port, plaintext: records every build it starts
 * and answers with the operation Cloud Build would. It can be told to be down (UNAVAILABLE) or to
 * refuse (any other status).
 */
final class FakeCloudBuild extends CloudBuildGrpc.CloudBuildImplBase implements AutoCloseable {
  private final List<RunBuildTriggerRequest> started = new CopyOnWriteArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile Status failure;
  private Server server;

  static FakeCloudBuild start() {
    FakeCloudBuild fake = new FakeCloudBuild();
    try {
      fake.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(fake).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("fake Cloud Build could not listen", e);
    }
    return fake;
  }

  /** The value for RELAY_CLOUDBUILD_ENDPOINT. */
  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Builds started, in order. */
  List<RunBuildTriggerRequest> started() {
    return List.copyOf(started);
  }

  int attempts() {
    return attempts.get();
  }

  /** Every later call fails with this status; null to work again. */
  void failWith(Status status) {
    failure = status;
  }

  void reset() {
    started.clear();
    attempts.set(0);
    failure = null;
  }

  @Override
  public void runBuildTrigger(RunBuildTriggerRequest request, StreamObserver<Operation> response) {
    attempts.incrementAndGet();
    Status status = failure;
    if (status != null) {
      response.onError(status.asRuntimeException());
      return;
    }
    started.add(request);
    String buildId = "fake-build-" + started.size();
    Build build = Build.newBuilder()
        .setId(buildId)
        .setProjectId(request.getProjectId())
        .setBuildTriggerId(request.getTriggerId())
        .setStatus(Build.Status.QUEUED)
        .build();
    response.onNext(Operation.newBuilder()
        .setName("projects/" + request.getProjectId() + "/operations/" + buildId)
        .setMetadata(Any.pack(BuildOperationMetadata.newBuilder().setBuild(build).build()))
        .build());
    response.onCompleted();
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
}
