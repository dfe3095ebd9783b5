package com.twosixty.relay.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code promote}, {@code halt}, {@code resume}: a release's rollout across the waves (README: Waves).
 * Sent with no client ({@code client: ""}) they address the hub's release-rollout; {@code promote}
 * with a client is the hub's wake-up of a waiting client whose wave has opened.
 */
public enum CommandType {
  APPROVE, REJECT, PIN, UNPIN, FREEZE, UNFREEZE, ROLLBACK, REDEPLOY, PROMOTE, HALT, RESUME;

  /** A command that may be sent for a release's whole rollout, with no client. */
  public boolean forRollout() {
    return this == PROMOTE || this == HALT || this == RESUME;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CommandType> fromWire(String value) {
    return Arrays.stream(values()).filter(c -> c.wireName().equals(value)).findFirst();
  }
}
