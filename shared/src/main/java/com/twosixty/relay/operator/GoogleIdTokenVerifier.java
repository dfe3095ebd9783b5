package com.twosixty.relay.operator;

import com.google.api.client.json.webtoken.JsonWebSignature;
import com.google.auth.oauth2.TokenVerifier;
import java.util.List;

/**
 * Adapter: verifies Google-signed ID tokens with google-auth-library's {@link TokenVerifier}
 * (signature against the issuer's published keys, issuer, audience, expiry), then requires an
 * {@code email} claim with {@code email_verified} true. The local stack runs the same code against
 * its own issuer and key set; nothing is skipped there.
 *
 * <p>{@link TokenVerifier} takes one audience, so there is one verifier per accepted audience; a
 * token for another audience fails on each before any key is fetched. Each verifier caches the key
 * set for an hour.
 */
public final class GoogleIdTokenVerifier implements IdentityVerifier {
  public static final String GOOGLE_ISSUER = "https://accounts.google.com";
  public static final String GOOGLE_CERTS = "https://www.googleapis.com/oauth2/v3/certs";

  private final List<TokenVerifier> verifiers;

  /**
   * @param issuer the {@code iss} every token must carry
   * @param certificatesUrl the issuer's key set (JWKS, or Google's PEM map)
   * @param audiences accepted {@code aud} values: the gateway's URL, and the OAuth client ids of the
   *     tools people get tokens from (README)
   */
  public GoogleIdTokenVerifier(String issuer, String certificatesUrl, List<String> audiences) {
    if (audiences.isEmpty()) {
      throw new IllegalArgumentException("at least one accepted audience is needed");
    }
    this.verifiers = audiences.stream()
        .map(audience -> TokenVerifier.newBuilder().setIssuer(issuer).setCertificatesLocation(certificatesUrl)
            .setAudience(audience).build())
        .toList();
  }

  @Override
  public VerifiedCaller verify(String idToken) throws IdentityRefused {
    if (idToken == null || idToken.isBlank()) {
      throw new IdentityRefused("no identity token: send Authorization: Bearer <Google-signed ID token>");
    }
    JsonWebSignature verified = null;
    String failure = "";
    for (TokenVerifier verifier : verifiers) {
      try {
        verified = verifier.verify(idToken.trim());
        break;
      } catch (TokenVerifier.VerificationException e) {
        failure = e.getMessage();
        if (!failure.toLowerCase(java.util.Locale.ROOT).contains("audience")) {
          break;
        }
      } catch (RuntimeException e) {
        failure = "unreadable token (" + e.getClass().getSimpleName() + ")";
        break;
      }
    }
    if (verified == null) {
      throw new IdentityRefused("identity token refused: " + failure);
    }
    Object email = verified.getPayload().get("email");
    if (!(email instanceof String address) || address.isBlank() || !address.contains("@")) {
      throw new IdentityRefused("identity token has no email claim (a service account's token needs format=full / includeEmail)");
    }
    if (!Boolean.TRUE.equals(verified.getPayload().get("email_verified"))) {
      throw new IdentityRefused("identity token's email " + address + " is not verified");
    }
    return new VerifiedCaller(address);
  }
}
