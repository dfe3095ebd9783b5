package com.twosixty.relay.operator;

import java.util.Locale;

/** Who sent a request, as the identity token proves it: a verified email address, kept lower case. */
public record VerifiedCaller(String email) {
  public VerifiedCaller {
    email = email.trim().toLowerCase(Locale.ROOT);
  }

  /** The part after '@'. */
  public String domain() {
    return email.substring(email.lastIndexOf('@') + 1);
  }
}
