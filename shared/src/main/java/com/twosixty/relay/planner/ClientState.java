package com.twosixty.relay.planner;

import java.util.Map;
import java.util.Optional;

/**
 * What Relay knows of one client when it plans: per service the newest release it triggered,
 * the runtime pins (service → releaseId; "" = unpinned even if the file pins it) and whether an
 * operator froze the client.
 */
public record ClientState(Map<String, ServiceVersion> targets, Map<String, String> runtimePins, boolean frozen) {

  public static final ClientState EMPTY = new ClientState(Map.of(), Map.of(), false);

  public ClientState {
    targets = Map.copyOf(targets);
    runtimePins = Map.copyOf(runtimePins);
  }

  public Optional<ServiceVersion> target(String service) {
    return Optional.ofNullable(targets.get(service));
  }
}
