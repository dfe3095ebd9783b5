package com.twosixty.relay.pubsub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.twosixty.relay.contract.ContractViolation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * A Pub/Sub message as Eventarc delivers it in a {@code google.cloud.pubsub.topic.v1.messagePublished}
 * CloudEvent: {@code {"message":{"data":base64,"attributes":{},"messageId":..},"subscription":..}}.
 */
public record PubSubMessage(String messageId, Map<String, String> attributes, byte[] data, String publishTime) {

  public PubSubMessage {
    attributes = Map.copyOf(attributes);
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

  /** Parses the CloudEvent's data; a body that is not such an envelope is a {@link ContractViolation}. */
  public static PubSubMessage fromCloudEventData(byte[] cloudEventData) {
    if (cloudEventData == null || cloudEventData.length == 0) {
      throw new ContractViolation("", "CloudEvent has no data");
    }
    JsonObject envelope;
    try {
      JsonElement parsed = JsonParser.parseString(new String(cloudEventData, StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        throw new ContractViolation("", "CloudEvent data is not a JSON object");
      }
      envelope = parsed.getAsJsonObject();
    } catch (JsonParseException | StackOverflowError e) {
      throw new ContractViolation("", "CloudEvent data is not JSON");
    }
    JsonElement message = envelope.get("message");
    if (message == null || !message.isJsonObject()) {
      throw new ContractViolation("message", "CloudEvent data has no Pub/Sub message");
    }
    JsonObject m = message.getAsJsonObject();
    String messageId = optionalString(m, "messageId", optionalString(m, "message_id", ""));
    Map<String, String> attributes = new HashMap<>();
    JsonElement attrs = m.get("attributes");
    if (attrs != null && attrs.isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : attrs.getAsJsonObject().entrySet()) {
        if (e.getValue().isJsonPrimitive()) {
          attributes.put(e.getKey(), e.getValue().getAsString());
        }
      }
    }
    byte[] data;
    String encoded = optionalString(m, "data", "");
    try {
      data = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new ContractViolation("message.data", "not valid base64 (message " + messageId + ")");
    }
    return new PubSubMessage(messageId, attributes, data, optionalString(m, "publishTime", ""));
  }

  private static String optionalString(JsonObject object, String name, String fallback) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : fallback;
  }
}
