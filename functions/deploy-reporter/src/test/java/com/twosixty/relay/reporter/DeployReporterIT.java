package com.twosixty.relay.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloudbuild.v1.Build;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.cloudbuild.BuildNotifications;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.metrics.FirestoreMetricsReader;
import com.twosixty.relay.metrics.FourKeys;
import com.twosixty.relay.metrics.MetricsReport;
import com.twosixty.relay.metrics.MetricsWindow;
import com.twosixty.relay.testing.CloudEventPost;
import com.twosixty.relay.testing.FirestoreEmulator;
import com.twosixty.relay.gateway.CommandGateway;
import com.twosixty.relay.testing.ChildProcess;
import com.twosixty.relay.testing.FunctionInvoker;
import com.twosixty.relay.testing.LocalIssuer;
import com.twosixty.relay.testing.PubSubEmulator;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy-reporter on the real invoker, against the real Firestore and Pub/Sub emulators. */
class DeployReporterIT {
  private static final String PROJECT = "relay-hub";
  private static final Path LOGS = Path.of("target", "processes");
  private static final String DIGEST = "sha256:" + "b".repeat(64);
  private static final String CLIENT_JSON = """
      {"id": "essence", "displayName": "Essence",
       "gcp": {"project": "relay-essence-prod", "region": "europe-west2"},
       "cluster": {"name": "essence", "location": "europe-west2"},
       "deploy": {"repo": "https://github.com/twosixty/essence-deploy", "trigger": "relay-deploy"},
       "autoRollback": true}
      """;

  private static PubSubEmulator pubsub;
  private static FirestoreEmulator firestoreEmulator;
  private static Firestore firestore;
  private static FunctionInvoker function;
  private static TopicName deploymentsTopic;
  private static TopicName releaseCommandsTopic;
  private static LocalIssuer issuer;
  private static FunctionInvoker gateway;
  private static final String REPORTER_ACCOUNT = "relay-deploy-reporter@relay-essence-prod.iam.gserviceaccount.com";

