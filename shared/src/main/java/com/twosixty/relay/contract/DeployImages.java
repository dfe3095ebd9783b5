package com.twosixty.relay.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The deploy build's {@code _IMAGES}: {@code billing=gcr.io/p/billing@sha256:…,portal=…}, one image
 * pinned by digest per service, in the order written. {@link #parse} and {@link #toString} are each
 * other's inverse; the client repo's {@code scripts/set-images.sh} reads the same text.
 */
public record DeployImages(Map<String, ImageRef> byService) {

  public DeployImages {
    byService = Collections.unmodifiableMap(new LinkedHashMap<>(byService));
  }

  /**
   * Reads {@code service=image@digest} entries separated by commas (blank entries and spaces around
   * them are ignored; a service named twice keeps its last image). An entry that is not
   * {@code service=image@digest} is an IllegalArgumentException naming it.
   */
  public static DeployImages parse(String value) {
    Map<String, ImageRef> images = new LinkedHashMap<>();
    for (String entry : DeploySubstitutions.splitList(value)) {
      int equals = entry.indexOf('=');
      try {
        if (equals <= 0) {
          throw new IllegalArgumentException("no '='");
        }
        images.put(entry.substring(0, equals).trim(), ImageRef.parse(entry.substring(equals + 1).trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "_IMAGES entry '" + DeploySubstitutions.abbreviate(entry) + "' is not service=image@digest", e);
      }
    }
    return new DeployImages(images);
  }

  /** The services, in the order written. */
  public List<String> services() {
    return List.copyOf(byService.keySet());
  }

  /** {@code service=image@digest,…}: what {@link #parse} reads. */
  @Override
  public String toString() {
    return byService.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().reference())
        .collect(Collectors.joining(","));
  }
}
