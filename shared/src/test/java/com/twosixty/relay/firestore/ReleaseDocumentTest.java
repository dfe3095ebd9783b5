package com.twosixty.relay.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.ContractFixtures;
import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.contract.Release;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseDocumentTest {
  static final Instant NOW = Instant.parse("2026-11-24T10:16:00Z");

  @Test
  void aReleaseWrittenReadsBackWithEveryFieldAndItsBody() {
    Release release = ContractFixtures.release();
    Map<String, Object> written = ReleaseDocument.toMap(release, NOW);
    assertEquals(List.of("releaseId", "sequence", "channel", "createdAt", "source", "services", "body", "receivedAt"),
        List.copyOf(written.keySet()), "the README's field names, in the order written");
    assertEquals("stable", written.get("channel"));
    assertEquals(Map.of("name", "billing", "image", "gcr.io/relay-hub/billing", "digest", ContractFixtures.DIGEST_A,
        "tag", "1a2b3c4"), ((List<?>) written.get("services")).get(0));

    ReleaseDocument read = ReleaseDocument.from(release.releaseId(), written);
    assertEquals(new ReleaseDocument(release.releaseId(), release.sequence(), "stable", release.createdAt(),
        NOW.toString(), release.source(), release.services(), ContractCodec.toJson(release)), read);
    assertEquals(release, ContractCodec.decodeRelease(read.body().getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of("billing", "portal"), List.copyOf(read.images().keySet()), "the release's order is kept");
    assertEquals(new ImageRef("gcr.io/relay-hub/portal", ContractFixtures.DIGEST_B), read.images().get("portal"));
  }

  @Test
  void missingOrMistypedFieldsReadAsEmpty() {
    Map<String, Object> stored = new HashMap<>();
    stored.put("sequence", "seven");
    stored.put("source", "monorepo");
    stored.put("services", List.of("billing", Map.of("name", "portal", "digest", 7)));
    ReleaseDocument read = ReleaseDocument.from("r1", stored);
    assertEquals(new ReleaseDocument("r1", 0, "", "", "", new Release.Source("", "", "", ""),
        List.of(new Release.ServiceImage("portal", "", "", "")), ""), read);
    assertEquals(ReleaseDocument.from("r1", Map.of()), ReleaseDocument.from("r1", null), "no data reads as empty");
  }
}
