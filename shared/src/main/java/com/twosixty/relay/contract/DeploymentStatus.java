package com.twosixty.relay.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a deployment stands ({@code relay.deployment/v1}'s {@code status}, and the {@code status} of
 * Relay's Firestore documents), with its rank: how far a deployment has come. A deploy build can
 * only move a deployment to a higher rank, which makes duplicated and reordered notifications
 * harmless.
 */
public enum DeploymentStatus {
  /*
   * WAITING_FOR_WAVE: a client in a later wave received the release before the hub opened its wave
   * (README: Waves); it deploys nothing until then. HALTED: only an event, never a deployment's
   * status: the hub halted a release's rollout (its client is the failing client, or "hub" when an
   * operator halted it).
   */
  PLANNED(0), SKIPPED(0), AWAITING_APPROVAL(0), WAITING_FOR_WAVE(0), HALTED(0), TRIGGERED(1), STARTED(2), SUCCEEDED(3), FAILED(3), ROLLED_BACK(4);

  private final int rank;

  DeploymentStatus(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  /** Whether a deployment at {@code stored} moves forward to this status; no stored status ({@code null}) ranks lowest. */
  public boolean advancesFrom(DeploymentStatus stored) {
    return rank > (stored == null ? 0 : stored.rank);
  }

  /**
   * A status as read from storage: empty for {@code ""} or a value this version does not know (one a
   * newer writer stored), never an exception, so that readers stay tolerant.
   */
  public static Optional<DeploymentStatus> fromStored(String value) {
    return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst();
  }
}