  @BeforeAll
  static void start() {
    pubsub = PubSubEmulator.start(LOGS);
    firestoreEmulator = FirestoreEmulator.start(LOGS);
    deploymentsTopic = pubsub.createTopic(PROJECT, "deployments");
    releaseCommandsTopic = pubsub.createTopic(PROJECT, "release-commands");
    firestore = FirestoreClients.create(PROJECT, "(default)", firestoreEmulator.host());
    // Auto rollbacks go through a real command gateway, with the reporter's token from a metadata stand-in.
    issuer = LocalIssuer.start();
    int gatewayPort = ChildProcess.freePort();
    String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
    gateway = FunctionInvoker.startPackaged("command-gateway", "command-gateway", CommandGateway.class.getName(), Map.of(
        "RELAY_HUB_PROJECT", PROJECT,
        "RELAY_CLIENTS", "[" + CLIENT_JSON + "]",
        "RELAY_TOKEN_ISSUER", issuer.issuer(),
        "RELAY_TOKEN_CERTS_URL", issuer.certsUrl(),
        "RELAY_TOKEN_AUDIENCES", gatewayUrl,
        "PUBSUB_EMULATOR_HOST", pubsub.host()), LOGS, gatewayPort);
    function = FunctionInvoker.startPackaged("deploy-reporter", "deploy-reporter", DeployReporter.class.getName(), Map.of(
        "RELAY_HUB_PROJECT", PROJECT,
        "RELAY_CLIENT", CLIENT_JSON,
        "RELAY_COMMAND_GATEWAY_URL", gatewayUrl,
        "GCE_METADATA_HOST", issuer.metadataServer(REPORTER_ACCOUNT),
        "PUBSUB_EMULATOR_HOST", pubsub.host(),
        "FIRESTORE_EMULATOR_HOST", firestoreEmulator.host()), LOGS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (function != null) {
      function.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (issuer != null) {
      issuer.close();
    }
    if (firestore != null) {
      firestore.close();
    }
    firestoreEmulator.close();
    pubsub.close();
  }

  /** The deployment as client-deployer records it before it triggers the deploy build. */
  private static void seedDeployment(String releaseId, long sequence, List<String> services) throws Exception {
    Map<String, Object> decisions = new LinkedHashMap<>();
    services.forEach(s -> decisions.put(s, Map.of("action", "DEPLOY", "reason", "")));
    Map<String, Object> deployment = new LinkedHashMap<>();
    deployment.put("deploymentId", releaseId);
    deployment.put("client", "essence");
    deployment.put("releaseId", releaseId);
    deployment.put("sequence", sequence);
    deployment.put("kind", "release");
    deployment.put("status", "TRIGGERED");
    deployment.put("decisions", decisions);
    deployment.put("decisionOrder", services);
    deployment.put("services", services);
    Map<String, Object> images = new LinkedHashMap<>();
    services.forEach(s -> images.put(s, Map.of("releaseId", releaseId, "sequence", sequence,
        "image", "gcr.io/relay/" + s, "digest", DIGEST)));
    deployment.put("images", images);
    deployment.put("buildId", "");
    deployment.put("logUrl", "");
    deployment.put("reason", "");
    deployment.put("createdAt", "2026-11-24T10:00:00Z");
    deployment.put("updatedAt", "2026-11-24T10:00:01Z");
    firestore.document("clients/essence/deployments/" + releaseId).set(deployment).get();
    for (String service : services) {
      firestore.document("clients/essence/services/" + service).set(Map.of("target", Map.of(
          "releaseId", releaseId, "sequence", sequence, "digest", DIGEST, "image", "gcr.io/relay/" + service,
          "deploymentId", releaseId, "at", "2026-11-24T10:00:01Z"))).get();
    }
  }

  private static Build deployBuild(String releaseId, List<String> services, Build.Status status, Instant created) {
    StringBuilder images = new StringBuilder();
    for (String service : services) {
      images.append(images.isEmpty() ? "" : ",").append(service).append("=gcr.io/relay/").append(service).append('@').append(DIGEST);
    }
    Timestamp createTime = Timestamp.newBuilder().setSeconds(created.getEpochSecond()).build();
    return Build.newBuilder().setId("build-" + releaseId).setStatus(status).addTags("relay-deploy")
        .setLogUrl("https://console.cloud.google.com/cloud-build/builds/build-" + releaseId)
        .setCreateTime(createTime).setStartTime(createTime).setFinishTime(createTime)
        .putSubstitutions("_RELEASE_ID", releaseId)
        .putSubstitutions("_DEPLOYMENT_ID", releaseId)
        .putSubstitutions("_DEPLOY_KIND", "release")
        .putSubstitutions("_SERVICES", String.join(",", services))
        .putSubstitutions("_IMAGES", images.toString())
        .build();
  }

  private static HttpResponse<String> deliver(Build build) {
    return deliver(BuildNotifications.toJson(build), build.getId(), build.getStatus().name());
  }

  private static HttpResponse<String> deliver(String data, String buildId, String status) {
    return CloudEventPost.pubSub(function.url(), "projects/relay-essence-prod/topics/cloud-builds",
        data.getBytes(StandardCharsets.UTF_8), Map.of("buildId", buildId, "status", status));
  }

  private static SubscriptionName subscribe(TopicName topic) {
    return pubsub.createSubscription(topic, topic.getTopic() + "-" + UUID.randomUUID());
  }

  /** Everything on the subscription, waiting long enough that one more message would have shown. */
  private static List<PubsubMessage> drain(SubscriptionName subscription, int expected) {
    return pubsub.pull(subscription, expected + 1, Duration.ofSeconds(3));
  }

  private static String logs() {
    return String.join("\n", function.logLines());
  }

  @Test
  void aReleaseStartsAndSucceedsOnceHoweverOftenAndInWhateverOrderCloudBuildReports() throws Exception {
    String release = "2026.11.24-1a2b3c4";
    firestore.document("clients/essence/services/billing").set(Map.of()).get();
    seedDeployment(release, 200, List.of("billing", "portal"));
    firestore.document("clients/essence/services/billing").update("running", Map.of("releaseId", "2026.11.20-0a0a0a0",
        "sequence", 100L, "digest", DIGEST, "image", "gcr.io/relay/billing", "since", "2026-11-20T10:00:00Z")).get();
    SubscriptionName deployments = subscribe(deploymentsTopic);
    Instant created = Instant.now().minusSeconds(120);

    for (Build.Status status : List.of(Build.Status.QUEUED, Build.Status.WORKING, Build.Status.SUCCESS,
        Build.Status.SUCCESS, Build.Status.WORKING)) {
      assertEquals(200, deliver(deployBuild(release, List.of("billing", "portal"), status, created)).statusCode());
    }

    List<DeploymentStatus> events = drain(deployments, 2).stream()
        .map(m -> ContractCodec.decodeDeployment(m.getData().toByteArray()).status()).toList();
    assertEquals(List.of(DeploymentStatus.STARTED, DeploymentStatus.SUCCEEDED), events);

    DocumentSnapshot deployment = firestore.document("clients/essence/deployments/" + release).get().get();
    assertEquals("SUCCEEDED", deployment.getString("status"));
    assertEquals("build-" + release, deployment.getString("buildId"));
    assertEquals(Map.of("DEPLOY", ""), Map.of(((Map<?, ?>) deployment.get("decisions.billing")).get("action"),
        ((Map<?, ?>) deployment.get("decisions.billing")).get("reason")), "client-deployer's fields stay");
    DocumentSnapshot billing = firestore.document("clients/essence/services/billing").get().get();
    assertEquals(release, billing.getString("running.releaseId"));
    assertEquals(200L, billing.getLong("running.sequence"));
    assertEquals(DIGEST, billing.getString("running.digest"));
    assertEquals("2026.11.20-0a0a0a0", billing.getString("previous.releaseId"));
    assertEquals("SUCCEEDED", billing.getString("last.status"));
    assertEquals(release, billing.getString("target.releaseId"), "client-deployer's target stays");
    assertEquals(release, firestore.document("clients/essence/services/portal").get().get().getString("running.releaseId"));
    Object open = firestore.document("clients/essence").get().get().get("openDeployments");
    assertTrue(open instanceof Map<?, ?> listed && !listed.containsKey(release),
        "recorded in the client's list of open deployments (STARTED), and off it once SUCCEEDED: " + open);
    assertTrue(logs().contains("\"message\":\"duplicate or out-of-order deploy build notification: deployment is SUCCEEDED, build reports STARTED\""), logs());
  }

  @Test
  void aFailedDeploymentIsReportedAndRolledBackExactlyOnce() throws Exception {
    String release = "2026.11.25-2b3c4d5";
    seedDeployment(release, 300, List.of("reports"));
    SubscriptionName deployments = subscribe(deploymentsTopic);
    SubscriptionName commands = subscribe(releaseCommandsTopic);
    Instant created = Instant.now().minusSeconds(120);

    assertEquals(200, deliver(deployBuild(release, List.of("reports"), Build.Status.FAILURE, created)).statusCode());
    assertEquals(200, deliver(deployBuild(release, List.of("reports"), Build.Status.FAILURE, created)).statusCode());
    assertEquals(200, deliver(deployBuild(release, List.of("reports"), Build.Status.TIMEOUT, created)).statusCode());

    List<PubsubMessage> events = drain(deployments, 1);
    assertEquals(1, events.size());
    DeploymentEvent failed = ContractCodec.decodeDeployment(events.get(0).getData().toByteArray());
    assertEquals(DeploymentStatus.FAILED, failed.status());
    assertEquals("FAILURE", failed.reason());
    assertEquals("https://console.cloud.google.com/cloud-build/builds/build-" + release, failed.logUrl());
    assertEquals(Map.of("schema", "relay.deployment/v1", "client", "essence", "releaseId", release, "status", "FAILED",
        "eventId", "essence~" + release + "~FAILED~build-" + release), events.get(0).getAttributesMap(),
        "the eventId is the same on every copy: consumers drop duplicates by it");

    List<PubsubMessage> rollbacks = drain(commands, 1);
    assertEquals(1, rollbacks.size());
    // Sent through the command gateway, which records the reporter's verified service account as 'by'.
    assertEquals(new Command(CommandType.ROLLBACK, "essence", release, "reports", REPORTER_ACCOUNT, "auto rollback: FAILURE"),
        ContractCodec.decodeCommand(rollbacks.get(0).getData().toByteArray()));

    DocumentSnapshot deployment = firestore.document("clients/essence/deployments/" + release).get().get();
    assertEquals("FAILED", deployment.getString("status"));
    assertEquals(Boolean.TRUE, deployment.getBoolean("autoRollback.requested"));
    assertEquals(Boolean.TRUE, deployment.getBoolean("autoRollback.published"));
    DocumentSnapshot service = firestore.document("clients/essence/services/reports").get().get();
    assertEquals("FAILED", service.getString("last.status"));
    assertFalse(service.contains("running"), "a failed deployment runs nothing");
  }

  @Test
  void otherBuildsMalformedMessagesAndUnknownDeploymentsAreAckedOrRetriedAsTheyShouldBe() {
    SubscriptionName deployments = subscribe(deploymentsTopic);
    Build monorepo = Build.newBuilder().setId("monorepo-1").setStatus(Build.Status.SUCCESS).addTags("relay-monorepo").build();
    assertEquals(200, deliver(monorepo).statusCode());
    assertEquals(200, deliver("{{{ not a build", "x", "SUCCESS").statusCode());

    String missing = "2026.11.26-3c4d5e6";
    HttpResponse<String> young = deliver(deployBuild(missing, List.of("billing"), Build.Status.WORKING,
        Instant.now().minusSeconds(20)));
    assertTrue(young.statusCode() >= 500, "a deployment not yet recorded is retried, got " + young.statusCode());
    assertEquals(200, deliver(deployBuild(missing, List.of("billing"), Build.Status.WORKING,
        Instant.now().minus(Duration.ofHours(1)))).statusCode());

    assertEquals(List.of(), drain(deployments, 0));
    String logs = logs();
    assertTrue(logs.contains("\"severity\":\"INFO\",\"message\":\"not a deploy build: no tag 'relay-deploy' and no _RELEASE_ID substitution\""), logs);
    assertTrue(logs.contains("\"severity\":\"ERROR\",\"message\":\"malformed cloud-builds message dropped"), logs);
    assertTrue(logs.contains("\"severity\":\"WARNING\",\"message\":\"deploy build notification postponed, will retry: deployment essence/" + missing + " is not recorded yet"), logs);
    assertTrue(logs.contains("\"severity\":\"ERROR\",\"message\":\"deploy build of an unknown deployment dropped: no clients/essence/deployments/" + missing), logs);
  }

  @Test
  void eachOutcomeIsCountedOnceInTheMetricsWithItsLeadTime() throws Exception {
    String released = "2026.11.24-4d5e6f7";
    String failing = "2026.11.24-5e6f7a8";
    Instant finished = Instant.parse("2026-11-24T12:00:00Z");
    firestore.document("releases/" + released).set(Map.of("releaseId", released, "sequence", 400L,
        "source", Map.of("repo", "monorepo", "branch", "main", "commit", "4d5e6f7", "buildId", "b",
            "commitTime", "2026-11-24T11:00:00Z"))).get();
    seedDeployment(released, 400, List.of("analytics"));
    seedDeployment(failing, 500, List.of("ledger"));

    for (int i = 0; i < 2; i++) {
      assertEquals(200, deliver(deployBuild(released, List.of("analytics"), Build.Status.SUCCESS, finished)).statusCode());
      assertEquals(200, deliver(deployBuild(failing, List.of("ledger"), Build.Status.FAILURE, finished)).statusCode());
    }

    DocumentSnapshot day = firestore.document("metrics/essence/days/2026-11-24").get().get();
    assertEquals(1L, ((Number) day.get("services.analytics.succeeded")).longValue(), "a redelivery counts nothing twice");
    assertEquals(List.of(3600L), day.get("services.analytics.leadTimes"), "commit 11:00, SUCCEEDED 12:00");
    assertEquals(1L, ((Number) day.get("services.ledger.failed")).longValue());
    assertEquals("2026-11-24T12:00:00Z", firestore.document("metrics/essence").get().get().getString("failingSince.ledger"));
    MetricsReport report = new FirestoreMetricsReader(firestore).read(MetricsWindow.parse("P1D", LocalDate.parse("2026-11-24")));
    FourKeys analytics = report.client("essence").orElseThrow().services().get("analytics");
    assertEquals(Optional.of(Duration.ofHours(1)), analytics.leadTimeMedian());
    assertEquals(Optional.of(1.0), report.client("essence").orElseThrow().services().get("ledger").changeFailureRate());
  }
}
