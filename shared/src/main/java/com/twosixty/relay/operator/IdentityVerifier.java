package com.twosixty.relay.operator;

/** Port: turns a bearer ID token into the caller it proves, or refuses it. */
public interface IdentityVerifier {
  /**
   * @param idToken the token from {@code Authorization: Bearer <token>}; "" when none came
   * @throws IdentityRefused absent, malformed, expired, wrongly signed, for another audience or
   *     issuer, or without a verified email
   */
  VerifiedCaller verify(String idToken) throws IdentityRefused;
}
