package com.twosixty.relay.state;

import java.util.Locale;

/** Why a deployment exists: a release arrived, or an operator asked for a rollback or redeploy. */
public enum DeploymentKind {
  RELEASE, ROLLBACK, REDEPLOY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeploymentKind fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
