package com.twosixty.relay.pubsub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.twosixty.relay.contract.ContractViolation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PubSubMessageTest {
  @Test
  void readsEventarcsEnvelope() {
    String body = "{\"message\":{\"data\":\"aGVsbG8=\",\"attributes\":{\"buildId\":\"b1\",\"status\":\"SUCCESS\"},"
        + "\"messageId\":\"42\",\"publishTime\":\"2026-11-24T10:00:00Z\"},\"subscription\":\"projects/p/subscriptions/s\"}";
    PubSubMessage message = PubSubMessage.fromCloudEventData(body.getBytes(StandardCharsets.UTF_8));
    assertEquals("42", message.messageId());
    assertEquals("b1", message.attribute("buildId"));
    assertEquals("", message.attribute("absent"));
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), message.data());
  }

  @Test
  void publishTimeIsReadWhenItIsATimestamp() {
    assertEquals(java.util.Optional.of(java.time.Instant.parse("2026-11-24T10:00:00Z")),
        new PubSubMessage("1", java.util.Map.of(), new byte[0], "2026-11-24T10:00:00Z").publishedAt());
    assertEquals(java.util.Optional.empty(), new PubSubMessage("1", java.util.Map.of(), new byte[0], "").publishedAt());
    assertEquals(java.util.Optional.empty(), new PubSubMessage("1", java.util.Map.of(), new byte[0], "yesterday").publishedAt());
  }

  @Test
  void badBase64NotJsonAndMissingMessageAreViolations() {
    for (String body : new String[] {"", "nope", "[]", "{\"subscription\":\"s\"}",
        "{\"message\":{\"data\":\"***not base64***\",\"messageId\":\"1\"}}"}) {
      assertThrows(ContractViolation.class,
          () -> PubSubMessage.fromCloudEventData(body.getBytes(StandardCharsets.UTF_8)), body);
    }
  }
}
