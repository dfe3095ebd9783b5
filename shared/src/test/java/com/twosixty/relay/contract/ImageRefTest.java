package com.twosixty.relay.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.planner.ServiceVersion;
import org.junit.jupiter.api.Test;

class ImageRefTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);

  @Test
  void everyServiceAtAVersionPrintsItsImageThroughImageRef() {
    ServiceVersion version = new ServiceVersion("r7", 7, "gcr.io/p/billing", DIGEST);
    assertEquals(new ImageRef("gcr.io/p/billing", DIGEST), version.imageRef());
    assertEquals("gcr.io/p/billing@" + DIGEST, version.reference());
    Release.ServiceImage image = new Release.ServiceImage("billing", "gcr.io/p/billing", DIGEST, "r7");
    assertEquals(version.imageRef(), image.imageRef());
    assertEquals(version.reference(), image.reference());
  }
}
