package com.twosixty.relay.statusview;

import java.util.Map;

/**
 * {@code clients/{client}}: the runtime state commands set. {@code pins} maps a service to its pinned
 * release; {@code ""} is an explicit unpin.
 */
public record ClientRecord(
    String id,
    String displayName,
    boolean frozen,
    String freezeReason,
    String frozenBy,
    Map<String, String> pins,
    String updatedAt) {

  public ClientRecord {
    pins = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(pins));
  }

  /** A client known only by its deployments and services: nobody sent it a command yet. */
  public static ClientRecord bare(String id) {
    return new ClientRecord(id, id, false, "", "", Map.of(), "");
  }

  public String pinOf(String service) {
    return pins.getOrDefault(service, "");
  }
}
