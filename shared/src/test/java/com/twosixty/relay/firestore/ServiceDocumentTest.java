package com.twosixty.relay.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.planner.ServiceVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceDocumentTest {
  static final String DIGEST = "sha256:" + "a".repeat(64);
  static final ServiceVersion VERSION = new ServiceVersion("r7", 7, "gcr.io/hub/billing", DIGEST);

  @Test
  void everyPartWrittenReadsBackAsWritten() {
    ServiceDocument.Target target = new ServiceDocument.Target(VERSION, "r7", "2026-11-24T10:16:00Z");
    RunningRelease running = new RunningRelease(VERSION, "2026-11-24T10:20:00Z");
    RunningRelease previous = new RunningRelease(
        new ServiceVersion("r6", 6, "gcr.io/hub/billing", "sha256:" + "b".repeat(64)), "2026-11-20T09:00:00Z");
    LastEvent last = new LastEvent("SUCCEEDED", "r7", "", "build-9", "https://log", "2026-11-24T10:20:00Z");

    assertEquals(List.of("releaseId", "sequence", "image", "digest", "deploymentId", "at"), List.copyOf(target.toMap().keySet()));
    assertEquals(List.of("releaseId", "sequence", "image", "digest", "since"), List.copyOf(running.toMap().keySet()));
    assertEquals(List.of("status", "releaseId", "reason", "buildId", "logUrl", "at"), List.copyOf(last.toMap().keySet()));
    assertEquals(7L, target.toMap().get("sequence"));

    Map<String, Object> stored = Map.of("service", "billing", "target", target.toMap(), "running", running.toMap(),
        "previous", previous.toMap(), "last", last.toMap());
    ServiceDocument read = ServiceDocument.from("billing", stored);
    assertEquals(new ServiceDocument("billing", Optional.of(target), Optional.of(running), Optional.of(previous),
        Optional.of(last)), read);
    assertEquals("r7", read.targetDeploymentId());
    assertEquals(VERSION, read.running().orElseThrow().version(), "running's digest and image land in their places");
  }

  @Test
  void aStoredDocumentsPartsPrintBackWithEveryField() {
    Map<String, Object> target = Map.of("releaseId", "r7", "sequence", 7L, "image", "gcr.io/hub/billing", "digest", DIGEST,
        "deploymentId", "rollback-m1", "at", "2026-11-24T10:16:00Z");
    Map<String, Object> running = Map.of("releaseId", "r6", "sequence", 6L, "digest", DIGEST, "image", "gcr.io/hub/billing",
        "since", "2026-11-24T10:20:00Z");
    Map<String, Object> last = Map.of("status", "FAILED", "releaseId", "r7", "reason", "FAILURE", "buildId", "b-1",
        "logUrl", "https://log", "at", "2026-11-24T10:21:00Z");
    ServiceDocument read = ServiceDocument.from("billing",
        Map.of("service", "billing", "target", target, "running", running, "previous", running, "last", last));
    assertEquals(target, read.target().orElseThrow().toMap());
    assertEquals(running, read.running().orElseThrow().toMap());
    assertEquals(running, read.previous().orElseThrow().toMap());
    assertEquals(last, read.last().orElseThrow().toMap());
    assertEquals(Optional.of(new ServiceVersion("r7", 7, "gcr.io/hub/billing", DIGEST)), read.targetVersion());
    assertEquals(Optional.of(new ServiceVersion("r6", 6, "gcr.io/hub/billing", DIGEST)), read.runningVersion());
    assertEquals(read.runningVersion(), read.previousVersion());
  }

  @Test
  void absentPartsReadAsAbsentAndMistypedFieldsAsEmpty() {
    Map<String, Object> stored = new HashMap<>();
    stored.put("target", Map.of("releaseId", "r7", "sequence", "seven"));
    stored.put("running", "r6");
    stored.put("last", Map.of("status", 3));
    ServiceDocument read = ServiceDocument.from("billing", stored);
    assertEquals(Optional.of(new ServiceDocument.Target(new ServiceVersion("r7", 0, "", ""), "", "")), read.target());
    assertEquals(Optional.empty(), read.running(), "a part that is not a map is absent");
    assertEquals(Optional.empty(), read.previous());
    assertEquals(Optional.of(new LastEvent("", "", "", "", "", "")), read.last());
    assertEquals("", read.targetDeploymentId());

    ServiceDocument none = ServiceDocument.from("portal", null);
    assertEquals(new ServiceDocument("portal", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), none);
    assertEquals(ServiceDocument.none("portal"), none);
  }
}
