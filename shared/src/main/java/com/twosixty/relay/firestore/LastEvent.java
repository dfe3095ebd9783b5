package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code last} of {@code clients/{client}/services/{service}} ({@link ServiceDocument}): the latest
 * deployment event for the service.
 */
public record LastEvent(String status, String releaseId, String reason, String buildId, String logUrl, String at) {

  /** The stored map, in the README's field order. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("status", status);
    map.put("releaseId", releaseId);
    map.put("reason", reason);
    map.put("buildId", buildId);
    map.put("logUrl", logUrl);
    map.put("at", at);
    return map;
  }

  /** A stored value that is not a map is absent; a field missing or mistyped in it reads as empty. */
  static Optional<LastEvent> from(Object value) {
    return value instanceof Map<?, ?> raw
        ? Optional.of(new LastEvent(text(raw.get("status")), text(raw.get("releaseId")), text(raw.get("reason")),
            text(raw.get("buildId")), text(raw.get("logUrl")), text(raw.get("at"))))
        : Optional.empty();
  }
}
