package com.twosixty.relay.statusview;

/** A request whose parameters cannot be answered (HTTP 400); the message says which and why. */
public class BadRequest extends RuntimeException {
  public BadRequest(String message) {
    super(message);
  }
}
