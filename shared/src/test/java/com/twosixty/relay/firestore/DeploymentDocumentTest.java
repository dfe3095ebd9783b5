package com.twosixty.relay.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.FieldValue;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentDocumentTest {
  static final Instant NOW = Instant.parse("2026-11-24T10:16:00Z");
  static final String DIGEST = "sha256:" + "a".repeat(64);

  static DeploymentDocument plannedDocument() {
    Map<String, ServiceVersion> candidates = new LinkedHashMap<>();
    candidates.put("reports", new ServiceVersion("r7", 7, "gcr.io/hub/reports", DIGEST));
    candidates.put("billing", new ServiceVersion("r6", 6, "gcr.io/hub/billing", DIGEST));
    candidates.put("portal", new ServiceVersion("r7", 7, "gcr.io/hub/portal", DIGEST));
    Plan plan = new Plan(List.of(ServiceDecision.deploy("portal"), ServiceDecision.skip("reports", ServiceDecision.PINNED),
        ServiceDecision.deploy("billing")));
    return DeploymentDocument.planned("northwind", "rollback-r7-1", "mixed", 7, DeploymentKind.ROLLBACK, plan,
        candidates, NOW);
  }

  static Map<String, Object> planned() {
    return plannedDocument().toMap();
  }

  @Test
  void whatIsPrintedReadsBackAsTheSameDocument() {
    DeploymentDocument planned = plannedDocument();
    assertEquals(planned, DeploymentDocument.from("rollback-r7-1", planned.toMap()));
    DeploymentDocument leased = planned.leased("owner-1", NOW.plusSeconds(15));
    assertEquals(leased, DeploymentDocument.from("rollback-r7-1", leased.toMap()));
    DeploymentDocument failed = leased.after(DeploymentDocument.progressed(DeploymentStatus.FAILED, "build-9",
        "https://log", "step failed", "2026-11-24T10:30:00Z", true));
    assertEquals(failed, DeploymentDocument.from("rollback-r7-1", failed.toMap()));
    DeploymentDocument published = failed.after(Map.of(DeploymentDocument.AUTO_ROLLBACK_PUBLISHED, true));
    assertEquals(published, DeploymentDocument.from("rollback-r7-1", published.toMap()));
    assertTrue(published.autoRollbackPublished() && published.autoRollbackRequested());
  }

  @Test
  void aStoredDocumentPrintsBackWithEveryField() {
    Map<String, Object> stored = new HashMap<>();
    stored.put("deploymentId", "2026.11.24-aaaaaaa");
    stored.put("client", "northwind");
    stored.put("releaseId", "2026.11.24-aaaaaaa");
    stored.put("sequence", 100L);
    stored.put("kind", "release");
    stored.put("status", "FAILED");
    stored.put("decisions", Map.of("billing", Map.of("action", "DEPLOY", "reason", ""),
        "portal", Map.of("action", "AWAIT_APPROVAL", "reason", "approval required")));
    stored.put("decisionOrder", List.of("portal", "billing"));
    stored.put("services", List.of("billing"));
    stored.put("images", Map.of("billing",
        Map.of("releaseId", "2026.11.24-aaaaaaa", "sequence", 100L, "image", "gcr.io/hub/billing", "digest", DIGEST)));
    stored.put("buildId", "build-9");
    stored.put("logUrl", "https://log");
    stored.put("reason", "FAILURE");
    stored.put("createdAt", "2026-11-24T10:16:00Z");
    stored.put("updatedAt", "2026-11-24T10:30:00Z");
    stored.put("lease", Map.of("owner", "owner-1", "until", 1764000000000L));
    stored.put("autoRollback", Map.of("requested", true, "published", false));

    assertEquals(stored, DeploymentDocument.from("2026.11.24-aaaaaaa", stored).toMap());
  }

  @Test
  void clientDeployerReadsStrictlyWhatOtherReadersReadTolerantly() {
    DeploymentDocument planned = plannedDocument();
    assertEquals(DeploymentKind.ROLLBACK, planned.deploymentKind());
    assertEquals(DeploymentStatus.PLANNED, planned.deploymentStatus());
    assertEquals(new Plan(List.of(ServiceDecision.deploy("portal"), ServiceDecision.skip("reports", ServiceDecision.PINNED),
        ServiceDecision.deploy("billing"))), planned.plan(), "the decisions in the release's order");
    assertEquals(planned, planned.requireKnown());

    DeploymentDocument paused = planned.after(Map.of("status", "PAUSED", "kind", "canary"));
    assertEquals(java.util.Optional.empty(), paused.knownStatus());
    assertEquals(java.util.Optional.empty(), paused.knownKind());
    assertFalse(paused.hasStatus(DeploymentStatus.PLANNED));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, paused::requireKnown);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        planned.after(Map.of("decisions", Map.of("portal", Map.of("action", "LATER")), "decisionOrder", List.of("portal")))::plan);
  }

  @Test
  void aPlannedDeploymentReadsBackWithItsDecisionsInOrderAndItsImages() {
    Map<String, Object> written = new LinkedHashMap<>(planned());
    assertEquals(List.of("deploymentId", "client", "releaseId", "sequence", "kind", "status", "decisions", "decisionOrder",
        "services", "images", "buildId", "logUrl", "reason", "createdAt", "updatedAt"), List.copyOf(written.keySet()),
        "the README's field names, in the order written");
    assertEquals("rollback", written.get("kind"));
    assertEquals(Map.of("action", "SKIP", "reason", "pinned"), ((Map<?, ?>) written.get("decisions")).get("reports"));
    assertEquals(Map.of("releaseId", "r6", "sequence", 6L, "image", "gcr.io/hub/billing", "digest", DIGEST),
        ((Map<?, ?>) written.get("images")).get("billing"));
    written.put(DeploymentDocument.LEASE, DeploymentDocument.lease("owner-1", NOW.plusSeconds(15)));

    DeploymentDocument read = DeploymentDocument.from("rollback-r7-1", written);
    assertEquals("rollback-r7-1", read.deploymentId());
    assertEquals("northwind", read.client());
    assertEquals("mixed", read.releaseId());
    assertEquals(7, read.sequence());
    assertEquals("rollback", read.kind());
    assertEquals("PLANNED", read.status());
    assertEquals(List.of("portal", "reports", "billing"), read.decisionOrder());
    assertEquals(List.of("portal", "reports", "billing"), List.copyOf(read.decisions().keySet()));
    assertEquals(new DeploymentDocument.Decision("SKIP", "pinned"), read.decisions().get("reports"));
    assertEquals(List.of("portal", "billing"), read.services());
    assertEquals(List.of("portal", "billing"), List.copyOf(read.images().keySet()), "the order written is kept");
    assertEquals(new ServiceVersion("r6", 6, "gcr.io/hub/billing", DIGEST), read.images().get("billing"));
    assertEquals(NOW.toString(), read.createdAt());
    assertEquals(NOW.toString(), read.updatedAt());
    assertEquals(NOW.plusSeconds(15).toEpochMilli(), read.leaseUntil());
    assertEquals("owner-1", read.leaseOwner());
    assertFalse(read.autoRollbackRequested());
  }

  @Test
  void theReportersProgressAndItsAutoRollbackRequestReadBack() {
    Map<String, Object> stored = new HashMap<>(planned());
    stored.putAll(DeploymentDocument.progressed(DeploymentStatus.FAILED, "build-9", "https://log", "step failed",
        "2026-11-24T10:30:00Z", true));
    DeploymentDocument read = DeploymentDocument.from("rollback-r7-1", stored);
    assertEquals("FAILED", read.status());
    assertEquals("build-9", read.buildId());
    assertEquals("https://log", read.logUrl());
    assertEquals("step failed", read.reason());
    assertEquals("2026-11-24T10:30:00Z", read.updatedAt());
    assertTrue(read.autoRollbackRequested());
    assertFalse(read.autoRollbackPublished());
    assertEquals("autoRollback.published", DeploymentDocument.AUTO_ROLLBACK_PUBLISHED);
    assertFalse(DeploymentDocument.progressed(DeploymentStatus.STARTED, "b", "", "", "t", false).containsKey("autoRollback"));
  }

  @Test
  void clientDeployersUpdatesNameTheFieldsTheyChange() {
    assertEquals(Map.of("buildId", "build-9", "lease", FieldValue.delete(), "updatedAt", NOW.toString(),
        "status", "TRIGGERED"), DeploymentDocument.triggered("build-9", true, NOW));
    assertEquals(Map.of("buildId", "build-9", "lease", FieldValue.delete(), "updatedAt", NOW.toString()),
        DeploymentDocument.triggered("build-9", false, NOW), "never moves the status back");
    assertEquals(Map.of("status", "FAILED", "reason", "quota", "lease", FieldValue.delete(), "updatedAt", NOW.toString()),
        DeploymentDocument.failed("quota", NOW));
    assertEquals(Map.of("status", "SKIPPED", "reason", "no", "updatedAt", NOW.toString()),
        DeploymentDocument.rejected(DeploymentStatus.SKIPPED, "no", NOW));
    assertEquals(Map.of("lease", Map.of("owner", "o", "until", NOW.toEpochMilli()), "updatedAt", NOW.toString()),
        DeploymentDocument.leaseRenewed("o", NOW, NOW));
  }

  @Test
  void unknownValuesAreKeptAsReadAndMistypedFieldsReadAsEmpty() {
    Map<String, Object> stored = new HashMap<>();
    stored.put("kind", "canary");
    stored.put("status", "PAUSED");
    stored.put("sequence", "seven");
    stored.put("decisions", Map.of("portal", Map.of("action", "LATER"), "billing", "DEPLOY"));
    stored.put("services", List.of("portal", 3));
    stored.put("images", Map.of("portal", Map.of("image", "gcr.io/hub/portal"), "billing", "gcr.io/hub/billing"));
    stored.put("lease", "held");
    stored.put("autoRollback", Map.of("requested", "yes"));
    DeploymentDocument read = DeploymentDocument.from("d1", stored);
    assertEquals("canary", read.kind());
    assertEquals("PAUSED", read.status());
    assertEquals(0, read.sequence());
    assertEquals(Map.of("portal", new DeploymentDocument.Decision("LATER", "")), read.decisions(),
        "an entry that is not a map is left out");
    assertEquals(List.of(), read.decisionOrder());
    assertEquals(List.of("portal", ""), read.services());
    assertEquals(Map.of("portal", new ServiceVersion("", 0, "gcr.io/hub/portal", "")), read.images());
    assertEquals(0, read.leaseUntil());
    assertFalse(read.autoRollbackRequested());
    assertEquals("", read.releaseId());

    DeploymentDocument none = DeploymentDocument.from("d2", null);
    assertEquals("d2", none.deploymentId());
    assertEquals(0, none.leaseUntil());
    assertEquals(Map.of(), none.images());
  }
}
