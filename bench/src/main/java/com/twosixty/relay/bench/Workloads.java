package com.twosixty.relay.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.DeployImages;
import com.twosixty.relay.contract.DeploySubstitutions;
import com.twosixty.relay.contract.MessageAttributes;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.local.FunctionDeployment;
import com.twosixty.relay.testing.CloudEventPost;
import com.twosixty.relay.testing.PushPost;
import com.google.cloudbuild.v1.Build;
import com.google.protobuf.Timestamp;
import com.twosixty.relay.cloudbuild.BuildNotifications;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.state.DeploymentDraft;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.state.StateStore;
import com.twosixty.relay.testing.Fixtures;
import com.twosixty.relay.testing.LocalIssuer;
import com.twosixty.relay.push.PushWebhookHandler;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The functions and their floors, each with a stream of valid events. */
final class Workloads {
  private static final String WEBHOOK_SECRET = "bench-secret";
  private static final String DIGEST = "sha256:" + "d".repeat(64);
  private static final String GATEWAY_AUDIENCE = "https://command-gateway.bench.example";

  private final Path root;
  /** A run id: the state in Firestore from an earlier run never makes an event a duplicate. */
  private final String run = Long.toHexString(System.currentTimeMillis());

  private final StateStore state;
  /** Signs the command gateway's tokens; the gateway verifies them against its key set, as on GCP. */
  private final LocalIssuer issuer;

  Workloads(Path root, StateStore state, LocalIssuer issuer) {
    this.root = root;
    this.state = state;
    this.issuer = issuer;
  }

  Workload helloHttp() {
    return new Workload("hello-world (HTTP)", HelloHttp.class.getName(), benchClasses(), Map.of(),
        (url, i) -> HttpRequest.newBuilder(url).GET().build());
  }

  Workload helloCloudEvent() {
    return new Workload("hello-world (CloudEvent)", HelloCloudEvent.class.getName(), benchClasses(), Map.of(),
        (url, i) -> pubSubEvent(url, "{}".getBytes(StandardCharsets.UTF_8), Map.of()));
  }

