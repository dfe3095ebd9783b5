package com.twosixty.relay.local.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import com.sun.net.httpserver.HttpServer;
import com.twosixty.relay.config.RelayFunction.Delivery;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.testing.PubSubEmulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bridge between the real Pub/Sub emulator and an HTTP endpoint that answers as told, on a push
 * route (with a dead-letter policy, as Terraform's push subscriptions) and an Eventarc route.
 */
class DeliveryBridgeIT {
  private static final String PROJECT = "relay-bridge-test";
  private static final int MAX_ATTEMPTS = 5;

  private static PubSubEmulator pubsub;
  private static HttpServer function;
  private static DeliveryBridge bridge;
  private static TopicName pushed;
  private static TopicName eventarc;
  private static SubscriptionName deadLetters;
  /** Every delivery the "function" received, by the message's {@code case} attribute. */
  private static final Map<String, List<JsonObject>> received = new ConcurrentHashMap<>();
  /** The request headers of each delivery, names in lower case. */
  private static final Map<String, List<Map<String, String>>> headers = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws IOException {
    pubsub = PubSubEmulator.start(Path.of("target", "processes"));
    pushed = pubsub.createTopic(PROJECT, "releases");
    eventarc = pubsub.createTopic(PROJECT, "cloud-builds");
    TopicName deadLetterTopic = pubsub.createTopic(PROJECT, "releases-dead-letter");
    deadLetters = pubsub.createSubscription(deadLetterTopic, "releases-dead-letter-inspect");
    SubscriptionName push = SubscriptionName.of(PROJECT, "relay-essence-releases");
    SubscriptionName trigger = SubscriptionName.of(PROJECT, "eventarc-release-publisher");
    try (SubscriptionAdminClient admin = pubsub.subscriptionAdmin()) {
      admin.createSubscription(Subscription.newBuilder().setName(push.toString()).setTopic(pushed.toString())
          .setAckDeadlineSeconds(30)
          .setDeadLetterPolicy(DeadLetterPolicy.newBuilder().setDeadLetterTopic(deadLetterTopic.toString())
              .setMaxDeliveryAttempts(MAX_ATTEMPTS))
          .build());
      admin.createSubscription(Subscription.newBuilder().setName(trigger.toString()).setTopic(eventarc.toString())
          .setAckDeadlineSeconds(30).build());
    }

    AtomicInteger flakyFailures = new AtomicInteger(2);
    function = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    function.createContext("/", exchange -> {
      JsonObject body = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
      String testCase = body.getAsJsonObject("message").getAsJsonObject("attributes").get("case").getAsString();
      Map<String, String> seen = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      // Headers first: a test that sees the body (waitFor) then reads its headers.
      headers.computeIfAbsent(testCase, c -> new CopyOnWriteArrayList<>()).add(seen);
      received.computeIfAbsent(testCase, c -> new CopyOnWriteArrayList<>()).add(body);
      int status = switch (testCase) {
        case "ok", "shape", "eventarc" -> 204;
        case "flaky" -> flakyFailures.getAndDecrement() > 0 ? 503 : 200;
        default -> 500;
      };
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    function.start();

    URI url = URI.create("http://127.0.0.1:" + function.getAddress().getPort() + "/");
    bridge = DeliveryBridge.start(pubsub.subscriberStub(),
        List.of(new DeliveryBridge.Route("push", push, pushed, url, Delivery.PUSH_SUBSCRIPTION),
            new DeliveryBridge.Route("eventarc", trigger, eventarc, url, Delivery.EVENTARC)),
        new DeliveryBridge.RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200)), Duration.ofSeconds(10),
        StructuredLog.to("bridge-test", new PrintStream(OutputStream.nullOutputStream())));
  }

  @AfterAll
  static void stop() {
    bridge.close();
    function.stop(0);
    pubsub.close();
  }

  @Test
  void a2xxAcksAFailureRedeliversAndAPoisonMessageEndsOnTheDeadLetterTopic() throws Exception {
    String okId = pubsub.publish(pushed, "hello".getBytes(StandardCharsets.UTF_8), Map.of("case", "ok"));
    pubsub.publish(pushed, "retry me".getBytes(StandardCharsets.UTF_8), Map.of("case", "flaky"));
    pubsub.publish(pushed, "poison".getBytes(StandardCharsets.UTF_8), Map.of("case", "poison"));

    List<PubsubMessage> dead = pubsub.pull(deadLetters, 1, Duration.ofSeconds(20));
    Thread.sleep(500);

    assertEquals(1, received.get("ok").size(), "acked on the first 2xx, never redelivered");
    JsonObject ok = received.get("ok").get(0);
    JsonObject message = ok.getAsJsonObject("message");
    assertEquals("hello", new String(Base64.getDecoder().decode(message.get("data").getAsString()), StandardCharsets.UTF_8));
    assertEquals(okId, message.get("messageId").getAsString());
    assertEquals(okId, message.get("message_id").getAsString(), "push sends both spellings");
    assertEquals(message.get("publishTime"), message.get("publish_time"));
    assertEquals("projects/" + PROJECT + "/subscriptions/relay-essence-releases", ok.get("subscription").getAsString());

    assertEquals(3, received.get("flaky").size(), "two 503s, then the 200 that acks it");
    assertEquals(List.of(1, 2, 3), received.get("flaky").stream().map(b -> b.get("deliveryAttempt").getAsInt()).toList());

    assertEquals(MAX_ATTEMPTS, received.get("poison").size(), "delivered as often as the subscription allows");
    assertEquals(1, dead.size());
    assertEquals("poison", dead.get(0).getData().toStringUtf8());
  }

  @Test
  void aPushRouteSendsTheRawPushBodyWithABearerTokenAndNoCloudEventHeaders() throws Exception {
    pubsub.publish(pushed, "shape".getBytes(StandardCharsets.UTF_8), Map.of("case", "shape"));
    waitFor("shape");
    for (Map<String, String> request : headers.get("shape")) {
      assertTrue(request.getOrDefault("authorization", "").matches("Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\."), request.toString());
      assertTrue(request.getOrDefault("content-type", "").startsWith("application/json"), request.toString());
      assertFalse(request.keySet().stream().anyMatch(name -> name.startsWith("ce-")), "no CloudEvent headers: " + request);
    }
  }

  @Test
  void anEventarcRouteSendsABinaryModeCloudEvent() throws Exception {
    String id = pubsub.publish(eventarc, "build".getBytes(StandardCharsets.UTF_8), Map.of("case", "eventarc"));
    waitFor("eventarc");
    Map<String, String> request = headers.get("eventarc").get(0);
    assertEquals("1.0", request.get("ce-specversion"));
    assertEquals("google.cloud.pubsub.topic.v1.messagePublished", request.get("ce-type"));
    assertEquals("//pubsub.googleapis.com/projects/" + PROJECT + "/topics/cloud-builds", request.get("ce-source"));
    assertEquals(id, request.get("ce-id"));
    assertTrue(request.getOrDefault("authorization", "").startsWith("Bearer "), "Eventarc calls with its trigger's token: " + request);
    JsonObject data = received.get("eventarc").get(0);
    assertEquals(id, data.getAsJsonObject("message").get("messageId").getAsString());
    assertFalse(data.has("deliveryAttempt"), "no dead-letter policy on an Eventarc subscription, so no attempt count");
  }

  private static void waitFor(String testCase) throws InterruptedException {
    for (int i = 0; i < 200 && !received.containsKey(testCase); i++) {
      Thread.sleep(50);
    }
    assertTrue(received.containsKey(testCase), "nothing delivered for " + testCase);
  }
}
