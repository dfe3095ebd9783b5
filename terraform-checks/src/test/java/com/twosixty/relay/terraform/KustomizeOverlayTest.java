package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the client-repo template's production overlay after pinning images by digest the way its
 * cloudbuild.yaml does (scripts/set-images.sh). Skipped where kubectl or bash is not installed.
 */
class KustomizeOverlayTest {
  static final String BILLING = "europe-west2-docker.pkg.dev/relay-hub-prod/relay/billing";
  static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  static final String PORTAL_DIGEST = "sha256:" + "fedcba9876543210".repeat(4);

  @TempDir
  Path temp;

  Path repo;

  @BeforeEach
  void copy() {
    assumeTrue(Commands.onPath("kubectl"), "kubectl is not installed");
    assumeTrue(Commands.onPath("bash"), "bash is not installed");
    repo = temp.resolve("client-repo");
    Repo.copyTree(Repo.terraform().resolve("examples/client-repo"), repo);
  }

  Commands.Result setImages(String images, String services) {
    return Commands.run(repo, Map.of("OVERLAY", "k8s/overlays/production", "IMAGES", images, "SERVICES", services,
        "RELEASE_ID", "2026.11.24-1a2b3c4"), List.of("bash", "scripts/set-images.sh"));
  }

  Commands.Result render() {
    return Commands.run(repo, Map.of(), List.of("kubectl", "kustomize", "k8s/overlays/production"));
  }

  @Test
  void rendersTheDigest() {
    Commands.Result set = setImages("billing=" + BILLING + "@" + DIGEST + ",portal=x/portal@" + PORTAL_DIGEST, "billing");
    assertEquals(0, set.exitCode(), set.output());

    Commands.Result rendered = render();
    assertEquals(0, rendered.exitCode(), rendered.output());
    String yaml = rendered.output();
    assertTrue(yaml.contains("image: " + BILLING + "@" + DIGEST), yaml);
    assertFalse(yaml.contains(PORTAL_DIGEST), "portal is not in _SERVICES, so its image stays unpinned");
    assertTrue(yaml.contains("namespace: production"), yaml);
  }

  @Test
  void allServicesWhenServicesIsAll() {
    Commands.Result set = setImages("billing=" + BILLING + "@" + DIGEST + ",portal=x/portal@" + PORTAL_DIGEST, "all");
    assertEquals(0, set.exitCode(), set.output());
    String yaml = render().output();
    assertTrue(yaml.contains("image: " + BILLING + "@" + DIGEST), yaml);
    assertTrue(yaml.contains("image: x/portal@" + PORTAL_DIGEST), yaml);
  }

  @Test
  void refusesAnImageWithoutADigest() {
    Commands.Result set = setImages("billing=" + BILLING + ":latest", "");
    assertNotEquals(0, set.exitCode(), set.output());
    assertTrue(set.output().contains("bad _IMAGES entry"), set.output());
  }

  @Test
  void refusesAMalformedDigest() {
    Commands.Result set = setImages("billing=" + BILLING + "@sha256:abc", "");
    assertNotEquals(0, set.exitCode(), set.output());
    assertTrue(set.output().contains("bad digest for billing"), set.output());
  }
}
