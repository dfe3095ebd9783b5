package com.twosixty.relay.reliability;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.twosixty.relay.testing.CloudEventPost;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generator of malformed messages for a topic, made from a valid message of that topic: the
 * same seed gives the same messages, so a failure can be replayed.
 */
public final class PoisonFuzzer {
  public static final List<String> KINDS = List.of("bad-base64", "not-json", "wrong-schema", "missing-field",
      "huge-payload", "wrong-type", "deep-nesting", "truncated", "empty", "no-message");

  private final Random random;

  public PoisonFuzzer(long seed) {
    this.random = new Random(seed);
  }

  /**
   * {@code count} poisons of every kind in turn, derived from {@code valid} (a JSON object).
   *
   * @param schemaField the field that names the contract ("schema"), or null when the topic has none (cloud-builds)
   * @param extraKinds further mutations for this topic, each a JSON body
   */
  public List<Poison> generate(String valid, String schemaField, int count, Map<String, String> extraKinds) {
    List<String> kinds = new ArrayList<>(KINDS);
    if (schemaField == null) {
      kinds.remove("wrong-schema");
    }
    kinds.addAll(extraKinds.keySet());
    List<Poison> poisons = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String kind = kinds.get(i % kinds.size());
      poisons.add(new Poison(kind, make(kind, valid, schemaField, extraKinds)));
    }
    return poisons;
  }

  private String make(String kind, String valid, String schemaField, Map<String, String> extraKinds) {
    if (extraKinds.containsKey(kind)) {
      return envelope(extraKinds.get(kind).getBytes(StandardCharsets.UTF_8));
    }
    JsonObject json = JsonParser.parseString(valid).getAsJsonObject();
    return switch (kind) {
      case "bad-base64" -> {
        JsonObject envelope = JsonParser.parseString(envelope(valid.getBytes(StandardCharsets.UTF_8))).getAsJsonObject();
        envelope.getAsJsonObject("message").addProperty("data", "%%" + randomText(8) + "%%");
        yield envelope.toString();
      }
      case "not-json" -> envelope(("<xml>" + randomText(20 + random.nextInt(200)) + "</xml>").getBytes(StandardCharsets.UTF_8));
      case "wrong-schema" -> {
        json.addProperty(schemaField, random.nextBoolean() ? "relay.release/v" + (2 + random.nextInt(9)) : randomText(12));
        yield envelope(json);
      }
      case "missing-field" -> {
        List<String> fields = new ArrayList<>(json.keySet());
        fields.remove(schemaField);
        json.remove(fields.get(random.nextInt(fields.size())));
        yield envelope(json);
      }
      case "huge-payload" -> {
        json.addProperty("padding", "x".repeat(300_000 + random.nextInt(200_000)));
        yield envelope(json);
      }
      case "wrong-type" -> {
        List<String> fields = new ArrayList<>(json.keySet());
        fields.remove(schemaField);
        String field = fields.get(random.nextInt(fields.size()));
        JsonElement value = json.get(field);
        json.add(field, value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
            ? new JsonPrimitive("not a number")
            : value.isJsonPrimitive() ? new JsonArray() : new JsonPrimitive(random.nextInt()));
        yield envelope(json);
      }
      case "deep-nesting" -> {
        int depth = 1_000 + random.nextInt(50_000);
        yield envelope(("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8));
      }
      case "truncated" -> {
        String text = json.toString();
        yield envelope(text.substring(0, 1 + random.nextInt(text.length() - 2)).getBytes(StandardCharsets.UTF_8));
      }
      case "empty" -> envelope(new byte[0]);
      case "no-message" -> "{\"subscription\":\"projects/p/subscriptions/" + randomText(6) + "\"}";
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static String envelope(JsonObject body) {
    return envelope(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String envelope(byte[] data) {
    return CloudEventPost.envelope(java.util.UUID.randomUUID().toString(), data, Map.of(), "projects/p/subscriptions/fuzz");
  }

  private String randomText(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) (' ' + random.nextInt(95)));
    }
    return text.toString();
  }
}
