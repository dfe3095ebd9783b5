package com.twosixty.relay.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook came from someone who knows the shared secret. Every comparison is
 * constant-time ({@link MessageDigest#isEqual}); neither the secret nor what the sender presented
 * is ever part of a result or message.
 */
public final class WebhookSignatures {
  private static final String GITHUB_PREFIX = "sha256=";

  private final byte[] secret;

  public WebhookSignatures(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * GitLab sends the secret token itself in {@code X-Gitlab-Token}. Both sides are hashed first so
   * the comparison takes the same time whatever the presented token's length.
   */
  public boolean gitLabTokenMatches(String presentedToken) {
    if (presentedToken == null || presentedToken.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(sha256(secret), sha256(presentedToken.getBytes(StandardCharsets.UTF_8)));
  }

  /** GitHub sends {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}. */
  public boolean gitHubSignatureMatches(byte[] body, String signatureHeader) {
    if (signatureHeader == null || !signatureHeader.startsWith(GITHUB_PREFIX)) {
      return false;
    }
    byte[] expected = HexFormat.of().formatHex(hmacSha256(body)).getBytes(StandardCharsets.US_ASCII);
    byte[] presented = signatureHeader.substring(GITHUB_PREFIX.length()).trim().toLowerCase(Locale.ROOT)
        .getBytes(StandardCharsets.US_ASCII);
    // isEqual's time depends on the expected (fixed, 64-byte) side only, not on where they differ.
    return MessageDigest.isEqual(expected, presented);
  }

  /** What GitHub would send for this body: for tests and for tools that replay deliveries. */
  public String gitHubSignatureOf(byte[] body) {
    return GITHUB_PREFIX + HexFormat.of().formatHex(hmacSha256(body));
  }

  private byte[] hmacSha256(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static byte[] sha256(byte[] value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSignatures[secret=<redacted>]";
  }
}
