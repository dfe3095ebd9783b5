package com.twosixty.relay.operator;

/** The caller could not be identified: no token, or one that does not verify. The reason goes to the caller. */
public final class IdentityRefused extends Exception {
  public IdentityRefused(String reason) {
    super(reason);
  }
}
