package com.twosixty.relay.report;

import com.twosixty.relay.contract.DeploymentKind;
import com.google.cloudbuild.v1.Build;
import com.google.protobuf.Timestamp;
import com.twosixty.relay.contract.DeploymentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A build of a client's deploy trigger, read from its substitutions: {@code _DEPLOYMENT_ID}
 * (falls back to {@code _RELEASE_ID}), {@code _RELEASE_ID}, {@code _DEPLOY_KIND}, {@code _SERVICES},
 * {@code _IMAGES} ({@code service=image@sha256:…,…}).
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

  public static final String DEPLOY_TAG = "relay-deploy";

  private static final Pattern DOCUMENT_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

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
    String releaseId = build.getSubstitutionsOrDefault("_RELEASE_ID", "").trim();
    if (!build.getTagsList().contains(DEPLOY_TAG) && releaseId.isEmpty()) {
      return new NotADeployBuild("no tag '" + DEPLOY_TAG + "' and no _RELEASE_ID substitution");
    }
    if (releaseId.isEmpty()) {
      return new Invalid("deploy build has no _RELEASE_ID substitution");
    }
    String deploymentId = build.getSubstitutionsOrDefault("_DEPLOYMENT_ID", "").trim();
    if (deploymentId.isEmpty()) {
      deploymentId = releaseId;
    }
    if (!DOCUMENT_ID.matcher(releaseId).matches()) {
      return new Invalid("_RELEASE_ID '" + abbreviate(releaseId) + "' is not a release id");
    }
    if (!DOCUMENT_ID.matcher(deploymentId).matches()) {
      return new Invalid("_DEPLOYMENT_ID '" + abbreviate(deploymentId) + "' is not a deployment id");
    }
    String kindName = build.getSubstitutionsOrDefault("_DEPLOY_KIND", "").trim();
    Optional<DeploymentKind> kind = kindName.isEmpty() ? Optional.of(DeploymentKind.RELEASE) : DeploymentKind.fromWire(kindName);
    if (kind.isEmpty()) {
      return new Invalid("_DEPLOY_KIND '" + abbreviate(kindName) + "' is not release, rollback or redeploy");
    }
    Map<String, ImageRef> images = new LinkedHashMap<>();
    for (String entry : split(build.getSubstitutionsOrDefault("_IMAGES", ""))) {
      int equals = entry.indexOf('=');
      ImageRef image = equals > 0 ? ImageRef.parse(entry.substring(equals + 1).trim()) : null;
      if (image == null) {
        return new Invalid("_IMAGES entry '" + abbreviate(entry) + "' is not service=image@digest");
      }
      images.put(entry.substring(0, equals).trim(), image);
    }
    List<String> services = split(build.getSubstitutionsOrDefault("_SERVICES", ""));
    if (services.isEmpty() || services.equals(List.of("all"))) {
      // The deploy template treats an empty or "all" _SERVICES as every service in _IMAGES.
      services = List.copyOf(images.keySet());
    }
    return new Deploy(new DeployBuild(build.getId(), deploymentId, releaseId, kind.get(), services, images,
        build.getStatus(), build.getLogUrl(), instant(build.hasCreateTime(), build.getCreateTime()),
        statusTime(build)));
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

  private static List<String> split(String commaSeparated) {
    List<String> parts = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    return parts;
  }

  private static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "…";
  }
}
