package com.twosixty.relay.operator;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the command gateway answers: a status and a JSON object that always has a {@code reason};
 * an accepted command adds {@code messageId} and {@code by}. {@code logFields} go to the one log
 * line of the outcome (never the token).
 */
public record GatewayAnswer(int status, String reason, String messageId, String by, Map<String, Object> logFields) {
  public static final int ACCEPTED = 202;
  public static final int MALFORMED = 400;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int METHOD_NOT_ALLOWED = 405;
  public static final int TOO_LARGE = 413;
  public static final int INTERNAL_ERROR = 500;
  public static final int UNAVAILABLE = 503;

  public GatewayAnswer {
    logFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logFields));
  }

  public static GatewayAnswer of(int status, String reason) {
    return new GatewayAnswer(status, reason, "", "", Map.of());
  }

  public static GatewayAnswer accepted(String messageId, String by, String reason) {
    return new GatewayAnswer(ACCEPTED, reason, messageId, by, Map.of());
  }

  public GatewayAnswer withLogFields(Map<String, ?> more) {
    Map<String, Object> fields = new LinkedHashMap<>(logFields);
    fields.putAll(more);
    return new GatewayAnswer(status, reason, messageId, by, fields);
  }

  /** A caller's mistake or a refusal is a warning, ours an error. */
  public String severity() {
    return status >= 500 ? "ERROR" : status >= 400 ? "WARNING" : "INFO";
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (status == ACCEPTED) {
      json.addProperty("messageId", messageId);
      json.addProperty("by", by);
    }
    json.addProperty("reason", reason);
    return json;
  }
}
