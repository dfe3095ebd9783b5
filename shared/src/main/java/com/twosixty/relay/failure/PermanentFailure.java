package com.twosixty.relay.failure;

/** A failure that retrying cannot fix (bad input, NOT_FOUND, PERMISSION_DENIED): record it, emit FAILED, ack. */
public class PermanentFailure extends RuntimeException {
  public PermanentFailure(String message, Throwable cause) {
    super(message, cause);
  }

  public PermanentFailure(String message) {
    super(message);
  }
}
