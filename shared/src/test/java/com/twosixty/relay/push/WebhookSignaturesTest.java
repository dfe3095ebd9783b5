package com.twosixty.relay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {
  private static final String SECRET = "It's a Secret to Everybody";
  private final WebhookSignatures signatures = new WebhookSignatures(SECRET);

  @Test
  void gitHubsDocumentedExampleVerifies() {
    // The test vector from GitHub's "Validating webhook deliveries".
    byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    String expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assertEquals(expected, signatures.gitHubSignatureOf(body));
    assertTrue(signatures.gitHubSignatureMatches(body, expected));
    assertTrue(signatures.gitHubSignatureMatches(body, expected.toUpperCase().replace("SHA256=", "sha256=")));
  }

  @Test
  void aWrongGitHubSignatureOfTheRightLengthFails() {
    byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    String right = signatures.gitHubSignatureOf(body);
    String wrong = right.substring(0, right.length() - 1) + (right.endsWith("0") ? "1" : "0");
    assertEquals(right.length(), wrong.length());
    assertFalse(signatures.gitHubSignatureMatches(body, wrong));
    assertFalse(new WebhookSignatures("another secret").gitHubSignatureMatches(body, right));
    assertFalse(signatures.gitHubSignatureMatches("Hello, World?".getBytes(StandardCharsets.UTF_8), right));
  }

  @Test
  void aGitHubSignatureOfTheWrongLengthOrShapeFails() {
    byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    String right = signatures.gitHubSignatureOf(body);
    assertFalse(signatures.gitHubSignatureMatches(body, right.substring(0, right.length() - 2)));
    assertFalse(signatures.gitHubSignatureMatches(body, right + "00"));
    assertFalse(signatures.gitHubSignatureMatches(body, right.substring("sha256=".length())));
    assertFalse(signatures.gitHubSignatureMatches(body, "sha1=" + right.substring("sha256=".length())));
    assertFalse(signatures.gitHubSignatureMatches(body, "sha256="));
    assertFalse(signatures.gitHubSignatureMatches(body, ""));
    assertFalse(signatures.gitHubSignatureMatches(body, null));
  }

  @Test
  void gitLabTokensCompareWhole() {
    assertTrue(signatures.gitLabTokenMatches(SECRET));
    assertFalse(signatures.gitLabTokenMatches(SECRET.substring(0, SECRET.length() - 1) + "X"));
    assertFalse(signatures.gitLabTokenMatches(SECRET + " "));
    assertFalse(signatures.gitLabTokenMatches(SECRET.substring(1)));
    assertFalse(signatures.gitLabTokenMatches(""));
    assertFalse(signatures.gitLabTokenMatches(null));
  }

  @Test
  void anEmptySecretIsRefusedAndTheSecretNeverPrints() {
    assertThrows(IllegalArgumentException.class, () -> new WebhookSignatures(""));
    assertThrows(IllegalArgumentException.class, () -> new WebhookSignatures(null));
    assertFalse(signatures.toString().contains(SECRET));
  }
}
