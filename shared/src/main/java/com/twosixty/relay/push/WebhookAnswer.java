package com.twosixty.relay.push;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What push-webhook answers: an HTTP status and a JSON object that always has a {@code reason};
 * a started build adds {@code buildId} and {@code services}. {@code logFields} go to the one log
 * line of the outcome, never to the sender.
 */
public record WebhookAnswer(int status, String reason, String buildId, List<String> services,
    Map<String, Object> logFields) {

  public static final int ACCEPTED = 202;
  public static final int IGNORED = 200;
  public static final int MALFORMED = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int METHOD_NOT_ALLOWED = 405;
  public static final int TOO_LARGE = 413;
  public static final int UNSUPPORTED_MEDIA_TYPE = 415;
  public static final int INTERNAL_ERROR = 500;
  public static final int BAD_GATEWAY = 502;
  public static final int UNAVAILABLE = 503;

  public WebhookAnswer {
    services = List.copyOf(services);
    logFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logFields));
  }

  public static WebhookAnswer of(int status, String reason) {
    return new WebhookAnswer(status, reason, "", List.of(), Map.of());
  }

  public static WebhookAnswer buildStarted(String buildId, List<String> services, String reason) {
    return new WebhookAnswer(ACCEPTED, reason, buildId, services, Map.of());
  }

  /** The same answer with more fields for the log line. */
  public WebhookAnswer withLogFields(Map<String, ?> more) {
    Map<String, Object> fields = new LinkedHashMap<>(logFields);
    fields.putAll(more);
    return new WebhookAnswer(status, reason, buildId, services, fields);
  }

  /** Cloud Logging severity of the outcome: a sender's mistake is a warning, ours an error. */
  public String severity() {
    if (status >= 500) {
      return "ERROR";
    }
    boolean bookkeepingFailed = logFields.keySet().stream().anyMatch(field -> field.endsWith("Error"));
    return status >= 400 || bookkeepingFailed ? "WARNING" : "INFO";
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (status == ACCEPTED) {
      json.addProperty("buildId", buildId);
      JsonArray names = new JsonArray();
      services.forEach(names::add);
      json.add("services", names);
    }
    json.addProperty("reason", reason);
    return json;
  }
}
