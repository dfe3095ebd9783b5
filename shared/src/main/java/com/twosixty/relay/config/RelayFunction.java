package com.twosixty.relay.config;

import static com.twosixty.relay.config.Setting.*;

import java.math.BigDecimal;
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
          RELAY_CLOUDBUILD_ENDPOINT, RELAY_FIRESTORE_DATABASE), Shape.STANDARD),
  RELEASE_PUBLISHER("release-publisher", "com.twosixty.relay.publisher.ReleasePublisher", Delivery.EVENTARC,
      List.of(Feed.HUB_CLOUD_BUILDS),
      List.of(RELAY_HUB_PROJECT, RELAY_RELEASES_TOPIC, RELAY_MONOREPO_TRIGGER, RELAY_RELEASE_BRANCHES,
          RELAY_HOTFIX_BRANCHES), Shape.STANDARD),
  CLIENT_DEPLOYER("client-deployer", "com.twosixty.relay.deployer.ClientDeployer", Delivery.PUSH_SUBSCRIPTION,
      List.of(Feed.RELEASES, Feed.RELEASE_COMMANDS),
      List.of(RELAY_HUB_PROJECT, RELAY_CLIENT, RELAY_IMAGE_REPOSITORIES, RELAY_RELEASES_TOPIC, RELAY_RELEASE_COMMANDS_TOPIC,
          RELAY_DEPLOYMENTS_TOPIC, RELAY_CLOUDBUILD_ENDPOINT, RELAY_CONTAINER_ENDPOINT,
          RELAY_FIRESTORE_DATABASE, RELAY_MAX_EVENT_AGE, RELAY_ROLLOUT), Shape.CLIENT_DEPLOYER),
  DEPLOY_REPORTER("deploy-reporter", "com.twosixty.relay.reporter.DeployReporter", Delivery.EVENTARC,
      List.of(Feed.CLIENT_CLOUD_BUILDS),
      List.of(RELAY_HUB_PROJECT, RELAY_CLIENT, RELAY_COMMAND_GATEWAY_URL, RELAY_DEPLOYMENTS_TOPIC,
          RELAY_FIRESTORE_DATABASE, RELAY_MAX_EVENT_AGE), Shape.STANDARD),
  RELEASE_STATUS("release-status", "com.twosixty.relay.status.ReleaseStatus", Delivery.DIRECT, List.of(),
      List.of(RELAY_HUB_PROJECT, RELAY_CLIENTS, RELAY_FIRESTORE_DATABASE, RELAY_ROLLOUT), Shape.STANDARD),
  /** Operators' and tools' commands in, verified and checked against the client files; release-commands out. */
  COMMAND_GATEWAY("command-gateway", "com.twosixty.relay.gateway.CommandGateway", Delivery.DIRECT, List.of(),
      List.of(RELAY_HUB_PROJECT, RELAY_RELEASE_COMMANDS_TOPIC, RELAY_CLIENTS, RELAY_TOKEN_ISSUER, RELAY_TOKEN_CERTS_URL,
          RELAY_TOKEN_AUDIENCES), Shape.STANDARD),
  /**
   * Progressive delivery across clients (README: Waves): opens a release's waves as their gates
   * allow, wakes their clients, announces a halt. In the hub, fed by push subscriptions there.
   */
  RELEASE_ROLLOUT("release-rollout", "com.twosixty.relay.waves.ReleaseRollout", Delivery.PUSH_SUBSCRIPTION,
      List.of(Feed.DEPLOYMENTS, Feed.RELEASE_COMMANDS, Feed.ROLLOUT_TICKS),
      List.of(RELAY_HUB_PROJECT, RELAY_CLIENTS, RELAY_ROLLOUT, RELAY_RELEASE_COMMANDS_TOPIC, RELAY_DEPLOYMENTS_TOPIC,
          RELAY_FIRESTORE_DATABASE, RELAY_MAX_EVENT_AGE), Shape.STANDARD);

  /**
   * What each instance of a function is given on Cloud Run functions: its memory (Terraform's
   * {@code available_memory}, in MiB) and its share of a vCPU ({@code available_cpu}, as Terraform
   * writes it). The benchmark runs each function under a CPU quota of this share and a heap sized
   * from this memory, so the figures that chose it are the ones production gets (BENCHMARKS.md,
   * "The deployed shape").
   *
   * <p>Cloud Run's limits: at most 8 vCPU; below 1 vCPU any value from 0.08, and then at most
   * 512 MiB below 0.5 vCPU and at most 1 GiB below 1 vCPU; from 1 vCPU up, whole vCPUs only.
   * Below 1 vCPU an instance must also take one request at a time and be billed per request,
   * which every Relay function is (Terraform sets {@code max_instance_request_concurrency = 1}).
   */
  public record Shape(int memoryMiB, String cpu) {
    /**
     * One whole vCPU and 256 MiB. A cold start is CPU spent loading Google's clients (1.0-1.7
     * CPU-seconds at any share): at 0.167 vCPU, the share 256 MiB gets by default, that is 6-10 s
     * of wall time before the first event is handled; at 1 vCPU about the CPU time itself, the
     * only share that brings it under 2 s. Request-based
     * billing charges vCPU-seconds of wall time, so a CPU-bound start costs about the same
     * vCPU-seconds at any share and fewer GiB-seconds at a larger one. 256 MiB holds a 500-event
     * burst with the heap the JVM sizes itself from it (BENCHMARKS.md); client-deployer gets more
     * room ({@link #CLIENT_DEPLOYER}).
     */
    public static final Shape STANDARD = new Shape(256, "1");

    /**
     * client-deployer's: 1 vCPU and 512 MiB. A 500-event burst at 256 MiB peaked at 218 MiB of
     * resident memory (its heap 83 MiB of the 126 MiB the JVM allows itself there), too close to
     * the limit for the function every client's releases go through; the margin costs about
     * $0.03 a month at 50 clients and 20 releases a day (BENCHMARKS.md).
     */
    public static final Shape CLIENT_DEPLOYER = new Shape(512, "1");

    public Shape {
      BigDecimal vcpu;
      try {
        vcpu = new BigDecimal(cpu);
      } catch (NumberFormatException | NullPointerException e) {
        throw new IllegalArgumentException("cpu must be a number of vCPUs such as 0.333 or 1, got " + cpu);
      }
      if (vcpu.compareTo(new BigDecimal("0.08")) < 0 || vcpu.compareTo(BigDecimal.valueOf(8)) > 0) {
        throw new IllegalArgumentException("cpu must be between 0.08 and 8 vCPUs, got " + cpu);
      }
      if (vcpu.compareTo(BigDecimal.ONE) > 0 && vcpu.stripTrailingZeros().scale() > 0) {
        throw new IllegalArgumentException("cpu above 1 must be a whole number of vCPUs, got " + cpu);
      }
      if (memoryMiB < 128) {
        throw new IllegalArgumentException("memoryMiB must be at least 128, got " + memoryMiB);
      }
      if (vcpu.compareTo(new BigDecimal("0.5")) < 0 && memoryMiB > 512) {
        throw new IllegalArgumentException("below 0.5 vCPU Cloud Run allows at most 512 MiB, got " + memoryMiB + " MiB at " + cpu);
      }
      if (vcpu.compareTo(BigDecimal.ONE) < 0 && memoryMiB > 1024) {
        throw new IllegalArgumentException("below 1 vCPU Cloud Run allows at most 1 GiB, got " + memoryMiB + " MiB at " + cpu);
      }
    }

    /** The share as a number: 0.333 for "0.333". */
    public double vcpu() {
      return Double.parseDouble(cpu);
    }

    /** Terraform's {@code available_memory}: "256Mi". */
    public String memory() {
      return memoryMiB + "Mi";
    }
  }

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
  private final Shape shape;

  RelayFunction(String functionName, String entryPoint, Delivery delivery, List<Feed> feeds, List<Setting> settings,
      Shape shape) {
    this.functionName = functionName;
    this.entryPoint = entryPoint;
    this.delivery = delivery;
    this.feeds = feeds;
    this.settings = settings;
    this.shape = shape;
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

  /** Memory and vCPU of each instance, as Terraform deploys it (terraform-checks compare) and the benchmark runs it. */
  public Shape shape() {
    return shape;
  }
}
