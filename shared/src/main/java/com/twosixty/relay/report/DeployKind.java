package com.twosixty.relay.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a deploy build ran: a release, a rollback command or a redeploy command. */
public enum DeployKind {
  RELEASE, ROLLBACK, REDEPLOY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DeployKind> fromWire(String value) {
    return Arrays.stream(values()).filter(k -> k.wireName().equals(value)).findFirst();
  }
}
