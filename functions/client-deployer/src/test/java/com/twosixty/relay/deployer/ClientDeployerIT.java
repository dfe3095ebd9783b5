package com.twosixty.relay.deployer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.MessageAttributes;
import com.twosixty.relay.contract.RelayMessage;
import com.twosixty.relay.contract.Release;
import com.google.cloud.firestore.Firestore;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.statusview.FirestoreStatusReader;
import com.twosixty.relay.statusview.StatusQueries;
import com.twosixty.relay.testing.CloudEventPost;
import com.twosixty.relay.testing.PushPost;
import com.twosixty.relay.testing.FakeGoogleApis;
import com.twosixty.relay.testing.FirestoreEmulator;
import com.twosixty.relay.testing.FunctionInvoker;
import com.twosixty.relay.testing.PubSubEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three example clients' deployers on the real invoker, with the Pub/Sub and Firestore emulators,
 * fed as production feeds them: the raw body a Pub/Sub push subscription POSTs.
 */
class ClientDeployerIT {
  private static final String HUB = "relay-hub";
  private static final Path LOGS = Path.of("target", "processes");
  private static final String DIGEST = "sha256:" + "c".repeat(64);

  private static PubSubEmulator pubsub;
  private static FirestoreEmulator firestore;
  private static FakeGoogleApis google;
  private static SubscriptionName deployments;
  private static final Map<String, FunctionInvoker> deployers = new HashMap<>();
  /** Northwind's policy (manual approval) under its own id, for the test that posts the documented push body. */
  private static final String PUSHED = "umbrella";
  /** Essence's policy (automatic, every service) and northwind's (manual) under ids of their own, for the command tests. */
  private static final String VIGIL = "vigil";
  private static final String WARDEN = "warden";

  @BeforeAll
  static void start() {
    pubsub = PubSubEmulator.start(LOGS);
    firestore = FirestoreEmulator.start(LOGS);
    google = FakeGoogleApis.start();
    deployments = pubsub.createSubscription(pubsub.createTopic(HUB, "deployments"), "deployments-test");
    for (String client : List.of("essence", "northwind", "acme", PUSHED, VIGIL, WARDEN)) {
      deployers.put(client, FunctionInvoker.startPackaged("client-deployer-" + client, "client-deployer", ClientDeployer.class.getName(), Map.of(
          "RELAY_HUB_PROJECT", HUB,
          "RELAY_CLIENT", clientJsonWithoutFreezeNow(client),
          "RELAY_IMAGE_REPOSITORIES", "gcr.io/" + HUB + "/",
          "RELAY_CLOUDBUILD_ENDPOINT", google.endpoint(),
          "RELAY_CONTAINER_ENDPOINT", google.endpoint(),
          "PUBSUB_EMULATOR_HOST", pubsub.host(),
          "FIRESTORE_EMULATOR_HOST", firestore.host()), LOGS));
    }
  }

  @AfterAll
  static void stop() {
    deployers.values().forEach(FunctionInvoker::close);
    google.close();
    firestore.close();
    pubsub.close();
  }

  /**
   * The client file as Terraform passes it, with any freeze window moved to start three days from
   * now, so that the outcome does not depend on the day the test runs.
   */
  private static String clientJsonWithoutFreezeNow(String client) {
    String file = switch (client) {
      case PUSHED, WARDEN -> "northwind";
      case VIGIL -> "essence";
      default -> client;
    };
    JsonObject json = JsonParser.parseString(ClientDefinitions.toJson(Path.of("..", "..", "clients", file + ".yaml"))).getAsJsonObject();
    json.addProperty("id", client);
    json.getAsJsonObject("gcp").addProperty("project", "relay-" + client + "-prod");
    String inThreeDays = Instant.now().atZone(ZoneId.of("UTC")).plusDays(3).getDayOfWeek().name();
    json.getAsJsonArray("freeze").forEach(window -> window.getAsJsonObject().addProperty("day", inThreeDays));
    return json.toString();
  }

