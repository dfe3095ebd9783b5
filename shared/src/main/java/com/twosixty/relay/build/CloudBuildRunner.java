package com.twosixty.relay.build;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildClient;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildSettings;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.CancelBuildRequest;
import com.google.cloudbuild.v1.BuildOperationMetadata;
import com.google.cloudbuild.v1.ListBuildsRequest;
import com.google.cloudbuild.v1.RepoSource;
import com.google.cloudbuild.v1.RunBuildTriggerRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.InvalidProtocolBufferException;
import com.twosixty.relay.config.GrpcEndpoint;
import com.twosixty.relay.config.Lazy;
import com.twosixty.relay.failure.GrpcFailures;
import com.twosixty.relay.failure.PermanentFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Adapter over google-cloud-build's {@link CloudBuildClient}. The client is built on first use; an
 * endpoint override (RELAY_CLOUDBUILD_ENDPOINT) points it, in plaintext and without credentials,
 * at the local stand-in.
 */
public final class CloudBuildRunner implements BuildRunner, AutoCloseable {
  private final Supplier<CloudBuildClient> client;

  public CloudBuildRunner(String endpointOverride) {
    this(Lazy.of(() -> create(endpointOverride)));
  }

  CloudBuildRunner(Supplier<CloudBuildClient> client) {
    this.client = client;
  }

  /** For tests that hand in a mocked client. */
  public static CloudBuildRunner over(CloudBuildClient client) {
    return new CloudBuildRunner(() -> client);
  }

  /** Builds the client now (for an instance's first event, in parallel with its other clients). */
  public void warmUp() {
    client.get();
  }

  @Override
  public String runTrigger(String project, String trigger, String commitSha, Map<String, String> substitutions) {
    RepoSource.Builder source = RepoSource.newBuilder().setProjectId(project).putAllSubstitutions(substitutions);
    if (!commitSha.isEmpty()) {
      source.setCommitSha(commitSha);
    }
    RunBuildTriggerRequest.Builder request = RunBuildTriggerRequest.newBuilder().setProjectId(project).setSource(source);
    if (trigger.startsWith("projects/")) {
      request.setName(trigger).setTriggerId(trigger.substring(trigger.lastIndexOf('/') + 1));
    } else {
      request.setName("projects/" + project + "/locations/global/triggers/" + trigger).setTriggerId(trigger);
    }
    Operation operation;
    try {
      operation = client.get().runBuildTriggerCallable().call(request.build());
    } catch (ApiException e) {
      throw GrpcFailures.classify("running trigger " + trigger + " in " + project, e);
    }
    try {
      String buildId = operation.getMetadata().unpack(BuildOperationMetadata.class).getBuild().getId();
      if (buildId.isEmpty()) {
        throw new PermanentFailure("trigger " + trigger + " started an operation without a build id");
      }
      return buildId;
    } catch (InvalidProtocolBufferException e) {
      throw new PermanentFailure("trigger " + trigger + " answered with unreadable metadata", e);
    }
  }

  /** Looks through the newest page (50) of the trigger's builds. */
  @Override
  public Optional<String> findRecentBuild(String project, String trigger, String key, String value) {
    String triggerId = trigger.substring(trigger.lastIndexOf('/') + 1);
    ListBuildsRequest.Builder request = ListBuildsRequest.newBuilder().setProjectId(project).setPageSize(50)
        .setFilter("trigger_id=\"" + triggerId + "\"");
    String location = location(trigger);
    if (!location.equals(GLOBAL)) {
      // A regional trigger's builds are listed in its region only.
      request.setParent("projects/" + project + "/locations/" + location);
    }
    try {
      for (Build build : client.get().listBuildsCallable().call(request.build()).getBuildsList()) {
        if (value.equals(build.getSubstitutionsOrDefault(key, ""))) {
          return Optional.of(build.getId());
        }
      }
      return Optional.empty();
    } catch (ApiException e) {
      throw GrpcFailures.classify("listing builds of trigger " + trigger + " in " + project, e);
    }
  }

  private static final String GLOBAL = "global";

  /** The location of a trigger named in full ({@code projects/P/locations/L/triggers/T}); global for a bare id or name. */
  static String location(String trigger) {
    String[] parts = trigger.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equals("locations") && trigger.startsWith("projects/")) {
        return parts[i + 1];
      }
    }
    return GLOBAL;
  }

  @Override
  public void cancel(String project, String buildId) {
    cancel(project, GLOBAL, buildId);
  }

  /** The build is named in the trigger's location: a regional build named under global is NOT_FOUND, and would be taken as gone. */
  @Override
  public void cancel(String project, String trigger, String buildId) {
    String location = location(trigger);
    CancelBuildRequest request = CancelBuildRequest.newBuilder().setProjectId(project).setId(buildId)
        .setName("projects/" + project + "/locations/" + location + "/builds/" + buildId).build();
    try {
      client.get().cancelBuildCallable().call(request);
    } catch (ApiException e) {
      // Finished meanwhile (FAILED_PRECONDITION) or gone (NOT_FOUND): nothing runs that could land late.
      StatusCode.Code code = e.getStatusCode().getCode();
      if (code == StatusCode.Code.FAILED_PRECONDITION || code == StatusCode.Code.NOT_FOUND) {
        return;
      }
      throw GrpcFailures.classify("cancelling build " + buildId + " in " + project, e);
    }
  }

  private static CloudBuildClient create(String endpointOverride) {
    try {
      if (endpointOverride == null || endpointOverride.isEmpty()) {
        return CloudBuildClient.create();
      }
      return CloudBuildClient.create(CloudBuildSettings.newBuilder()
          .setEndpoint(endpointOverride)
          .setCredentialsProvider(new GrpcEndpoint(endpointOverride).credentials())
          .setTransportChannelProvider(new GrpcEndpoint(endpointOverride).channel())
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Cloud Build client", e);
    }
  }

  @Override
  public void close() {
    client.get().close();
  }
}
