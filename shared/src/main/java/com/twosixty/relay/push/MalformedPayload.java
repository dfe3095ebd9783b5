package com.twosixty.relay.push;

/** A webhook body that cannot be read as the push event it claims to be; the message says why. */
public final class MalformedPayload extends RuntimeException {
  public MalformedPayload(String message) {
    super(message);
  }

  public MalformedPayload(String message, Throwable cause) {
    super(message, cause);
  }
}
