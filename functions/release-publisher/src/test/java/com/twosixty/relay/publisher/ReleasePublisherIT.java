package com.twosixty.relay.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.testing.CloudEventPost;
import com.twosixty.relay.testing.Fixtures;
import com.twosixty.relay.testing.FunctionInvoker;
import com.twosixty.relay.testing.PubSubEmulator;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** release-publisher on the real invoker, publishing to the real Pub/Sub emulator. */
class ReleasePublisherIT {
  private static final String PROJECT = "relay-hub";
  private static final Path LOGS = Path.of("target", "processes");

  private static PubSubEmulator pubsub;
  private static FunctionInvoker function;
  private static SubscriptionName releases;

  @BeforeAll
  static void start() {
    pubsub = PubSubEmulator.start(LOGS);
    TopicName topic = pubsub.createTopic(PROJECT, "releases");
    releases = pubsub.createSubscription(topic, "releases-test");
    function = FunctionInvoker.startPackaged("release-publisher", "release-publisher", ReleasePublisher.class.getName(), Map.of(
        "RELAY_HUB_PROJECT", PROJECT,
        "RELAY_MONOREPO_TRIGGER", "monorepo",
        "PUBSUB_EMULATOR_HOST", pubsub.host()), LOGS);
  }

  @AfterAll
  static void stop() {
    if (function != null) {
      function.close();
    }
    pubsub.close();
  }

  private static HttpResponse<String> deliver(String data) {
    return CloudEventPost.pubSub(function.url(), "projects/" + PROJECT + "/topics/cloud-builds",
        data.getBytes(StandardCharsets.UTF_8), Map.of("buildId", "b", "status", "x"));
  }

  @Test
  void aSuccessfulMonorepoBuildYieldsOneReleaseAndEverythingElseNone() {
    JsonObject failure = JsonParser.parseString(Fixtures.cloudBuildMonorepoSuccess()).getAsJsonObject();
    failure.addProperty("status", "FAILURE");
    JsonObject otherTrigger = JsonParser.parseString(Fixtures.cloudBuildMonorepoSuccess()).getAsJsonObject();
    otherTrigger.addProperty("buildTriggerId", "docs");
    otherTrigger.getAsJsonObject("substitutions").addProperty("TRIGGER_NAME", "docs-site");

    assertEquals(200, deliver(failure.toString()).statusCode());
    assertEquals(200, deliver(otherTrigger.toString()).statusCode());
    assertEquals(200, deliver("{{{ not a build").statusCode());
    assertEquals(200, CloudEventPost.send(function.url(), "t", "bad-envelope", "{\"message\":{\"data\":\"%%%\"}}").statusCode());
    assertEquals(200, deliver(Fixtures.cloudBuildMonorepoSuccess()).statusCode());

    List<PubsubMessage> received = pubsub.pull(releases, 2, Duration.ofSeconds(5));
    assertEquals(1, received.size(), "exactly one release for the one successful monorepo build");
    PubsubMessage message = received.get(0);
    Release release = ContractCodec.decodeRelease(message.getData().toByteArray());
    assertEquals("2026.11.24-1a2b3c4", release.releaseId());
    assertEquals(Map.of("schema", "relay.release/v1", "releaseId", "2026.11.24-1a2b3c4", "channel", "stable"),
        message.getAttributesMap());
    assertEquals("monorepo", message.getOrderingKey());

    String logs = String.join("\n", function.logLines());
    assertTrue(logs.contains("\"severity\":\"INFO\",\"message\":\"no release: build status is FAILURE, not SUCCESS\""), logs);
    assertTrue(logs.contains("not the monorepo trigger 'monorepo'"), logs);
    assertTrue(logs.contains("\"severity\":\"ERROR\",\"message\":\"malformed cloud-builds message dropped"), logs);
    assertTrue(logs.contains("\"message\":\"release published\""), logs);
  }
}
