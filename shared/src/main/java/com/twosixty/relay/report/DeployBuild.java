package com.twosixty.relay.report;

import com.twosixty.relay.contract.DeploySubstitutions;
import com.twosixty.relay.contract.DeploymentKind;
import com.google.cloudbuild.v1.Build;
import com.google.protobuf.Timestamp;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImageRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build of a client's deploy trigger, read from its substitutions ({@link DeploySubstitutions}:
 * {@code _DEPLOYMENT_ID}, {@code _RELEASE_ID}, {@code _DEPLOY_KIND}, {@code _SERVICES}, {@code _IMAGES}).
 */
public record DeployBuild(
    String buildId,
    String deploymentId,
    String releaseId,
    DeploymentKind kind,
    List<String> services,
    Map<String, ImageRef> images,
    Build.Status status,
    String logUrl,
    Instant createdAt,
    Instant statusAt) {

  public DeployBuild {
    services = List.copyOf(services);
    images = Map.copyOf(images);
  }

  /** What a notification's build is to the reporter. */
  public sealed interface Reading permits NotADeployBuild, Invalid, Deploy {}

  public record NotADeployBuild(String reason) implements Reading {}

  /** A deploy build whose substitutions cannot be used: retrying will not change them. */
  public record Invalid(String reason) implements Reading {}

  public record Deploy(DeployBuild build) implements Reading {}

  /** The deployment status a build status reports, and the reason that goes with it. */
  public record Progress(DeploymentStatus status, String reason) {}

  public static Reading read(Build build) {
    String releaseId = build.getSubstitutionsOrDefault(DeploySubstitutions.RELEASE_ID, "").trim();
    if (!build.getTagsList().contains(DeploySubstitutions.DEPLOY_TAG) && releaseId.isEmpty()) {
      return new NotADeployBuild("no tag '" + DeploySubstitutions.DEPLOY_TAG + "' and no _RELEASE_ID substitution");
    }
    DeploySubstitutions substitutions;
    try {
      substitutions = DeploySubstitutions.parse(build.getSubstitutionsMap());
    } catch (IllegalArgumentException e) {
      return new Invalid(e.getMessage());
    }
    return new Deploy(new DeployBuild(build.getId(), substitutions.deploymentId(), substitutions.releaseId(),
        substitutions.kind(), substitutions.services(), substitutions.images().byService(), build.getStatus(),
        build.getLogUrl(), instant(build.hasCreateTime(), build.getCreateTime()), statusTime(build)));
  }

  /** WORKING → STARTED, SUCCESS → SUCCEEDED, the failures → FAILED; queued and unknown states report nothing. */
  public Optional<Progress> progress() {
    return switch (status) {
      case WORKING -> Optional.of(new Progress(DeploymentStatus.STARTED, ""));
      case SUCCESS -> Optional.of(new Progress(DeploymentStatus.SUCCEEDED, ""));
      case FAILURE, INTERNAL_ERROR, TIMEOUT, CANCELLED, EXPIRED ->
          Optional.of(new Progress(DeploymentStatus.FAILED, status.name()));
      default -> Optional.empty();
    };
  }

  private static Instant statusTime(Build build) {
    if (build.getStatus() == Build.Status.WORKING) {
      return instant(build.hasStartTime(), build.getStartTime());
    }
    return instant(build.hasFinishTime(), build.getFinishTime());
  }

  private static Instant instant(boolean present, Timestamp timestamp) {
    return present ? Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()) : null;
  }
}