  private static void deliver(String client, RelayMessage message) {
    var response = PushPost.message(deployers.get(client).url(), "projects/relay-" + client + "-prod/subscriptions/relay-" + client
        + "-releases", ContractCodec.encode(message), MessageAttributes.of(message));
    assertEquals(204, response.statusCode(), response.body());
  }

  private static Map<String, List<DeploymentEvent>> eventsByClient(int count) {
    List<PubsubMessage> received = pubsub.pull(deployments, count, Duration.ofSeconds(20));
    return received.stream().map(m -> ContractCodec.decodeDeployment(m.getData().toByteArray()))
        .collect(Collectors.groupingBy(DeploymentEvent::client));
  }

  @Test
  void eachClientDecidesUnderItsOwnPolicy() {
    Release release = new Release("2026.11.25-1a2b3c4", 1_764_072_000_000L,
        new Release.Source("monorepo", "main", "1a2b3c4d5e", "build-7"), "2026-11-25T12:00:00Z", Channel.STABLE,
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", DIGEST, "1a2b3c4"),
            new Release.ServiceImage("portal", "gcr.io/relay-hub/portal", DIGEST, "1a2b3c4"),
            new Release.ServiceImage("reports", "gcr.io/relay-hub/reports", DIGEST, "1a2b3c4")));
    for (String client : List.of("essence", "northwind", "acme")) {
      deliver(client, release);
    }
    deliver("essence", release); // a redelivery changes nothing