  /** Every function that has a deployable in this build, in RelayFunction's order. */
  List<Workload> functions() {
    List<Workload> workloads = new ArrayList<>();
    String essence = ClientDefinitions.toJson(root.resolve("clients/essence.yaml"));
    // RELAY_CLIENTS as Terraform sets it (release-hub's clients_setting: base64gzip of the JSON array).
    String clients = ClientDefinitions.encodeAll("[" + essence + "]");
    for (RelayFunction function : RelayFunction.values()) {
      Path deployable = FunctionDeployment.deployable(root, function);
      if (!Files.isRegularFile(deployable)) {
        continue;
      }
      switch (function) {
        case RELEASE_PUBLISHER -> workloads.add(new Workload(function.functionName(), function.entryPoint(), deployable,
            Map.of("RELAY_MONOREPO_TRIGGER", "monorepo"), (url, i) -> pubSubEvent(url, monorepoSuccess(i), Map.of())));
        case CLIENT_DEPLOYER -> workloads.add(new Workload(function.functionName(), function.entryPoint(), deployable,
            Map.of("RELAY_CLIENT", essence,
                "RELAY_IMAGE_REPOSITORIES", "gcr.io/relay-bench/"), (url, i) -> {
              Release release = release(i);
              return pubSubPush(url, ContractCodec.encode(release), MessageAttributes.of(release));
            }));
        case PUSH_WEBHOOK -> workloads.add(new Workload(function.functionName(), function.entryPoint(), deployable,
            Map.of("RELAY_MONOREPO_TRIGGER", "monorepo", "RELAY_MONOREPO_REPOSITORY", "twosixty/monorepo",
                "RELAY_WEBHOOK_SECRET", WEBHOOK_SECRET,
                "RELAY_SERVICES", "billing=billing/,portal=portal/,reports=reports/", "RELAY_SHARED_PATHS", "shared/,pom.xml"),
            (url, i) -> gitLabPush(url, i)));
        case DEPLOY_REPORTER -> workloads.add(new Workload(function.functionName(), function.entryPoint(), deployable,
            Map.of("RELAY_CLIENT", essence),
            (url, i) -> pubSubEvent(url, deployBuildSucceeded(i), Map.of())));
        case COMMAND_GATEWAY -> workloads.add(new Workload(function.functionName(), function.entryPoint(), deployable,
            Map.of("RELAY_CLIENTS", clients,
                "RELAY_TOKEN_ISSUER", issuer.issuer(), "RELAY_TOKEN_CERTS_URL", issuer.certsUrl(),
                "RELAY_TOKEN_AUDIENCES", GATEWAY_AUDIENCE),
            (url, i) -> HttpRequest.newBuilder(url.resolve("/commands"))
                .header("Authorization", "Bearer " + issuer.token("priya.shah@twosixty.example", GATEWAY_AUDIENCE))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"approve\",\"client\":\"essence\","
                    + "\"releaseId\":\"bench-" + run + "-" + i + "\",\"service\":\"\",\"reason\":\"bench\"}"))
                .build()));
        case RELEASE_STATUS -> workloads.add(new Workload(function.functionName(), function.entryPoint(), deployable,
            Map.of("RELAY_CLIENTS", clients), (url, i) -> HttpRequest.newBuilder(url.resolve("/api/clients")).GET().build()));
        // A deployment outcome on `deployments`, as its push subscription delivers it: the rollout
        // looks for the release's progress (essence in wave 1 of two) and opens nothing it lacks.
        case RELEASE_ROLLOUT -> workloads.add(new Workload(function.functionName(), function.entryPoint(), deployable,
            Map.of("RELAY_CLIENTS", clients,
                "RELAY_ROLLOUT", "{\"waves\":[{\"soak\":\"PT0S\"},{}]}"), (url, i) -> {
              DeploymentEvent event = new DeploymentEvent("essence", "bench-" + run + "-" + i, List.of("billing"),
                  DeploymentStatus.SUCCEEDED, "", "build-" + i, "", Instant.now().toString());
              return pubSubPush(url, ContractCodec.encode(event), MessageAttributes.of(event, "bench-" + run + "-" + i));
            }));
        default -> { }
      }
    }
    return workloads;
  }

  private Path benchClasses() {
    return root.resolve("bench/target/classes");
  }

  /** A successful monorepo build whose commit (and so release) is new for each i. */
  private byte[] monorepoSuccess(int i) {
    JsonObject build = JsonParser.parseString(Fixtures.cloudBuildMonorepoSuccess()).getAsJsonObject();
    String commit = String.format("%08x", i) + run + "0".repeat(32);
    build.addProperty("id", UUID.randomUUID().toString());
    build.getAsJsonObject("substitutions").addProperty("COMMIT_SHA", commit.substring(0, 40));
    return build.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Release i of this run: newer than every release before it. */
  /**
   * Release i of this run: newer than every release before it, of two services of its own, so that
   * a burst measures a function's own memory and not the emulator serialising transactions on the
   * same service documents (a monorepo of many services; the same services are the reliability
   * suite's and the fan-out's concern).
   */
  private Release release(int i) {
    long sequence = Instant.now().toEpochMilli() * 1000 + i;
    return new Release("bench-" + run + "-" + i, sequence, new Release.Source("monorepo", "main", "c0ffee", "b" + i),
        Instant.now().toString(), Channel.STABLE, List.of(
            new Release.ServiceImage("billing-" + i, "gcr.io/relay-bench/billing-" + i, DIGEST, "t"),
            new Release.ServiceImage("portal-" + i, "gcr.io/relay-bench/portal-" + i, DIGEST, "t")));
  }

  /**
   * The SUCCESS notification of the deploy build of deployment i, which is first claimed in
   * Firestore as client-deployer would (the reporter needs the deployment it reports on).
   */
  private byte[] deployBuildSucceeded(int i) {
    Release release = release(i);
    Release.ServiceImage billing = release.services().get(0);
    ServiceVersion version = new ServiceVersion(release.releaseId(), release.sequence(), billing.image(), billing.digest());
    state.claim("essence", new DeploymentDraft(release.releaseId(), release.releaseId(), release.sequence(),
            DeploymentKind.RELEASE, Map.of(billing.name(), version)),
        current -> new Plan(List.of(ServiceDecision.deploy(billing.name()))), false, Instant.now());
    Instant now = Instant.now();
    Build build = Build.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setStatus(Build.Status.SUCCESS)
        .addTags(DeploySubstitutions.DEPLOY_TAG)
        .putAllSubstitutions(new DeploySubstitutions(release.releaseId(), release.releaseId(), DeploymentKind.RELEASE,
            List.of(billing.name()), new DeployImages(Map.of(billing.name(), version.imageRef())), "", "").toMap())
        .setCreateTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
        .setFinishTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
        .setLogUrl("https://console.cloud.google.com/cloud-build/builds/bench")
        .build();
    return BuildNotifications.toJson(build).getBytes(StandardCharsets.UTF_8);
  }

  /** A signed GitLab push of a new commit on main (a new delivery each time). */
  private HttpRequest gitLabPush(URI url, int i) {
    JsonObject push = JsonParser.parseString(Fixtures.read("/fixtures/gitlab-push.json")).getAsJsonObject();
    String commit = (String.format("%08x", i) + run + "f".repeat(40)).substring(0, 40);
    push.addProperty("after", commit);
    push.addProperty("checkout_sha", commit);
    return HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header(PushWebhookHandler.GITLAB_EVENT, "Push Hook")
        .header(PushWebhookHandler.GITLAB_TOKEN, WEBHOOK_SECRET)
        .header(PushWebhookHandler.GITLAB_EVENT_UUID, UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(push.toString()))
        .build();
  }

  /** A Pub/Sub push subscription's POST: the raw push body, a bearer token, no CloudEvent headers. */
  static HttpRequest pubSubPush(URI url, byte[] data, Map<String, String> attributes) {
    return HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Authorization", PushPost.BEARER)
        .POST(HttpRequest.BodyPublishers.ofString(CloudEventPost.envelope(UUID.randomUUID().toString(), data, attributes,
            "projects/" + BenchStack.HUB + "/subscriptions/bench")))
        .build();
  }

  static HttpRequest pubSubEvent(URI url, byte[] data, Map<String, String> attributes) {
    String id = UUID.randomUUID().toString();
    return HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(60))
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-type", CloudEventPost.PUBSUB_EVENT_TYPE)
        .header("ce-source", "//pubsub.googleapis.com/projects/" + BenchStack.HUB + "/topics/bench")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            CloudEventPost.envelope(id, data, attributes, "projects/" + BenchStack.HUB + "/subscriptions/bench")))
        .build();
  }
}
