package com.twosixty.relay.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.cloudbuild.BranchPolicy;
import com.twosixty.relay.cloudbuild.ReleaseFactory;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.testing.CloudEventPost;
import com.twosixty.relay.testing.Fixtures;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The function's decisions with a recording publisher; the emulator-backed run is ReleasePublisherIT. */
class ReleasePublisherTest {
  private final List<Release> published = new ArrayList<>();
  private final List<String> orderingKeys = new ArrayList<>();

  private final EventPublisher recording = (topic, message, orderingKey) -> {
    assertEquals("releases", topic);
    published.add((Release) message);
    orderingKeys.add(orderingKey);
    return "id-" + published.size();
  };

  private ReleasePublisher function(EventPublisher publisher) {
    return new ReleasePublisher(() -> new ReleasePublisher.Wiring(
        new ReleaseFactory("monorepo", BranchPolicy.defaults()), publisher, "releases"));
  }

  private static CloudEvent event(String buildJson) {
    String data = CloudEventPost.envelope("m-1", buildJson.getBytes(StandardCharsets.UTF_8),
        Map.of("buildId", "b", "status", "SUCCESS"), "projects/p/subscriptions/s");
    return CloudEventBuilder.v1().withId("e-1").withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/cloud-builds"))
        .withType(CloudEventPost.PUBSUB_EVENT_TYPE).withData("application/json", data.getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void successPublishesOneReleaseOrderedByRepo() {
    function(recording).accept(event(Fixtures.cloudBuildMonorepoSuccess()));
    assertEquals(1, published.size());
    assertEquals("2026.11.24-1a2b3c4", published.get(0).releaseId());
    assertEquals(List.of("monorepo"), orderingKeys);
  }

  @Test
  void failureAndMalformedInputPublishNothingAndReturnNormally() {
    JsonObject failed = JsonParser.parseString(Fixtures.cloudBuildMonorepoSuccess()).getAsJsonObject();
    failed.addProperty("status", "FAILURE");
    ReleasePublisher function = function(recording);
    function.accept(event(failed.toString()));
    function.accept(event("this is not a build"));
    function.accept(CloudEventBuilder.v1().withId("e-2").withSource(URI.create("//x")).withType("t").build());
    assertTrue(published.isEmpty());
  }

  @Test
  void aPublishFailureThrowsSoPubSubRedelivers() {
    EventPublisher broken = (topic, message, key) -> {
      throw new IllegalStateException("publish to releases failed: UNAVAILABLE");
    };
    assertThrows(IllegalStateException.class, () -> function(broken).accept(event(Fixtures.cloudBuildMonorepoSuccess())));
  }

  @Test
  void nothingIsBuiltBeforeTheFirstEvent() {
    new ReleasePublisher(() -> {
      throw new AssertionError("wiring built at construction");
    });
  }
}
