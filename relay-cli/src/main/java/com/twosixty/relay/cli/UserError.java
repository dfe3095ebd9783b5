package com.twosixty.relay.cli;

/** A mistake the user can fix; printed as one line, exit code 2. */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }
}
