package com.twosixty.relay.local.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bridge between the real Pub/Sub emulator and an HTTP endpoint that answers as told. */
class EventarcBridgeIT {
  private static final String PROJECT = "relay-bridge-test";
  private static final int MAX_ATTEMPTS = 5;

  private static PubSubEmulator pubsub;
  private static HttpServer function;
  private static EventarcBridge bridge;
  private static TopicName topic;
  private static SubscriptionName deadLetters;
  /** Every delivery the "function" received, by the message's {@code case} attribute. */
  private static final Map<String, List<JsonObject>> received = new ConcurrentHashMap<>();
  private static final Map<String, List<Map<String, String>>> headers = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws IOException {
    pubsub = PubSubEmulator.start(Path.of("target", "processes"));
    topic = pubsub.createTopic(PROJECT, "events");
    TopicName deadLetterTopic = pubsub.createTopic(PROJECT, "events-dead-letter");
    deadLetters = pubsub.createSubscription(deadLetterTopic, "events-dead-letter-inspect");
    SubscriptionName subscription = SubscriptionName.of(PROJECT, "eventarc-events");
    try (SubscriptionAdminClient admin = pubsub.subscriptionAdmin()) {
      admin.createSubscription(Subscription.newBuilder().setName(subscription.toString()).setTopic(topic.toString())
          .setAckDeadlineSeconds(30)
          .setDeadLetterPolicy(DeadLetterPolicy.newBuilder().setDeadLetterTopic(deadLetterTopic.toString())
              .setMaxDeliveryAttempts(MAX_ATTEMPTS))
          .build());
    }

    AtomicInteger flakyFailures = new AtomicInteger(2);
    function = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    function.createContext("/", exchange -> {
      JsonObject body = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
      String testCase = body.getAsJsonObject("message").getAsJsonObject("attributes").get("case").getAsString();
      received.computeIfAbsent(testCase, c -> new CopyOnWriteArrayList<>()).add(body);
      headers.computeIfAbsent(testCase, c -> new CopyOnWriteArrayList<>()).add(Map.of(
          "ce-type", exchange.getRequestHeaders().getFirst("ce-type"),
          "ce-source", exchange.getRequestHeaders().getFirst("ce-source"),
          "ce-id", exchange.getRequestHeaders().getFirst("ce-id")));
      int status = switch (testCase) {
        case "ok" -> 204;
        case "flaky" -> flakyFailures.getAndDecrement() > 0 ? 503 : 200;
        default -> 500;
      };
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    function.start();

    bridge = EventarcBridge.start(pubsub.subscriberStub(),
        List.of(new EventarcBridge.Route("test", subscription, topic,
            URI.create("http://127.0.0.1:" + function.getAddress().getPort() + "/"))),
        new EventarcBridge.RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200)), Duration.ofSeconds(10),
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
    String okId = pubsub.publish(topic, "hello".getBytes(StandardCharsets.UTF_8), Map.of("case", "ok"));
    pubsub.publish(topic, "retry me".getBytes(StandardCharsets.UTF_8), Map.of("case", "flaky"));
    pubsub.publish(topic, "poison".getBytes(StandardCharsets.UTF_8), Map.of("case", "poison"));

    List<PubsubMessage> dead = pubsub.pull(deadLetters, 1, Duration.ofSeconds(20));
    Thread.sleep(500);

    assertEquals(1, received.get("ok").size(), "acked on the first 2xx, never redelivered");
    JsonObject ok = received.get("ok").get(0);
    assertEquals("hello", new String(Base64.getDecoder().decode(ok.getAsJsonObject("message").get("data").getAsString()),
        StandardCharsets.UTF_8));
    assertEquals(okId, ok.getAsJsonObject("message").get("messageId").getAsString());
    assertEquals("projects/" + PROJECT + "/subscriptions/eventarc-events", ok.get("subscription").getAsString());
    assertEquals(Map.of("ce-type", "google.cloud.pubsub.topic.v1.messagePublished",
        "ce-source", "//pubsub.googleapis.com/projects/" + PROJECT + "/topics/events", "ce-id", okId),
        headers.get("ok").get(0));

    assertEquals(3, received.get("flaky").size(), "two 503s, then the 200 that acks it");
    assertEquals(List.of(1, 2, 3), received.get("flaky").stream().map(b -> b.get("deliveryAttempt").getAsInt()).toList());

    assertEquals(MAX_ATTEMPTS, received.get("poison").size(), "delivered as often as the subscription allows");
    assertEquals(1, dead.size());
    assertEquals("poison", dead.get(0).getData().toStringUtf8());
    assertTrue(received.keySet().containsAll(List.of("ok", "flaky", "poison")));
  }
}
