package com.twosixty.relay.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.testing.LocalIssuer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** google-auth-library's verifier against the local issuer's published key: what passes and why the rest does not. */
class GoogleIdTokenVerifierTest {
  private static final String GATEWAY = "https://command-gateway.example.run.app";
  private static final String CLI_CLIENT_ID = "32555940559.apps.googleusercontent.com";

  private static LocalIssuer issuer;
  private static GoogleIdTokenVerifier verifier;

  @BeforeAll
  static void start() {
    issuer = LocalIssuer.start();
    verifier = new GoogleIdTokenVerifier(issuer.issuer(), issuer.certsUrl(), List.of(GATEWAY, CLI_CLIENT_ID));
  }

  @AfterAll
  static void stop() {
    issuer.close();
  }

  private static String refusal(String token) {
    return assertThrows(IdentityRefused.class, () -> verifier.verify(token)).getMessage();
  }

  @Test
  void aValidTokenForEitherAudienceNamesItsVerifiedEmail() throws Exception {
    assertEquals("ada@example.com", verifier.verify(issuer.token("Ada@Example.com", GATEWAY)).email());
    assertEquals("ada@example.com", verifier.verify(issuer.token("ada@example.com", CLI_CLIENT_ID)).email());
  }

  @Test
  void everyOtherTokenIsRefusedWithItsReason() {
    LocalIssuer.Claims valid = issuer.claims("ada@example.com", GATEWAY);
    assertTrue(refusal("").startsWith("no identity token"));
    assertTrue(refusal("not-a-jwt").startsWith("identity token refused"), refusal("not-a-jwt"));
    assertTrue(refusal(issuer.sign(valid.expiredAt(Instant.now().minusSeconds(60)))).contains("expired"));
    assertTrue(refusal(issuer.signWithAnotherKey(valid)).contains("signature"), refusal(issuer.signWithAnotherKey(valid)));
    assertTrue(refusal(issuer.sign(valid.withAudience("https://other.example.run.app"))).contains("audience"));
    assertTrue(refusal(issuer.sign(valid.withIssuer("https://accounts.google.com"))).contains("issuer"));
    assertTrue(refusal(issuer.sign(valid.withEmailVerified(false))).contains("not verified"));
    assertTrue(refusal(issuer.sign(issuer.claims(null, GATEWAY))).contains("no email"));
  }
}
