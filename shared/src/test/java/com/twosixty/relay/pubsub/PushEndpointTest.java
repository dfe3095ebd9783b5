package com.twosixty.relay.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.log.StructuredLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The push endpoint's answers: what Pub/Sub acks (2xx), redelivers (5xx), and what is logged once. */
class PushEndpointTest {
  private static final int LIMIT = 1024;

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final StructuredLog log = StructuredLog.to("test-function", new PrintStream(logged, true, StandardCharsets.UTF_8));
  private final List<String> delivered = new ArrayList<>();

  private PushEndpoint<String> endpoint(Supplier<String> wiring, PushEndpoint.Delivery<String> delivery) {
    return new PushEndpoint<>("test-function", LIMIT, wiring, w -> log.with("instance", w), delivery);
  }

  private PushEndpoint<String> working() {
    return endpoint(() -> "one", (w, push) -> delivered.add(push.message().messageId()));
  }

  /** A stream that counts what was read from it: the whole body must be read before the answer. */
  private static final class Body extends ByteArrayInputStream {
    Body(byte[] bytes) {
      super(bytes);
    }

    boolean drained() {
      return available() == 0;
    }
  }

  private static Body body(String text) {
    return new Body(text.getBytes(StandardCharsets.UTF_8));
  }

  private String logged() {
    return logged.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPushBodyIsDeliveredAndAcked() throws IOException {
    assertEquals(204, working().answer("POST", body(PushBodyTest.DOCUMENTED)));
    assertEquals(1, delivered.size());
    assertEquals("", logged());
  }

  @Test
  void anythingButPostIsRefusedWithoutDelivering() throws IOException {
    assertEquals(405, working().answer("GET", body("")));
    assertTrue(delivered.isEmpty());
  }

  @Test
  void anOversizedBodyIsReadToItsEndAndAckedWithOneErrorLine() throws IOException {
    Body big = new Body(new byte[LIMIT * 4]);
    assertEquals(204, working().answer("POST", big));
    assertTrue(big.drained(), "the rest of the body is read before answering");
    assertTrue(delivered.isEmpty());
    assertEquals(1, logged().lines().count(), logged());
    assertTrue(logged().contains("push body over 1024 bytes dropped") && logged().contains("\"instance\":\"one\""), logged());
  }

  @Test
  void aBodyThatIsNoPushBodyIsAckedWithOneErrorLine() throws IOException {
    assertEquals(204, working().answer("POST", body("{\"not\":\"a push body\"}")));
    assertTrue(delivered.isEmpty());
    assertEquals(1, logged().lines().count(), logged());
    assertTrue(logged().contains("malformed push body dropped"), logged());
  }

  @Test
  void aMisconfiguredInstanceNacksEveryDelivery() throws IOException {
    PushEndpoint<String> misconfigured = endpoint(() -> {
      throw new IllegalStateException("environment variable RELAY_X is not set");
    }, (w, push) -> delivered.add("never"));
    Body body = body(PushBodyTest.DOCUMENTED);
    assertEquals(500, misconfigured.answer("POST", body));
    assertTrue(body.drained());
    assertTrue(delivered.isEmpty());
  }

  @Test
  void aDeliveryThatThrowsIsNackedWithOneErrorLine() throws IOException {
    PushEndpoint<String> failing = endpoint(() -> "one", (w, push) -> {
      throw new IllegalStateException("Firestore unavailable");
    });
    assertEquals(500, failing.answer("POST", body(PushBodyTest.DOCUMENTED)));
    assertEquals(1, logged().lines().count(), logged());
    assertTrue(logged().contains("delivery failed; Pub/Sub will redeliver") && logged().contains("Firestore unavailable"), logged());
  }
}
