package com.twosixty.relay.contract;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one JSON codec for Relay's contracts. Encoding then decoding is the identity; decoding
 * validates every field and throws {@link ContractViolation} naming the field and the problem.
 */
public final class ContractCodec {
  /** Largest message body accepted; a release of hundreds of services stays far below it. */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  private static final int MAX_NESTING = 16;
  private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");
  private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

  private ContractCodec() {}

  // ---- encoding ----

  public static byte[] encode(RelayMessage message) {
    return toJson(message).getBytes(StandardCharsets.UTF_8);
  }

  public static String toJson(RelayMessage message) {
    JsonObject json = new JsonObject();
    json.addProperty("schema", message.schema());
    if (message instanceof Release r) {
      json.addProperty("releaseId", r.releaseId());
      json.addProperty("sequence", r.sequence());
      JsonObject source = new JsonObject();
      source.addProperty("repo", r.source().repo());
      source.addProperty("branch", r.source().branch());
      source.addProperty("commit", r.source().commit());
      source.addProperty("buildId", r.source().buildId());
      // Always written ("" when unknown): the topic's Avro schema (JSON encoding) wants every field.
      source.addProperty("commitTime", r.source().commitTime());
      json.add("source", source);
      json.addProperty("createdAt", r.createdAt());
      json.addProperty("channel", r.channel().wireName());
      JsonArray services = new JsonArray();
      for (Release.ServiceImage s : r.services()) {
        JsonObject service = new JsonObject();
        service.addProperty("name", s.name());
        service.addProperty("image", s.image());
        service.addProperty("digest", s.digest());
        service.addProperty("tag", s.tag());
        services.add(service);
      }
      json.add("services", services);
    } else if (message instanceof DeploymentEvent d) {
      json.addProperty("client", d.client());
      json.addProperty("releaseId", d.releaseId());
      JsonArray services = new JsonArray();
      d.services().forEach(services::add);
      json.add("services", services);
      json.addProperty("status", d.status().name());
      json.addProperty("reason", d.reason());
      json.addProperty("buildId", d.buildId());
      json.addProperty("logUrl", d.logUrl());
      json.addProperty("at", d.at());
    } else if (message instanceof Command c) {
      json.addProperty("command", c.command().wireName());
      json.addProperty("client", c.client());
      json.addProperty("releaseId", c.releaseId());
      json.addProperty("service", c.service());
      json.addProperty("by", c.by());
      json.addProperty("reason", c.reason());
    }
    return json.toString();
  }

  // ---- decoding ----

  /** Decodes whichever contract the body's {@code schema} names. */
  public static RelayMessage decode(byte[] body) {
    Fields fields = Fields.of(parse(body), "");
    String schema = fields.string("schema");
    return switch (schema) {
      case Release.SCHEMA -> release(fields);
      case DeploymentEvent.SCHEMA -> deployment(fields);
      case Command.SCHEMA -> command(fields);
      default -> throw new ContractViolation("schema", "unknown schema '" + schema + "'");
    };
  }

  public static Release decodeRelease(byte[] body) {
    return expect(body, Release.class);
  }

  public static DeploymentEvent decodeDeployment(byte[] body) {
    return expect(body, DeploymentEvent.class);
  }

  public static Command decodeCommand(byte[] body) {
    return expect(body, Command.class);
  }

  private static <T extends RelayMessage> T expect(byte[] body, Class<T> type) {
    RelayMessage message = decode(body);
    if (!type.isInstance(message)) {
      throw new ContractViolation("schema", "expected a " + type.getSimpleName() + ", got '" + message.schema() + "'");
    }
    return type.cast(message);
  }

  private static Release release(Fields f) {
    Fields source = f.object("source");
    List<Release.ServiceImage> services = f.array("services", s -> new Release.ServiceImage(
        s.identifier("name"),
        s.nonEmpty("image"),
        s.matching("digest", DIGEST, "must be 'sha256:' followed by 64 lowercase hex digits"),
        s.string("tag")));
    if (services.isEmpty()) {
      throw new ContractViolation("services", "a release lists at least one service");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < services.size(); i++) {
      if (!names.add(services.get(i).name())) {
        throw new ContractViolation("services[" + i + "].name", "service '" + services.get(i).name() + "' is listed twice");
      }
    }
    long sequence = f.longValue("sequence");
    if (sequence < 0) {
      throw new ContractViolation("sequence", "must not be negative");
    }
    String channel = f.string("channel");
    return new Release(
        f.identifier("releaseId"),
        sequence,
        new Release.Source(source.string("repo"), source.string("branch"), source.string("commit"), source.string("buildId"),
            source.optionalTimestamp("commitTime")),
        f.timestamp("createdAt"),
        Channel.fromWire(channel).orElseThrow(() -> new ContractViolation("channel", "must be 'stable' or 'hotfix', got '" + channel + "'")),
        services);
  }

  private static DeploymentEvent deployment(Fields f) {
    String status = f.string("status");
    DeploymentStatus parsed;
    try {
      parsed = DeploymentStatus.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw new ContractViolation("status", "unknown status '" + status + "'");
    }
    return new DeploymentEvent(
        f.identifier("client"),
        f.identifier("releaseId"),
        f.stringArray("services"),
        parsed,
        f.string("reason"),
        f.string("buildId"),
        f.string("logUrl"),
        f.timestamp("at"));
  }

