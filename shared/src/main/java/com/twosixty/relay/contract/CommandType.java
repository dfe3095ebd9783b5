package com.twosixty.relay.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum CommandType {
  APPROVE, REJECT, PIN, UNPIN, FREEZE, UNFREEZE, ROLLBACK, REDEPLOY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CommandType> fromWire(String value) {
    return Arrays.stream(values()).filter(c -> c.wireName().equals(value)).findFirst();
  }
}
