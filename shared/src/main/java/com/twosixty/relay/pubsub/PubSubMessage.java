package com.twosixty.relay.pubsub;

import com.twosixty.relay.contract.ContractViolation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * A Pub/Sub message as a push subscription or Eventarc delivers it ({@link PushBody} reads and writes
 * that JSON); {@code orderingKey} is empty for a message published without one.
 */
public record PubSubMessage(String messageId, Map<String, String> attributes, byte[] data, String publishTime,
    String orderingKey) {

  public PubSubMessage {
    attributes = Map.copyOf(attributes);
  }

  public PubSubMessage(String messageId, Map<String, String> attributes, byte[] data, String publishTime) {
    this(messageId, attributes, data, publishTime, "");
  }

  /** When Pub/Sub accepted the message; empty when the envelope did not say (or said it badly). */
  public Optional<Instant> publishedAt() {
    try {
      return publishTime.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(publishTime));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public String attribute(String name) {
    return attributes.getOrDefault(name, "");
  }

  /** Parses an Eventarc CloudEvent's data (the push body's shape); anything else is a {@link ContractViolation}. */
  public static PubSubMessage fromCloudEventData(byte[] cloudEventData) {
    return PushBody.parse(cloudEventData).message();
  }
}
