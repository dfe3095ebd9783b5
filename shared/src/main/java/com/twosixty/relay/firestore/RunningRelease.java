package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.map;
import static com.twosixty.relay.firestore.StoredValues.text;

import com.twosixty.relay.planner.ServiceVersion;
import java.util.Map;
import java.util.Optional;

/**
 * {@code running} / {@code previous} of {@code clients/{client}/services/{service}} ({@link ServiceDocument}):
 * a release that SUCCEEDED there, since when.
 */
public record RunningRelease(ServiceVersion version, String since) {

  /** The stored map: the version's fields ({@link ServiceDocument#versionMap}), then {@code since}. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = ServiceDocument.versionMap(version);
    map.put("since", since);
    return map;
  }

  /** A stored value that is not a map is absent; a field missing or mistyped in it reads as empty. */
  static Optional<RunningRelease> from(Object value) {
    return value instanceof Map<?, ?> raw
        ? Optional.of(new RunningRelease(ServiceDocument.readVersion(map(raw)), text(raw.get("since"))))
        : Optional.empty();
  }
}