  private static Command command(Fields f) {
    String command = f.string("command");
    CommandType type = CommandType.fromWire(command)
        .orElseThrow(() -> new ContractViolation("command", "unknown command '" + command + "'"));
    String releaseId = f.string("releaseId");
    if (!releaseId.isEmpty() && !IDENTIFIER.matcher(releaseId).matches()) {
      throw new ContractViolation("releaseId", "must be empty or a release id such as 2026.11.24-1a2b3c4");
    }
    // A rollout's command names no client (README: Waves); every other names one.
    String client = type.forRollout() && f.string("client").isEmpty() ? "" : f.identifier("client");
    if (client.isEmpty() && releaseId.isEmpty()) {
      throw new ContractViolation("releaseId", "a rollout's " + command + " names its release");
    }
    return new Command(type, client, releaseId, f.string("service"), f.string("by"), f.string("reason"));
  }

  private static JsonObject parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new ContractViolation("", "empty message body");
    }
    if (body.length > MAX_PAYLOAD_BYTES) {
      throw new ContractViolation("", "payload of " + body.length + " bytes exceeds the limit of " + MAX_PAYLOAD_BYTES);
    }
    try (JsonReader reader = new JsonReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
      reader.setStrictness(Strictness.STRICT);
      reader.setNestingLimit(MAX_NESTING);
      JsonElement element = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new ContractViolation("", "trailing data after the JSON object");
      }
      if (!element.isJsonObject()) {
        throw new ContractViolation("", "not a JSON object");
      }
      return element.getAsJsonObject();
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw new ContractViolation("", "not valid JSON: " + e.getMessage());
    }
  }

  /** Typed, path-aware access to a JSON object's required fields. */
  private record Fields(JsonObject json, String path) {
    static Fields of(JsonObject json, String path) {
      return new Fields(json, path);
    }

    private String at(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    private JsonElement required(String name) {
      JsonElement value = json.get(name);
      if (value == null || value.isJsonNull()) {
        throw new ContractViolation(at(name), "required field is missing");
      }
      return value;
    }

    String string(String name) {
      return asString(required(name), at(name));
    }

    String nonEmpty(String name) {
      String value = string(name);
      if (value.isEmpty()) {
        throw new ContractViolation(at(name), "must not be empty");
      }
      return value;
    }

    String identifier(String name) {
      String value = nonEmpty(name);
      if (!IDENTIFIER.matcher(value).matches()) {
        throw new ContractViolation(at(name), "must be letters, digits, '.', '_' or '-' (at most 128), got '" + abbreviate(value) + "'");
      }
      return value;
    }

    String matching(String name, Pattern pattern, String rule) {
      String value = string(name);
      if (!pattern.matcher(value).matches()) {
        throw new ContractViolation(at(name), rule + ", got '" + abbreviate(value) + "'");
      }
      return value;
    }

    String timestamp(String name) {
      String value = nonEmpty(name);
      try {
        OffsetDateTime.parse(value);
      } catch (DateTimeParseException e) {
        throw new ContractViolation(at(name), "must be an RFC 3339 timestamp, got '" + abbreviate(value) + "'");
      }
      return value;
    }

    /** An optional RFC 3339 field: {@code ""} when absent (a release from before the field existed). */
    String optionalTimestamp(String name) {
      JsonElement value = json.get(name);
      return value == null || value.isJsonNull() || asString(value, at(name)).isEmpty() ? "" : timestamp(name);
    }

    long longValue(String name) {
      JsonElement value = required(name);
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
        throw new ContractViolation(at(name), "must be a whole number");
      }
      try {
        return value.getAsBigDecimal().longValueExact();
      } catch (ArithmeticException e) {
        throw new ContractViolation(at(name), "must be a whole number that fits in 64 bits");
      }
    }

    Fields object(String name) {
      JsonElement value = required(name);
      if (!value.isJsonObject()) {
        throw new ContractViolation(at(name), "must be an object");
      }
      return new Fields(value.getAsJsonObject(), at(name));
    }

    <T> List<T> array(String name, Function<Fields, T> objectReader) {
      JsonArray array = arrayElement(name);
      List<T> items = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        String itemPath = at(name) + "[" + i + "]";
        JsonElement item = array.get(i);
        if (!item.isJsonObject()) {
          throw new ContractViolation(itemPath, "must be an object");
        }
        items.add(objectReader.apply(new Fields(item.getAsJsonObject(), itemPath)));
      }
      return items;
    }

    List<String> stringArray(String name) {
      JsonArray array = arrayElement(name);
      List<String> items = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        items.add(asString(array.get(i), at(name) + "[" + i + "]"));
      }
      return items;
    }

    private JsonArray arrayElement(String name) {
      JsonElement value = required(name);
      if (!value.isJsonArray()) {
        throw new ContractViolation(at(name), "must be an array");
      }
      return value.getAsJsonArray();
    }

    static String asString(JsonElement value, String path) {
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        throw new ContractViolation(path, "must be a string");
      }
      return value.getAsString();
    }

    private static String abbreviate(String value) {
      return value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }
  }
}
