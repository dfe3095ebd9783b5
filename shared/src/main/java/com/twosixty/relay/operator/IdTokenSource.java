package com.twosixty.relay.operator;

/** Port: an ID token that proves this process's identity to the command gateway. */
public interface IdTokenSource {
  /** A token for {@code audience} (the gateway's URL); throws when none can be had. */
  String idToken(String audience);
}
