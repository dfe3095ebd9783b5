package com.twosixty.relay.pubsub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.twosixty.relay.contract.ContractViolation;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushBodyTest {
  /** The example of Pub/Sub's push documentation, with an ordering key and the dead-letter policy's attempt count. */
  static final String DOCUMENTED = """
      {
        "message": {
          "attributes": {"key": "value"},
          "data": "SGVsbG8gQ2xvdWQgUHViL1N1YiEgSGVyZSBpcyBteSBtZXNzYWdlIQ==",
          "messageId": "2070443601311540",
          "message_id": "2070443601311540",
          "orderingKey": "key-1",
          "publishTime": "2021-02-26T19:13:55.749Z",
          "publish_time": "2021-02-26T19:13:55.749Z"
        },
        "subscription": "projects/myproject/subscriptions/mysubscription",
        "deliveryAttempt": 5
      }""";

  static PushBody parse(String body) {
    return PushBody.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheDocumentedPushBody() {
    PushBody push = parse(DOCUMENTED);
    PubSubMessage message = push.message();
    assertEquals("2070443601311540", message.messageId());
    assertEquals("value", message.attribute("key"));
    assertArrayEquals("Hello Cloud Pub/Sub! Here is my message!".getBytes(StandardCharsets.UTF_8), message.data());
    assertEquals("2021-02-26T19:13:55.749Z", message.publishTime());
    assertEquals("key-1", message.orderingKey());
    assertEquals("projects/myproject/subscriptions/mysubscription", push.subscription());
    assertEquals(5, push.deliveryAttempt());
  }

  @Test
  void eitherSpellingIsEnough() {
    PushBody snake = parse("{\"message\":{\"data\":\"\",\"message_id\":\"7\",\"publish_time\":\"2026-11-24T10:00:00Z\"},\"subscription\":\"s\"}");
    assertEquals("7", snake.message().messageId());
    assertEquals("2026-11-24T10:00:00Z", snake.message().publishTime());
    PushBody camel = parse("{\"message\":{\"data\":\"\",\"messageId\":\"8\",\"publishTime\":\"2026-11-24T10:00:00Z\"}}");
    assertEquals("8", camel.message().messageId());
    assertEquals("", camel.message().orderingKey());
    assertEquals(0, camel.deliveryAttempt(), "no deliveryAttempt without a dead-letter policy");
  }

  @Test
  void writesWhatItReads() {
    PubSubMessage message = new PubSubMessage("42", Map.of("schema", "relay.release/v1", "channel", "stable"),
        "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "2026-11-24T10:00:00.123Z", "essence");
    PushBody read = parse(PushBody.write(message, "projects/p/subscriptions/s", 2));
    assertEquals(message.messageId(), read.message().messageId());
    assertEquals(message.attributes(), read.message().attributes());
    assertArrayEquals(message.data(), read.message().data());
    assertEquals(message.publishTime(), read.message().publishTime());
    assertEquals("essence", read.message().orderingKey());
    assertEquals("projects/p/subscriptions/s", read.subscription());
    assertEquals(2, read.deliveryAttempt());
    String written = PushBody.write(message, "s", 0);
    for (String field : new String[] {"\"messageId\"", "\"message_id\"", "\"publishTime\"", "\"publish_time\""}) {
      assertEquals(true, written.contains(field), field + " in " + written);
    }
    assertEquals(false, written.contains("deliveryAttempt"), written);
  }

  @Test
  void anythingElseIsAViolation() {
    for (String body : new String[] {"", "nope", "[]", "{\"subscription\":\"s\"}", "{\"message\":\"text\"}",
        "{\"message\":{\"data\":\"***not base64***\",\"messageId\":\"1\"}}", "[".repeat(100_000)}) {
      assertThrows(ContractViolation.class, () -> parse(body), body.length() > 40 ? body.substring(0, 40) : body);
    }
  }
}
