package com.twosixty.relay.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploySubstitutionsTest {
  static final String DIGEST = "sha256:" + "a".repeat(64);
  static final String OTHER_DIGEST = "sha256:" + "b".repeat(64);

  static DeploySubstitutions rollback() {
    Map<String, ImageRef> images = new LinkedHashMap<>();
    images.put("portal", new ImageRef("localhost:5000/relay/portal", OTHER_DIGEST));
    images.put("billing", new ImageRef("europe-west2-docker.pkg.dev/hub/relay/billing", DIGEST));
    return new DeploySubstitutions("2026.11.24-1a2b3c4", "rollback-2026.11.24-1a2b3c4-1", DeploymentKind.ROLLBACK,
        List.of("portal", "billing"), new DeployImages(images), "essence", "europe-west2");
  }

  @Test
  void whatIsWrittenReadsBackAsTheSameSubstitutionsAndTheSameText() {
    DeploySubstitutions written = rollback();
    Map<String, String> wire = written.toMap();
    assertEquals(DeploySubstitutions.KEYS, List.copyOf(wire.keySet()));
    assertEquals("portal=localhost:5000/relay/portal@" + OTHER_DIGEST
        + ",billing=europe-west2-docker.pkg.dev/hub/relay/billing@" + DIGEST, wire.get("_IMAGES"));
    assertEquals("rollback", wire.get("_DEPLOY_KIND"));

    DeploySubstitutions read = DeploySubstitutions.parse(wire);
    assertEquals(written, read);
    assertEquals(wire, read.toMap());
    assertEquals(List.of("portal", "billing"), read.images().services(), "the order written is kept");
  }

  @Test
  void imagesAndImageReferencesReadBackWhatTheyPrint() {
    DeployImages images = rollback().images();
    assertEquals(images, DeployImages.parse(images.toString()));
    ImageRef billing = images.byService().get("billing");
    assertEquals(billing, ImageRef.parse(billing.reference()));
    assertEquals("gcr.io/p/billing:1.2", ImageRef.withoutDigest("gcr.io/p/billing:1.2@" + DIGEST));
    assertEquals("gcr.io/p/billing:1.2", ImageRef.withoutDigest("gcr.io/p/billing:1.2"));
  }

  @Test
  void aBuildThatSaysLessGetsTheDeployTemplatesDefaults() {
    DeploySubstitutions read = DeploySubstitutions.parse(Map.of("_RELEASE_ID", " 2026.11.24-1a2b3c4 ",
        "_SERVICES", "all", "_IMAGES", "billing=gcr.io/p/billing@" + DIGEST + ", ,portal=gcr.io/p/portal@" + DIGEST));
    assertEquals("2026.11.24-1a2b3c4", read.deploymentId());
    assertEquals(DeploymentKind.RELEASE, read.kind());
    assertEquals(List.of("billing", "portal"), read.services());
    assertEquals("", read.cluster());
  }

  @Test
  void anUnusableValueIsNamedInTheError() {
    Map<String, String> wire = new LinkedHashMap<>(rollback().toMap());
    wire.put("_IMAGES", "billing=gcr.io/p/billing:latest");
    IllegalArgumentException images = assertThrows(IllegalArgumentException.class, () -> DeploySubstitutions.parse(wire));
    assertEquals("_IMAGES entry 'billing=gcr.io/p/billing:latest' is not service=image@digest", images.getMessage());
    wire.put("_DEPLOY_KIND", "upgrade");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DeploySubstitutions.parse(wire)).getMessage()
        .contains("_DEPLOY_KIND 'upgrade'"));
    assertThrows(IllegalArgumentException.class, () -> DeploySubstitutions.parse(Map.of("_IMAGES", "")));
    assertThrows(IllegalArgumentException.class, () -> ImageRef.parse("@" + DIGEST));
    assertThrows(IllegalArgumentException.class, () -> ImageRef.parse("gcr.io/p/billing@"));
  }
}
