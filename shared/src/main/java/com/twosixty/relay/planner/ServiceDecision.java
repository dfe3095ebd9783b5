package com.twosixty.relay.planner;

/** What one client does with one service of a release, and why. */
public record ServiceDecision(String service, Action action, String reason) {

  /** {@code WAIT_FOR_WAVE}: it would deploy (or wait for approval), but the client's wave has not opened for the release. */
  public enum Action { DEPLOY, SKIP, AWAIT_APPROVAL, WAIT_FOR_WAVE }

  /** The reasons a service is skipped, as they appear in SKIPPED events. */
  public static final String CHANNEL = "channel";
  public static final String NOT_RUN_BY_CLIENT = "not-run-by-client";
  public static final String PINNED = "pinned";
  public static final String NOT_NEWER = "not-newer";
  public static final String FROZEN = "frozen";

  public static ServiceDecision deploy(String service) {
    return new ServiceDecision(service, Action.DEPLOY, "");
  }

  public static ServiceDecision skip(String service, String reason) {
    return new ServiceDecision(service, Action.SKIP, reason);
  }

  /** @param why what the wave waits for ({@link com.twosixty.relay.rollout.Gate#describe}) */
  public static ServiceDecision waitForWave(String service, String why) {
    return new ServiceDecision(service, Action.WAIT_FOR_WAVE, why);
  }

  public static ServiceDecision awaitApproval(String service) {
    return new ServiceDecision(service, Action.AWAIT_APPROVAL, "approval required");
  }
}
