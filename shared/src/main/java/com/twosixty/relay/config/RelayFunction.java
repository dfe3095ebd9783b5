package com.twosixty.relay.config;

import static com.twosixty.relay.config.Setting.*;

import java.util.List;
import java.util.Map;

/**
 * Relay's functions as they are deployed: name, entry point, how the platform delivers to each, and
 * the settings each reads. This is the one description of the wiring: Terraform wires exactly this
 * (terraform-checks compare), and the local stack delivers exactly this.
 */
public enum RelayFunction {
  PUSH_WEBHOOK("push-webhook", "com.twosixty.relay.webhook.PushWebhook", Delivery.DIRECT, List.of(),
      List.of(RELAY_HUB_PROJECT, RELAY_MONOREPO_TRIGGER, RELAY_MONOREPO_REPOSITORY, RELAY_RELEASE_BRANCHES,
          RELAY_HOTFIX_BRANCHES, RELAY_SERVICES, RELAY_SHARED_PATHS, RELAY_WEBHOOK_SECRET, RELAY_WEBHOOK_MAX_BYTES,
          RELAY_CLOUDBUILD_ENDPOINT, RELAY_FIRESTORE_DATABASE)),
  RELEASE_PUBLISHER("release-publisher", "com.twosixty.relay.publisher.ReleasePublisher", Delivery.EVENTARC,
      List.of(Feed.HUB_CLOUD_BUILDS),
      List.of(RELAY_HUB_PROJECT, RELAY_RELEASES_TOPIC, RELAY_MONOREPO_TRIGGER, RELAY_RELEASE_BRANCHES,
          RELAY_HOTFIX_BRANCHES)),
  CLIENT_DEPLOYER("client-deployer", "com.twosixty.relay.deployer.ClientDeployer", Delivery.PUSH_SUBSCRIPTION,
      List.of(Feed.RELEASES, Feed.RELEASE_COMMANDS),
      List.of(RELAY_HUB_PROJECT, RELAY_CLIENT, RELAY_IMAGE_REPOSITORIES, RELAY_RELEASES_TOPIC, RELAY_RELEASE_COMMANDS_TOPIC,
          RELAY_DEPLOYMENTS_TOPIC, RELAY_CLOUDBUILD_ENDPOINT, RELAY_CONTAINER_ENDPOINT,
          RELAY_FIRESTORE_DATABASE, RELAY_MAX_EVENT_AGE, RELAY_ROLLOUT)),
  DEPLOY_REPORTER("deploy-reporter", "com.twosixty.relay.reporter.DeployReporter", Delivery.EVENTARC,
      List.of(Feed.CLIENT_CLOUD_BUILDS),
      List.of(RELAY_HUB_PROJECT, RELAY_CLIENT, RELAY_COMMAND_GATEWAY_URL, RELAY_DEPLOYMENTS_TOPIC,
          RELAY_FIRESTORE_DATABASE, RELAY_MAX_EVENT_AGE)),
  RELEASE_STATUS("release-status", "com.twosixty.relay.status.ReleaseStatus", Delivery.DIRECT, List.of(),
      List.of(RELAY_HUB_PROJECT, RELAY_FIRESTORE_DATABASE)),
  /** Operators' and tools' commands in, verified and checked against the client files; release-commands out. */
  COMMAND_GATEWAY("command-gateway", "com.twosixty.relay.gateway.CommandGateway", Delivery.DIRECT, List.of(),
      List.of(RELAY_HUB_PROJECT, RELAY_RELEASE_COMMANDS_TOPIC, RELAY_CLIENTS, RELAY_TOKEN_ISSUER, RELAY_TOKEN_CERTS_URL,
          RELAY_TOKEN_AUDIENCES)),
  /**
   * Progressive delivery across clients (README: Waves): opens a release's waves as their gates
   * allow, wakes their clients, announces a halt. In the hub, fed by push subscriptions there.
   */
  RELEASE_ROLLOUT("release-rollout", "com.twosixty.relay.waves.ReleaseRollout", Delivery.PUSH_SUBSCRIPTION,
      List.of(Feed.DEPLOYMENTS, Feed.RELEASE_COMMANDS, Feed.ROLLOUT_TICKS),
      List.of(RELAY_HUB_PROJECT, RELAY_CLIENTS, RELAY_ROLLOUT, RELAY_RELEASE_COMMANDS_TOPIC, RELAY_DEPLOYMENTS_TOPIC,
          RELAY_FIRESTORE_DATABASE, RELAY_MAX_EVENT_AGE));

  /** The function's signature for the Functions Framework: what its entry class implements. */
  public enum Kind { HTTP, CLOUD_EVENT }

  /** How the platform delivers to a function in production. */
  public enum Delivery {
    /** Called over HTTPS by people and other systems (webhooks, browsers): an HTTP function. */
    DIRECT,
    /**
     * Pub/Sub push subscriptions POST the raw push body ({@code {"message":{..},"subscription":..}})
     * with an OIDC {@code Authorization: Bearer} token and no CloudEvent headers; the function is an
     * HTTP function that decodes the body itself (2xx acks, anything else nacks). Used across
     * projects: a client project subscribes to the hub's topics.
     */
    PUSH_SUBSCRIPTION,
    /** An Eventarc trigger ({@code event_trigger}) sends a binary-mode Pub/Sub CloudEvent: a CloudEvent function. */
    EVENTARC;

    public Kind kind() {
      return this == EVENTARC ? Kind.CLOUD_EVENT : Kind.HTTP;
    }
  }

  /** A topic a function is fed from, by its short name, and whose project holds it. */
  public enum Feed {
    RELEASES("releases", false),
    RELEASE_COMMANDS("release-commands", false),
    /** The hub project's Cloud Build notifications (the monorepo build). */
    HUB_CLOUD_BUILDS("cloud-builds", false),
    /** The client project's own Cloud Build notifications (its deploy builds). */
    CLIENT_CLOUD_BUILDS("cloud-builds", true),
    DEPLOYMENTS("deployments", false),
    /** Cloud Scheduler's tick for release-rollout (time passing: soak times ending). */
    ROLLOUT_TICKS("rollout-ticks", false);

    private final String topic;
    private final boolean inClientProject;

    Feed(String topic, boolean inClientProject) {
      this.topic = topic;
      this.inClientProject = inClientProject;
    }

    public String topic() {
      return topic;
    }

    public boolean inClientProject() {
      return inClientProject;
    }
  }

  /**
   * The push subscriptions' {@code max_delivery_attempts} (Terraform's default, which its checks
   * compare; the local topology uses it too): after this many failed deliveries a message goes to
   * the topic's dead-letter topic. Eventarc's subscriptions have no dead-letter policy.
   */
  public static final int MAX_DELIVERY_ATTEMPTS = 10;

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
  private final Delivery delivery;
  private final List<Feed> feeds;
  private final List<Setting> settings;

  RelayFunction(String functionName, String entryPoint, Delivery delivery, List<Feed> feeds, List<Setting> settings) {
    this.functionName = functionName;
    this.entryPoint = entryPoint;
    this.delivery = delivery;
    this.feeds = feeds;
    this.settings = settings;
  }

  public String functionName() {
    return functionName;
  }

  public String entryPoint() {
    return entryPoint;
  }

  public Kind kind() {
    return delivery.kind();
  }

  public Delivery delivery() {
    return delivery;
  }

  /** The topics that feed it, each through one subscription (empty for a {@link Delivery#DIRECT} function). */
  public List<Feed> feeds() {
    return feeds;
  }

  public List<Setting> settings() {
    return settings;
  }
}
