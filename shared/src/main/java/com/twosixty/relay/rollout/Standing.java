package com.twosixty.relay.rollout;

/** Where one client stands with one release, as far as the next wave's gate is concerned. */
public enum Standing {
  /** It has not received the release yet (nothing recorded): it holds its wave. */
  UNSEEN(false),
  /** It deployed the release and the deploy SUCCEEDED: done, and its time starts the soak. */
  SUCCEEDED(false),
  /** It decided by policy not to take the release (does not run the services, pinned, another channel, rejected): done. */
  NOT_TAKING(false),
  /**
   * It skipped the release because it already has a newer one (not-newer, or superseded by a newer
   * release): the release goes no further than this wave; the newer one's own rollout carries it on.
   */
  SUPERSEDED(false),
  FAILED(true),
  ROLLED_BACK(true),
  /** Skipped because frozen (an operator freeze or a freeze window): holds its wave unless the hub says frozen clients do not. */
  FROZEN(false),
  AWAITING_APPROVAL(false),
  /** Planned, triggered or started, not finished. */
  IN_FLIGHT(false),
  /** It waits for its own wave's gate. */
  WAITING_FOR_WAVE(false);

  private final boolean failure;

  Standing(boolean failure) {
    this.failure = failure;
  }

  /** A failure that the halt rule may count. */
  public boolean failure() {
    return failure;
  }
}
