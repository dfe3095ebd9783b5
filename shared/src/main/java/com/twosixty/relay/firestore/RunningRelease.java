package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.number;
import static com.twosixty.relay.firestore.StoredValues.text;

import com.twosixty.relay.planner.ServiceVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code running} / {@code previous} of {@code clients/{client}/services/{service}} ({@link ServiceDocument}):
 * a release that SUCCEEDED there, since when.
 */
public record RunningRelease(String releaseId, long sequence, String digest, String image, String since) {

  /** The stored map, in the README's field order. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("releaseId", releaseId);
    map.put("sequence", sequence);
    map.put("digest", digest);
    map.put("image", image);
    map.put("since", since);
    return map;
  }

  public ServiceVersion version() {
    return new ServiceVersion(releaseId, sequence, image, digest);
  }

  /** A stored value that is not a map is absent; a field missing or mistyped in it reads as empty. */
  static Optional<RunningRelease> from(Object value) {
    return value instanceof Map<?, ?> raw
        ? Optional.of(new RunningRelease(text(raw.get("releaseId")), number(raw.get("sequence")), text(raw.get("digest")),
            text(raw.get("image")), text(raw.get("since"))))
        : Optional.empty();
  }
}
