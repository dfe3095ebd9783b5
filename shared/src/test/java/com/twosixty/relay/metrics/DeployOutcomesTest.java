package com.twosixty.relay.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which recorded events count, and when a rollback takes back a change. */
class DeployOutcomesTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);

  private static ServiceVersion version(String releaseId) {
    return new ServiceVersion(releaseId, 1, "gcr.io/relay/billing", DIGEST);
  }

  private static DeploymentDocument rollbackTo(String releaseId) {
    return new DeploymentDocument("rollback-1", "essence", releaseId, 1, "rollback", "TRIGGERED", Map.of(), List.of(),
        List.of("billing"), Map.of("billing", version(releaseId)), "", "", "", "2026-12-07T10:00:00Z", "", "", 0, false, false);
  }

  private static Map<String, ServiceDocument> running(String releaseId) {
    return Map.of("billing", new ServiceDocument("billing", Optional.empty(),
        Optional.of(new RunningRelease(version(releaseId), "2026-12-07T09:00:00Z")), Optional.empty(), Optional.empty()));
  }

  private static DeploymentEvent event(DeploymentStatus status) {
    return new DeploymentEvent("essence", "r", List.of("billing"), status, "", "b", "", "2026-12-07T10:05:00Z");
  }

  @Test
  void aRollbackOffARunningReleaseTakesBackAChange() {
    List<DeployOutcome> outcomes = DeployOutcomes.of(event(DeploymentStatus.SUCCEEDED), DeploymentKind.ROLLBACK,
        rollbackTo("good"), running("bad"), Optional.empty());

    assertEquals(1, outcomes.size());
    assertTrue(outcomes.get(0).rolledBackChange());
    assertEquals(Instant.parse("2026-12-07T10:00:00Z"), outcomes.get(0).requestedAt());
  }

  @Test
  void aRollbackAfterAFailedDeployReturnsToWhatRunsAndIsNoSecondFailure() {
    List<DeployOutcome> outcomes = DeployOutcomes.of(event(DeploymentStatus.SUCCEEDED), DeploymentKind.ROLLBACK,
        rollbackTo("good"), running("good"), Optional.empty());

    assertFalse(outcomes.get(0).rolledBackChange());
  }

  @Test
  void onlyEndsCountAndOnlyReleasesHaveALeadTime() {
    Optional<Instant> committed = Optional.of(Instant.parse("2026-12-07T09:00:00Z"));
    assertEquals(List.of(), DeployOutcomes.of(event(DeploymentStatus.STARTED), DeploymentKind.RELEASE, rollbackTo("r"),
        Map.of(), committed));
    assertEquals(committed, DeployOutcomes.of(event(DeploymentStatus.SUCCEEDED), DeploymentKind.RELEASE, rollbackTo("r"),
        Map.of(), committed).get(0).commitTime());
    assertEquals(Optional.empty(), DeployOutcomes.of(event(DeploymentStatus.SUCCEEDED), DeploymentKind.REDEPLOY,
        rollbackTo("r"), Map.of(), committed).get(0).commitTime(), "a redeploy ships no new change");
  }
}
