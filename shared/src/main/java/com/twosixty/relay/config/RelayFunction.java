package com.twosixty.relay.config;

import static com.twosixty.relay.config.Setting.*;

import java.util.List;
import java.util.Map;

/**
 * Relay's functions as they are deployed: name, entry point, trigger kind and the settings each
 * reads. Terraform sets exactly these; its checks read this list.
 */
public enum RelayFunction {
  PUSH_WEBHOOK("push-webhook", "com.twosixty.relay.webhook.PushWebhook", Kind.HTTP,
      List.of(RELAY_PROJECT, RELAY_MONOREPO_TRIGGER, RELAY_RELEASE_BRANCHES, RELAY_HOTFIX_BRANCHES,
          RELAY_SERVICES, RELAY_SHARED_PATHS, RELAY_WEBHOOK_SECRET, RELAY_WEBHOOK_MAX_BYTES,
          RELAY_CLOUDBUILD_ENDPOINT, RELAY_FIRESTORE_DATABASE)),
  RELEASE_PUBLISHER("release-publisher", "com.twosixty.relay.publisher.ReleasePublisher", Kind.CLOUD_EVENT,
      List.of(RELAY_PROJECT, RELAY_RELEASES_TOPIC, RELAY_MONOREPO_TRIGGER, RELAY_RELEASE_BRANCHES,
          RELAY_HOTFIX_BRANCHES)),
  CLIENT_DEPLOYER("client-deployer", "com.twosixty.relay.deployer.ClientDeployer", Kind.CLOUD_EVENT,
      List.of(RELAY_PROJECT, RELAY_CLIENT, RELAY_RELEASES_TOPIC, RELAY_COMMANDS_TOPIC,
          RELAY_DEPLOYMENTS_TOPIC, RELAY_CLOUDBUILD_ENDPOINT, RELAY_CONTAINER_ENDPOINT,
          RELAY_FIRESTORE_DATABASE, RELAY_MAX_EVENT_AGE)),
  DEPLOY_REPORTER("deploy-reporter", "com.twosixty.relay.reporter.DeployReporter", Kind.CLOUD_EVENT,
      List.of(RELAY_PROJECT, RELAY_CLIENT, RELAY_COMMANDS_TOPIC, RELAY_DEPLOYMENTS_TOPIC,
          RELAY_FIRESTORE_DATABASE, RELAY_MAX_EVENT_AGE)),
  RELEASE_STATUS("release-status", "com.twosixty.relay.status.ReleaseStatus", Kind.HTTP,
      List.of(RELAY_PROJECT, RELAY_FIRESTORE_DATABASE));

  public enum Kind { HTTP, CLOUD_EVENT }

  /** The Cloud Run functions runtime every function deploys on: the JDK the build and tests use (README). */
  public static final String RUNTIME = "java25";

  /** C1 only: the cold-start benchmark measured it as the largest single gain (BENCHMARKS.md). */
  public static final String JVM_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

  public static final String JVM_OPTIONS_VARIABLE = "JAVA_TOOL_OPTIONS";

  /**
   * Set on every function beside the settings it reads, as Terraform deploys it (its checks compare)
   * and as the local stack starts it. {@code FIRESTORE_ENABLE_TRACING=false}: otherwise the Firestore
   * client builds OpenTelemetry span attributes for every call, for spans nothing here exports; it
   * cost a deployer 2-9 % of its CPU per release (BENCHMARKS.md).
   */
  public static final Map<String, String> RUNTIME_ENVIRONMENT = Map.of(
      JVM_OPTIONS_VARIABLE, JVM_OPTIONS,
      "FIRESTORE_ENABLE_TRACING", "false");

  private final String functionName;
  private final String entryPoint;
  private final Kind kind;
  private final List<Setting> settings;

  RelayFunction(String functionName, String entryPoint, Kind kind, List<Setting> settings) {
    this.functionName = functionName;
    this.entryPoint = entryPoint;
    this.kind = kind;
    this.settings = settings;
  }

  public String functionName() {
    return functionName;
  }

  public String entryPoint() {
    return entryPoint;
  }

  public Kind kind() {
    return kind;
  }

  public List<Setting> settings() {
    return settings;
  }
}