    Map<String, List<DeploymentEvent>> events = eventsByClient(4);
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses(events.get("essence")));
    assertEquals(List.of("billing", "portal", "reports"), events.get("essence").get(0).services());
    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL), statuses(events.get("northwind")));
    assertEquals(List.of(DeploymentStatus.SKIPPED, DeploymentStatus.TRIGGERED), statuses(events.get("acme")));
    assertEquals("billing: pinned, reports: not-run-by-client", events.get("acme").get(0).reason());
    assertEquals(List.of("portal"), events.get("acme").get(1).services());

    Command approve = new Command(CommandType.APPROVE, "northwind", release.releaseId(), "", "ops@twosixty.com", "CAB ok");
    deliver("essence", approve); // addressed to northwind: essence ignores it
    deliver("northwind", approve);

    Map<String, List<DeploymentEvent>> afterApproval = eventsByClient(1);
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses(afterApproval.get("northwind")));
    List<String> projects = google.triggerRuns().stream().map(r -> r.getProjectId())
        .filter(p -> !p.equals("relay-" + PUSHED + "-prod")).sorted().toList();
    assertEquals(List.of("relay-acme-prod", "relay-essence-prod", "relay-northwind-prod"), projects, "one deploy build per client");
    assertTrue(deployers.get("essence").logLines().stream().anyMatch(l -> l.contains("message for client 'northwind' ignored")));
    assertFalse(google.userAgents().isEmpty());
    assertTrue(google.userAgents().stream().allMatch(agent -> agent.contains("grpc-java-okhttp/")),
        "the deployers call Cloud Build and GKE over the transport they ship with: " + google.userAgents());
  }

  @Test
  void malformedMessagesAreAckedWithAnErrorLine() {
    String subscription = "projects/relay-essence-prod/subscriptions/relay-essence-releases";
    var response = PushPost.message(deployers.get("essence").url(), subscription,
        "{\"schema\":\"relay.release/v1\",\"releaseId\":\"x\"}".getBytes(StandardCharsets.UTF_8), Map.of("schema", "relay.release/v1"));
    assertEquals(204, response.statusCode());
    var unknown = PushPost.message(deployers.get("essence").url(), subscription,
        "{\"schema\":\"relay.command/v1\",\"command\":\"explode\",\"client\":\"essence\",\"releaseId\":\"\",\"service\":\"\",\"by\":\"x\",\"reason\":\"\"}"
            .getBytes(StandardCharsets.UTF_8), Map.of());
    assertEquals(204, unknown.statusCode());
    String logs = String.join("\n", deployers.get("essence").logLines());
    assertTrue(logs.contains("\"severity\":\"ERROR\",\"message\":\"malformed message dropped: field 'source': required field is missing"), logs);
    assertTrue(logs.contains("malformed message dropped: field 'command': unknown command 'explode'"), logs);
  }

  /** Pub/Sub's documented push body, written out as it arrives: both spellings, an ordering key, a delivery attempt. */
  private static String documentedPushBody(String messageId, RelayMessage message, String subscription) {
    JsonObject attributes = new JsonObject();
    MessageAttributes.of(message).forEach(attributes::addProperty);
    String data = java.util.Base64.getEncoder().encodeToString(ContractCodec.encode(message));
    String now = Instant.now().toString();
    return """
        {
          "message": {
            "attributes": %s,
            "data": "%s",
            "messageId": "%s",
            "message_id": "%s",
            "orderingKey": "essence",
            "publishTime": "%s",
            "publish_time": "%s"
          },
          "subscription": "%s",
          "deliveryAttempt": 3
        }""".formatted(attributes, data, messageId, messageId, now, now, subscription);
  }

  @Test
  void aReleaseAndACommandInThePushBodyAreActedOn() {
    Release release = new Release("2026.11.26-2b3c4d5", 1_764_158_400_000L,
        new Release.Source("monorepo", "main", "2b3c4d5e6f", "build-8"), "2026-11-26T12:00:00Z", Channel.STABLE,
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", DIGEST, "2b3c4d5")));
    var released = PushPost.send(deployers.get(PUSHED).url(),
        documentedPushBody("9001", release, "projects/relay-umbrella-prod/subscriptions/relay-umbrella-releases"));
    assertEquals(204, released.statusCode(), released.body());
    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL), statuses(eventsByClient(1).get(PUSHED)));

    Command approve = new Command(CommandType.APPROVE, PUSHED, release.releaseId(), "", "ops@twosixty.com", "push");
    var approved = PushPost.send(deployers.get(PUSHED).url(),
        documentedPushBody("9002", approve, "projects/relay-umbrella-prod/subscriptions/relay-umbrella-commands"));
    assertEquals(204, approved.statusCode(), approved.body());
    List<DeploymentEvent> answered = eventsByClient(1).get(PUSHED);
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses(answered));
    assertEquals(release.releaseId(), answered.get(0).releaseId());
    assertTrue(google.triggerRuns().stream()
        .anyMatch(r -> release.releaseId().equals(r.getSource().getSubstitutionsMap().get("_RELEASE_ID"))));
  }

  /**
   * What an attacker with publish rights on releases tried on the local stack (issue 18): schema-valid
   * releases naming another registry, a look-alike repository, an image already holding a digest.
   * Each is acked, deploys nothing, and is one FAILED event naming the image and one ERROR line.
   */
  @Test
  void aReleaseWithAForeignImageIsRefusedBeforeAnythingDeploys() {
    FunctionInvoker essence = deployers.get("essence");
    List<String> foreign = List.of("docker.io/attacker/billing", "gcr.io/" + HUB + "-evil/portal",
        "gcr.io/" + HUB + "/billing@sha256:" + "d".repeat(64));
    for (int i = 0; i < foreign.size(); i++) {
      Release release = new Release("2026.11.27-f0e1d2" + i, 1_764_244_800_000L + i,
          new Release.Source("monorepo", "main", "f0e1d2c3", "build-9"), "2026-11-27T12:00:00Z", Channel.STABLE,
          List.of(new Release.ServiceImage("portal", "gcr.io/" + HUB + "/portal", DIGEST, "f0e1d2"),
              new Release.ServiceImage("billing", foreign.get(i), DIGEST, "f0e1d2")));
      int before = essence.logLines().size();
      var response = PushPost.send(essence.url(),
          documentedPushBody("foreign-" + i, release, "projects/relay-essence-prod/subscriptions/relay-essence-releases"));
      assertEquals(204, response.statusCode(), "acked: a redelivery cannot make the image allowed");

      List<DeploymentEvent> events = eventsByClient(1).get("essence");
      assertEquals(List.of(DeploymentStatus.FAILED), statuses(events), foreign.get(i));
      assertEquals(release.releaseId(), events.get(0).releaseId());
      assertTrue(events.get(0).reason().contains("billing '" + foreign.get(i) + "@" + DIGEST + "'"), events.get(0).reason());
      List<String> errors = essence.logLines().subList(before, essence.logLines().size()).stream()
          .filter(l -> l.contains("\"severity\":\"ERROR\"")).toList();
      assertEquals(1, errors.size(), errors.toString());
      assertTrue(errors.get(0).contains(foreign.get(i)), errors.get(0));
      assertTrue(google.triggerRuns().stream()
          .noneMatch(r -> release.releaseId().equals(r.getSource().getSubstitutionsMap().get("_RELEASE_ID"))),
          "nothing sent to Cloud Build for " + release.releaseId());
    }
  }

  @Test
  void onlySnakeCaseSpellingsAreReadToo() {
    Release stale = new Release("2026.11.19-5n4k3c4", 2, new Release.Source("monorepo", "main", "5n4k3", "b"),
        "2026-11-19T12:00:00Z", Channel.STABLE,
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", DIGEST, "t")));
    String twoDaysAgo = Instant.now().minus(Duration.ofDays(2)).toString();
    String body = "{\"message\":{\"data\":\"" + java.util.Base64.getEncoder().encodeToString(ContractCodec.encode(stale))
        + "\",\"message_id\":\"snake-1\",\"publish_time\":\"" + twoDaysAgo + "\"},\"subscription\":\"s\"}";
    assertEquals(204, PushPost.send(deployers.get("essence").url(), body).statusCode());
    assertTrue(deployers.get("essence").logLines().stream().anyMatch(l -> l.contains("older than PT24H dropped")
        && l.contains("\"messageId\":\"snake-1\"")), "message_id and publish_time read: the stale message was recognised");
  }

  @Test
  void aMalformedPushBodyIsAckedWithOneErrorLine() {
    FunctionInvoker acme = deployers.get("acme");
    List<String> bodies = List.of("", "not json", "[1,2]", "{\"subscription\":\"projects/p/subscriptions/s\"}",
        "{\"message\":{\"data\":\"***\",\"messageId\":\"bad-64\"},\"subscription\":\"s\"}");
    for (String body : bodies) {
      int before = acme.logLines().size();
      var response = PushPost.send(acme.url(), body);
      assertEquals(204, response.statusCode(), "acked, so Pub/Sub does not redeliver it: " + body);
      List<String> errors = acme.logLines().subList(before, acme.logLines().size()).stream()
          .filter(l -> l.contains("\"severity\":\"ERROR\"")).toList();
      assertEquals(1, errors.size(), body + " → " + errors);
      assertTrue(errors.get(0).contains("malformed push body dropped"), errors.get(0));
    }
  }

  @Test
  void aFailureItCannotHandleNacksWith500() {
    // RELAY_CLIENT missing: no delivery can succeed, so each is refused and Pub/Sub redelivers, then dead-letters.
    try (FunctionInvoker misconfigured = FunctionInvoker.startPackaged("client-deployer-misconfigured", "client-deployer", ClientDeployer.class.getName(),
        Map.of("RELAY_HUB_PROJECT", HUB, "PUBSUB_EMULATOR_HOST", pubsub.host(), "FIRESTORE_EMULATOR_HOST", firestore.host()), LOGS)) {
      var response = PushPost.message(misconfigured.url(), "s", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
      assertEquals(500, response.statusCode());
      assertTrue(misconfigured.logLines().stream().anyMatch(l -> l.contains("\"severity\":\"ERROR\"")
          && l.contains("client-deployer is misconfigured") && l.contains("RELAY_CLIENT")), String.join("\n", misconfigured.logLines()));
    }
  }

  @Test
  void anOversizedPushBodyIsReadAndAckedWithOneErrorLine() {
    FunctionInvoker acme = deployers.get("acme");
    int before = acme.logLines().size();
    String huge = "{\"message\":{\"data\":\"" + "A".repeat(2_000_000) + "\",\"messageId\":\"huge\"},\"subscription\":\"s\"}";
    var response = PushPost.send(acme.url(), huge);
    assertEquals(204, response.statusCode());
    List<String> errors = acme.logLines().subList(before, acme.logLines().size()).stream()
        .filter(l -> l.contains("\"severity\":\"ERROR\"")).toList();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("push body over " + ClientDeployer.MAX_BODY_BYTES + " bytes dropped"), errors.get(0));
  }

  @Test
  void onlyPostIsServed() throws Exception {
    var response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(deployers.get("acme").url()).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(405, response.statusCode());
    assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void anEventOlderThanTheAgeLimitIsDroppedWithALogLine() {
    Release old = new Release("2026.11.20-0ld0000", 1, new Release.Source("monorepo", "main", "0ld", "b"),
        "2026-11-20T12:00:00Z", Channel.STABLE,
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", DIGEST, "t")));
    JsonObject envelope = JsonParser.parseString(CloudEventPost.envelope("stale-1", ContractCodec.encode(old),
        MessageAttributes.of(old), "projects/" + HUB + "/subscriptions/test")).getAsJsonObject();
    envelope.getAsJsonObject("message").addProperty("publishTime", Instant.now().minus(Duration.ofDays(2)).toString());
    assertEquals(204, PushPost.send(deployers.get("essence").url(), envelope.toString()).statusCode());
    assertTrue(deployers.get("essence").logLines().stream()
        .anyMatch(l -> l.contains("\"severity\":\"WARNING\",\"message\":\"message older than PT24H dropped\"")));
    assertTrue(google.triggerRuns().stream().noneMatch(r -> r.getSource().getSubstitutionsMap().get("_RELEASE_ID").equals(old.releaseId())));
  }

  private static void deliver(String client, String messageId, RelayMessage message) {
    var response = PushPost.send(deployers.get(client).url(), CloudEventPost.envelope(messageId, ContractCodec.encode(message),
        MessageAttributes.of(message), "projects/relay-" + client + "-prod/subscriptions/relay-" + client + "-commands"));
    assertEquals(204, response.statusCode(), response.body());
  }

  private static Release releaseOf(String releaseId, long sequence, String... services) {
    return new Release(releaseId, sequence, new Release.Source("monorepo", "main", releaseId.substring(11), "build-" + releaseId),
        "2026-11-28T12:00:00Z", Channel.STABLE, java.util.Arrays.stream(services)
            .map(s -> new Release.ServiceImage(s, "gcr.io/" + HUB + "/" + s, DIGEST, releaseId.substring(11))).toList());
  }

  private static boolean triggered(String client, String releaseId) {
    return google.triggerRuns().stream().anyMatch(r -> r.getProjectId().equals("relay-" + client + "-prod")
        && releaseId.equals(r.getSource().getSubstitutionsMap().get("_RELEASE_ID")));
  }

  private static List<CommandDocument> commandsOf(String client) {
    try (Firestore db = FirestoreClients.create(HUB, "(default)", firestore.host())) {
      return new StatusQueries(new FirestoreStatusReader(db), java.time.Clock.systemUTC()).client(client).orElseThrow().commands();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Issue 18: a pin to a release that never reached the client held the service back from every later release. */
  @Test
  void aPinToAReleaseTheClientNeverSawIsRefusedAndTheNextReleaseStillDeploysThatService() {
    Command pin = new Command(CommandType.PIN, VIGIL, "2026.01.01-0000000", "portal", "ops@twosixty.com", "hold portal");
    deliver(VIGIL, "pin-1", pin);
    DeploymentEvent refused = eventsByClient(1).get(VIGIL).get(0);
    assertEquals(DeploymentStatus.FAILED, refused.status());
    assertEquals("pin refused: release 2026.01.01-0000000 has not been seen by vigil", refused.reason());
    assertTrue(deployers.get(VIGIL).logLines().stream().anyMatch(l -> l.contains("\"severity\":\"WARNING\"")
        && l.contains("command refused: release 2026.01.01-0000000 has not been seen by vigil")));

    Command nobody = new Command(CommandType.FREEZE, VIGIL, "", "", "", "no name");
    deliver(VIGIL, "freeze-1", nobody);
    assertEquals("freeze refused: by is empty: a command names who sends it", eventsByClient(1).get(VIGIL).get(0).reason());

    Release next = releaseOf("2026.11.28-v1g1l00", 1_764_331_200_000L, "billing", "portal");
    deliver(VIGIL, next);
    List<DeploymentEvent> deployed = eventsByClient(1).get(VIGIL);
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses(deployed), "neither a pin nor a freeze was recorded");
    assertEquals(List.of("billing", "portal"), deployed.get(0).services());
    assertTrue(triggered(VIGIL, next.releaseId()));

    deliver(VIGIL, "pin-1", pin); // Pub/Sub redelivers the pin: answered again, recorded once
    eventsByClient(1);
    List<CommandDocument> records = commandsOf(VIGIL);
    assertEquals(List.of("freeze-1", "pin-1"), records.stream().map(CommandDocument::messageId).toList(), "newest first, once each");
    assertEquals("REFUSED", records.get(1).outcome());
    assertEquals("FAILED", records.get(1).status());
    assertEquals("ops@twosixty.com", records.get(1).by());
    assertEquals("hold portal", records.get(1).reason());
    assertEquals("pin refused: release 2026.01.01-0000000 has not been seen by vigil", records.get(1).outcomeReason());
  }

  /** Issue 18: an approve of a waiting release a newer one had overtaken published nothing, and it stayed on the waiting list. */
  @Test
  void approvingANewerReleaseClosesTheOlderWaitingOneAndItsApproveIsAnswered() {
    Release older = releaseOf("2026.11.28-w4rd3n1", 1_764_331_200_000L, "billing");
    Release newer = releaseOf("2026.11.29-w4rd3n2", 1_764_417_600_000L, "billing");
    deliver(WARDEN, older);
    deliver(WARDEN, newer);
    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL, DeploymentStatus.AWAITING_APPROVAL),
        statuses(eventsByClient(2).get(WARDEN)));

    deliver(WARDEN, "approve-newer", new Command(CommandType.APPROVE, WARDEN, newer.releaseId(), "", "ana@twosixty.com", "CAB"));
    List<DeploymentEvent> approved = eventsByClient(2).get(WARDEN);
    assertEquals(new java.util.HashSet<>(List.of(DeploymentStatus.SKIPPED, DeploymentStatus.TRIGGERED)),
        new java.util.HashSet<>(statuses(approved)));
    DeploymentEvent closed = approved.stream().filter(e -> e.status() == DeploymentStatus.SKIPPED).findFirst().orElseThrow();
    assertEquals(older.releaseId(), closed.releaseId());
    assertEquals("superseded by " + newer.releaseId(), closed.reason());
    try (Firestore db = FirestoreClients.create(HUB, "(default)", firestore.host())) {
      assertEquals(List.of(), new FirestoreStatusReader(db).awaitingApproval(WARDEN), "nothing left on the waiting list");
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    deliver(WARDEN, "approve-older", new Command(CommandType.APPROVE, WARDEN, older.releaseId(), "", "ana@twosixty.com", ""));
    DeploymentEvent answer = eventsByClient(1).get(WARDEN).get(0);
    assertEquals(DeploymentStatus.SKIPPED, answer.status());
    assertEquals("approve refused: " + older.releaseId() + " waits for nothing: its deployment is SKIPPED (superseded by "
        + newer.releaseId() + ")", answer.reason());
    assertFalse(triggered(WARDEN, older.releaseId()), "the overtaken release never reaches the cluster");

    List<CommandDocument> records = commandsOf(WARDEN);
    assertEquals(List.of("approve-older", "approve-newer"), records.stream().map(CommandDocument::messageId).toList());
    assertEquals(List.of("REFUSED", "APPLIED"), records.stream().map(CommandDocument::outcome).toList());
    assertEquals("TRIGGERED", records.get(1).status());
  }

  private static List<DeploymentStatus> statuses(List<DeploymentEvent> events) {
    return events.stream().map(DeploymentEvent::status).toList();
  }
}
