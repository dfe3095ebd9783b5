package com.twosixty.relay.contract;

import java.util.Arrays;
import java.util.Optional;

/** Where a release comes from: the release branch (stable) or a hotfix branch. */
public enum Channel {
  STABLE, HOTFIX;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<Channel> fromWire(String value) {
    return Arrays.stream(values()).filter(c -> c.wireName().equals(value)).findFirst();
  }
}
