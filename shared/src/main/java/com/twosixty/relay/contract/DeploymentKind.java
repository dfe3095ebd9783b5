package com.twosixty.relay.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a deployment exists: a release arrived, or an operator asked for a rollback or redeploy. */
public enum DeploymentKind {
  RELEASE, ROLLBACK, REDEPLOY;

  /** As in Firestore and in the deploy build's _DEPLOY_KIND substitution. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DeploymentKind> fromWire(String value) {
    return Arrays.stream(values()).filter(k -> k.wireName().equals(value)).findFirst();
  }
}
