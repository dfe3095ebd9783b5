package com.twosixty.relay.reporter;

import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the function does before it needs its clients; the transitions are tested in shared, the wiring in DeployReporterIT. */
class DeployReporterTest {
  private final DeployReporter unwired = new DeployReporter(() -> {
    throw new AssertionError("wiring built");
  });

  @Test
  void nothingIsBuiltBeforeTheFirstEvent() {
    new DeployReporter(() -> {
      throw new AssertionError("wiring built at construction");
    });
  }

  @Test
  void aMalformedMessageIsDroppedWithoutTouchingFirestoreOrPubSub() {
    unwired.accept(CloudEventBuilder.v1().withId("e-1").withSource(URI.create("//x")).withType("t").build());
    unwired.accept(CloudEventBuilder.v1().withId("e-2").withSource(URI.create("//x")).withType("t")
        .withData("application/json", "{\"message\":{\"data\":\"bm90IGpzb24=\"}}".getBytes(StandardCharsets.UTF_8))
        .build());
  }
}
