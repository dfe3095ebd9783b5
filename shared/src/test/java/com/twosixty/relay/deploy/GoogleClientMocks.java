package com.twosixty.relay.deploy;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.api.gax.rpc.UnaryCallable;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildClient;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOperationMetadata;
import com.google.cloudbuild.v1.CancelBuildRequest;
import com.google.cloudbuild.v1.ListBuildsRequest;
import com.google.cloudbuild.v1.ListBuildsResponse;
import com.google.cloudbuild.v1.RunBuildTriggerRequest;
import com.google.container.v1.Cluster;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Mockito stand-ins for the Google clients that have no emulator, with fault injection. */
final class GoogleClientMocks {
  final List<RunBuildTriggerRequest> triggerRuns = new CopyOnWriteArrayList<>();
  /** The ids of the builds cancelled, in order. */
  final List<String> cancelled = new CopyOnWriteArrayList<>();
  /** Every build started or cancelled, in order: "run build-N (release)", "cancel build-N". */
  final List<String> calls = new CopyOnWriteArrayList<>();
  /** Every build started, newest first, as ListBuilds returns them. */
  private final List<Build> started = new CopyOnWriteArrayList<>();
  final CloudBuildClient cloudBuild = mock(CloudBuildClient.class);
  final ClusterManagerClient clusters = mock(ClusterManagerClient.class);
  private final AtomicInteger builds = new AtomicInteger();
  private volatile Status.Code buildError;
  private volatile Cluster.Status clusterStatus = Cluster.Status.RUNNING;
  private volatile Status.Code clusterError;

  @SuppressWarnings("unchecked")
  GoogleClientMocks() {
    UnaryCallable<RunBuildTriggerRequest, Operation> run = mock(UnaryCallable.class);
    when(cloudBuild.runBuildTriggerCallable()).thenReturn(run);
    when(run.call(any(RunBuildTriggerRequest.class))).thenAnswer(invocation -> {
      if (buildError != null) {
        throw apiException(buildError);
      }
      RunBuildTriggerRequest request = invocation.getArgument(0);
      triggerRuns.add(request);
      Build build = Build.newBuilder().setId("build-" + builds.incrementAndGet()).setProjectId(request.getProjectId())
          .setBuildTriggerId(request.getTriggerId()).putAllSubstitutions(request.getSource().getSubstitutionsMap()).build();
      started.add(0, build);
      calls.add("run " + build.getId() + " (" + request.getSource().getSubstitutionsMap().get("_RELEASE_ID") + ")");
      return Operation.newBuilder().setMetadata(Any.pack(BuildOperationMetadata.newBuilder().setBuild(build).build())).build();
    });
    UnaryCallable<ListBuildsRequest, ListBuildsResponse> list = mock(UnaryCallable.class);
    when(cloudBuild.listBuildsCallable()).thenReturn(list);
    when(list.call(any(ListBuildsRequest.class))).thenAnswer(invocation -> {
      ListBuildsRequest request = invocation.getArgument(0);
      // One project's builds, of the trigger the filter names (trigger_id="..."), as Cloud Build answers.
      return ListBuildsResponse.newBuilder().addAllBuilds(started.stream()
          .filter(build -> build.getProjectId().equals(request.getProjectId()))
          .filter(build -> request.getFilter().equals("trigger_id=\"" + build.getBuildTriggerId() + "\""))
          .toList()).build();
    });
    UnaryCallable<CancelBuildRequest, Build> cancel = mock(UnaryCallable.class);
    when(cloudBuild.cancelBuildCallable()).thenReturn(cancel);
    when(cancel.call(any(CancelBuildRequest.class))).thenAnswer(invocation -> {
      CancelBuildRequest request = invocation.getArgument(0);
      cancelled.add(request.getId());
      calls.add("cancel " + request.getId());
      return Build.newBuilder().setId(request.getId()).setStatus(Build.Status.CANCELLED).build();
    });
    when(clusters.getCluster(any(String.class))).thenAnswer(invocation -> {
      if (clusterError != null) {
        throw apiException(clusterError);
      }
      return Cluster.newBuilder().setName(invocation.getArgument(0)).setStatus(clusterStatus).build();
    });
  }

  void buildsFailWith(Status.Code code) {
    buildError = code;
  }

  void clusterIs(Cluster.Status status) {
    clusterStatus = status;
    clusterError = null;
  }

  void clusterFailsWith(Status.Code code) {
    clusterError = code;
  }

  static ApiException apiException(Status.Code code) {
    return ApiExceptionFactory.createException(new RuntimeException("injected " + code), GrpcStatusCode.of(code), false);
  }
}
