package com.twosixty.relay.failure;

/** A failure that may pass (UNAVAILABLE, DEADLINE_EXCEEDED, a cluster RECONCILING): throw so Pub/Sub redelivers. */
public class TransientFailure extends RuntimeException {
  public TransientFailure(String message, Throwable cause) {
    super(message, cause);
  }

  public TransientFailure(String message) {
    super(message);
  }
}
