package com.twosixty.relay.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a client's deploy build is told: the substitutions client-deployer runs the deploy trigger
 * with, which the client repo's cloudbuild.yaml reads, deploy-reporter reads back from the build's
 * notification and the local Cloud Build stand-in deploys. {@link #toMap} writes them and
 * {@link #parse} reads them; each is the other's inverse. The deploy trigger (Terraform) declares
 * exactly {@link #KEYS} and tags its builds {@link #DEPLOY_TAG}.
 */
public record DeploySubstitutions(String releaseId, String deploymentId, DeploymentKind kind, List<String> services,
    DeployImages images, String cluster, String clusterLocation) {

  /** The tag of every deploy build (Terraform's deploy trigger sets it). */
  public static final String DEPLOY_TAG = "relay-deploy";

  public static final String RELEASE_ID = "_RELEASE_ID";
  public static final String DEPLOYMENT_ID = "_DEPLOYMENT_ID";
  public static final String DEPLOY_KIND = "_DEPLOY_KIND";
  /** Comma-separated; empty or {@code all} means every service of {@code _IMAGES}. */
  public static final String SERVICES = "_SERVICES";
  /** {@link DeployImages}. */
  public static final String IMAGES = "_IMAGES";
  public static final String CLUSTER = "_CLUSTER";
  public static final String CLUSTER_LOCATION = "_CLUSTER_LOCATION";

  /** Every substitution, in the order {@link #toMap} writes them. */
  public static final List<String> KEYS = List.of(RELEASE_ID, DEPLOYMENT_ID, DEPLOY_KIND, SERVICES, IMAGES, CLUSTER,
      CLUSTER_LOCATION);

  /** Release and deployment ids are Firestore document ids. */
  private static final Pattern DOCUMENT_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

  public DeploySubstitutions {
    Objects.requireNonNull(releaseId, "releaseId");
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(kind, "kind");
    services = List.copyOf(services);
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(clusterLocation, "clusterLocation");
  }

  /** The substitutions to run the deploy trigger with, in {@link #KEYS} order. */
  public Map<String, String> toMap() {
    Map<String, String> substitutions = new LinkedHashMap<>();
    substitutions.put(RELEASE_ID, releaseId);
    substitutions.put(DEPLOYMENT_ID, deploymentId);
    substitutions.put(DEPLOY_KIND, kind.wireName());
    substitutions.put(SERVICES, String.join(",", services));
    substitutions.put(IMAGES, images.toString());
    substitutions.put(CLUSTER, cluster);
    substitutions.put(CLUSTER_LOCATION, clusterLocation);
    return substitutions;
  }

  /**
   * Reads a deploy build's substitutions (other keys are ignored, values are trimmed). Defaults:
   * {@code _DEPLOYMENT_ID} falls back to {@code _RELEASE_ID}, an empty {@code _DEPLOY_KIND} is a
   * release, an empty or {@code all} {@code _SERVICES} is every service of {@code _IMAGES}, a missing
   * cluster is {@code ""}. A missing release id, an id that is not a document id, an unknown kind or
   * a malformed {@code _IMAGES} entry is an IllegalArgumentException whose message names it.
   */
  public static DeploySubstitutions parse(Map<String, String> substitutions) {
    String releaseId = value(substitutions, RELEASE_ID);
    if (releaseId.isEmpty()) {
      throw new IllegalArgumentException("deploy build has no " + RELEASE_ID + " substitution");
    }
    String deploymentId = value(substitutions, DEPLOYMENT_ID);
    if (deploymentId.isEmpty()) {
      deploymentId = releaseId;
    }
    if (!DOCUMENT_ID.matcher(releaseId).matches()) {
      throw new IllegalArgumentException(RELEASE_ID + " '" + abbreviate(releaseId) + "' is not a release id");
    }
    if (!DOCUMENT_ID.matcher(deploymentId).matches()) {
      throw new IllegalArgumentException(DEPLOYMENT_ID + " '" + abbreviate(deploymentId) + "' is not a deployment id");
    }
    String kindName = value(substitutions, DEPLOY_KIND);
    Optional<DeploymentKind> kind = kindName.isEmpty() ? Optional.of(DeploymentKind.RELEASE) : DeploymentKind.fromWire(kindName);
    if (kind.isEmpty()) {
      throw new IllegalArgumentException(DEPLOY_KIND + " '" + abbreviate(kindName) + "' is not release, rollback or redeploy");
    }
    DeployImages images = DeployImages.parse(value(substitutions, IMAGES));
    List<String> services = splitList(value(substitutions, SERVICES));
    if (services.isEmpty() || services.equals(List.of("all"))) {
      // The deploy template treats an empty or "all" _SERVICES as every service in _IMAGES.
      services = images.services();
    }
    return new DeploySubstitutions(releaseId, deploymentId, kind.get(), services, images,
        value(substitutions, CLUSTER), value(substitutions, CLUSTER_LOCATION));
  }

  private static String value(Map<String, String> substitutions, String key) {
    return substitutions.getOrDefault(key, "").trim();
  }

  /** The non-blank entries of a comma-separated list, trimmed. */
  static List<String> splitList(String commaSeparated) {
    List<String> parts = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    return parts;
  }

  static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "…";
  }
}
