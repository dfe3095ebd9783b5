package com.twosixty.relay.pubsub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.twosixty.relay.contract.ContractViolation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * One delivery of a Pub/Sub message in the documented push JSON: what a push subscription POSTs, and
 * what an Eventarc {@code google.cloud.pubsub.topic.v1.messagePublished} CloudEvent carries as data:
 * {@code {"message":{"data":base64,"attributes":{..},"messageId":..,"message_id":..,"publishTime":..,
 * "publish_time":..,"orderingKey":..},"subscription":"projects/../subscriptions/..","deliveryAttempt":n}}.
 * Push sends each message field in both spellings; either is read. {@code deliveryAttempt} is only
 * there when the subscription has a dead-letter policy (0 here when absent).
 */
public record PushBody(PubSubMessage message, String subscription, int deliveryAttempt) {

  /** Parses a push body; anything that is not such an envelope is a {@link ContractViolation}. */
  public static PushBody parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new ContractViolation("", "the push body is empty");
    }
    JsonObject envelope;
    try {
      JsonElement parsed = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        throw new ContractViolation("", "the push body is not a JSON object");
      }
      envelope = parsed.getAsJsonObject();
    } catch (JsonParseException | StackOverflowError e) {
      throw new ContractViolation("", "the push body is not JSON");
    }
    JsonElement message = envelope.get("message");
    if (message == null || !message.isJsonObject()) {
      throw new ContractViolation("message", "the push body has no Pub/Sub message");
    }
    JsonObject m = message.getAsJsonObject();
    String messageId = either(m, "messageId", "message_id");
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
    try {
      data = Base64.getDecoder().decode(either(m, "data", "data"));
    } catch (IllegalArgumentException e) {
      throw new ContractViolation("message.data", "not valid base64 (message " + messageId + ")");
    }
    PubSubMessage decoded = new PubSubMessage(messageId, attributes, data, either(m, "publishTime", "publish_time"),
        either(m, "orderingKey", "ordering_key"));
    JsonElement attempt = envelope.get("deliveryAttempt");
    int deliveryAttempt = attempt != null && attempt.isJsonPrimitive() && attempt.getAsJsonPrimitive().isNumber()
        ? attempt.getAsInt() : 0;
    return new PushBody(decoded, string(envelope, "subscription"), deliveryAttempt);
  }

  /** The documented push JSON for one message, both spellings of each field, as Pub/Sub writes it. */
  public static String write(PubSubMessage message, String subscription, int deliveryAttempt) {
    JsonObject attributes = new JsonObject();
    message.attributes().forEach(attributes::addProperty);
    JsonObject m = new JsonObject();
    m.add("attributes", attributes);
    m.addProperty("data", Base64.getEncoder().encodeToString(message.data()));
    m.addProperty("messageId", message.messageId());
    m.addProperty("message_id", message.messageId());
    m.addProperty("publishTime", message.publishTime());
    m.addProperty("publish_time", message.publishTime());
    if (!message.orderingKey().isEmpty()) {
      m.addProperty("orderingKey", message.orderingKey());
    }
    JsonObject envelope = new JsonObject();
    envelope.add("message", m);
    envelope.addProperty("subscription", subscription);
    if (deliveryAttempt > 0) {
      envelope.addProperty("deliveryAttempt", deliveryAttempt);
    }
    return envelope.toString();
  }

  private static String either(JsonObject object, String name, String otherSpelling) {
    String value = string(object, name);
    return value.isEmpty() ? string(object, otherSpelling) : value;
  }

  private static String string(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }
}
