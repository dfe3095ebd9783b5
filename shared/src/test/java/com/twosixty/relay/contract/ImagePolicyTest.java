package com.twosixty.relay.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImagePolicyTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final ImagePolicy HUB = ImagePolicy.parse("gcr.io/relay-local/, europe-west2-docker.pkg.dev/hub/relay");

  private static String reason(ImagePolicy policy, String image, String digest) {
    return policy.violation(image, digest).orElse("allowed");
  }

  @Test
  void imagesFromTheHubRepositoryAreAllowed() {
    assertEquals(Optional.empty(), HUB.violation("gcr.io/relay-local/billing", DIGEST));
    assertEquals(Optional.empty(), HUB.violation("europe-west2-docker.pkg.dev/hub/relay/team/portal", DIGEST));
    assertEquals(List.of("gcr.io/relay-local/", "europe-west2-docker.pkg.dev/hub/relay/"), HUB.allowedPrefixes());
  }

  @Test
  void aLookAlikeRepositoryIsRefused() {
    assertTrue(reason(HUB, "gcr.io/relay-local-evil/portal", DIGEST).contains("not from an allowed repository"));
    assertTrue(reason(HUB, "europe-west2-docker.pkg.dev/hub/relayx/portal", DIGEST).contains("not from an allowed repository"));
    assertTrue(reason(HUB, "gcr.io/relay-local", DIGEST).contains("not from an allowed repository"));
  }

  @Test
  void anotherRegistryIsRefused() {
    String reason = reason(HUB, "docker.io/attacker/billing", DIGEST);
    assertTrue(reason.contains("'docker.io/attacker/billing@" + DIGEST + "'"), reason);
    assertTrue(reason.contains("not from an allowed repository"), reason);
  }

  @Test
  void aTagInTheImageIsRefused() {
    assertTrue(reason(HUB, "gcr.io/relay-local/billing:latest", DIGEST).contains("has a tag"));
  }

  @Test
  void aDigestInTheImageIsRefused() {
    assertTrue(reason(HUB, "gcr.io/relay-local/billing@sha256:" + "b".repeat(64), DIGEST).contains("already holds a digest"));
  }

  @Test
  void aMalformedImageOrDigestIsRefused() {
    assertTrue(reason(HUB, "gcr.io/relay-local/Billing", DIGEST).contains("not a repository name"));
    assertTrue(reason(HUB, "gcr.io/relay-local/../billing", DIGEST).contains("not a repository name"));
    assertTrue(reason(HUB, "gcr.io/relay-local//billing", DIGEST).contains("not a repository name"));
    assertTrue(reason(HUB, "gcr.io/relay-local/billing ", DIGEST).contains("not a repository name"));
    assertTrue(reason(HUB, "gcr.io/relay-local/billing", "sha256:" + "A".repeat(64)).contains("the digest is not"));
    assertTrue(reason(HUB, "gcr.io/relay-local/billing", "sha512:" + "a".repeat(64)).contains("the digest is not"));
    assertTrue(reason(HUB, "gcr.io/relay-local/billing", "sha256:" + "a".repeat(63)).contains("the digest is not"));
  }

  @Test
  void aClientsOwnAdditionIsAllowedForIt() {
    ImagePolicy client = HUB.plus(List.of("europe-docker.pkg.dev/acme-tools/sidecars"));
    assertEquals(Optional.empty(), client.violation("europe-docker.pkg.dev/acme-tools/sidecars/proxy", DIGEST));
    assertTrue(reason(HUB, "europe-docker.pkg.dev/acme-tools/sidecars/proxy", DIGEST).contains("not from an allowed repository"));
    assertTrue(reason(client, "europe-docker.pkg.dev/acme-tools/sidecars-evil/proxy", DIGEST).contains("not from an allowed repository"));
  }

  @Test
  void aPrefixNamesAHostAndAPath() {
    assertEquals("gcr.io/hub/", ImagePolicy.prefix("gcr.io/hub"));
    assertThrows(IllegalArgumentException.class, () -> ImagePolicy.prefix("gcr.io/"));
    assertThrows(IllegalArgumentException.class, () -> ImagePolicy.prefix("docker.io"));
    assertThrows(IllegalArgumentException.class, () -> ImagePolicy.prefix("gcr.io/hub:tag"));
    assertThrows(IllegalArgumentException.class, () -> ImagePolicy.prefix("gcr.io/hub@sha256:x"));
    assertThrows(IllegalArgumentException.class, () -> ImagePolicy.parse("gcr.io/hub/, gcr.io"));
  }

  @Test
  void anEmptyPolicyAllowsNothing() {
    assertTrue(reason(ImagePolicy.parse(""), "gcr.io/relay-local/billing", DIGEST).contains("not from an allowed repository []"));
  }

  @Test
  void aReleaseNamesEachOffendingImage() {
    Release release = new Release("2026.11.25-1a2b3c4", 1L, new Release.Source("m", "main", "c", "b"), "2026-11-25T12:00:00Z",
        Channel.STABLE, List.of(new Release.ServiceImage("billing", "docker.io/attacker/billing", DIGEST, "t"),
            new Release.ServiceImage("portal", "gcr.io/relay-local/portal", DIGEST, "t"),
            new Release.ServiceImage("reports", "gcr.io/relay-local-evil/reports", DIGEST, "t")));
    List<String> violations = HUB.violations(release);
    assertEquals(2, violations.size(), violations.toString());
    assertTrue(violations.get(0).startsWith("billing 'docker.io/attacker/billing@"));
    assertTrue(violations.get(1).startsWith("reports 'gcr.io/relay-local-evil/reports@"));
  }
}
