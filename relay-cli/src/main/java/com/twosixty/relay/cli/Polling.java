package com.twosixty.relay.cli;

import java.time.Duration;

/** The pace at which relay's commands look again at the status API while they follow something. */
final class Polling {
  static final Duration INTERVAL = Duration.ofMillis(500);

  private Polling() {}

  /** Waits one interval; an interrupt (Ctrl-C) ends the command. */
  static void pause() {
    try {
      Thread.sleep(INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted");
    }
  }
}
