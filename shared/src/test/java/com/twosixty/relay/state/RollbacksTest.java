package com.twosixty.relay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Which release deployments a rollback's claim marks ROLLED_BACK: one row per case. */
class RollbacksTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final String A = "r-a";
  private static final String B = "r-b";
  private static final String C = "r-c";

  private static ServiceVersion v(String releaseId, long sequence) {
    return new ServiceVersion(releaseId, sequence, "gcr.io/relay-hub/billing", "sha256:" + "a".repeat(64));
  }

  private static DeploymentDocument release(String releaseId, DeploymentStatus status) {
    return DeploymentDocument.planned("essence", releaseId, releaseId, 200, DeploymentKind.RELEASE,
        new Plan(List.of(ServiceDecision.deploy("billing"))), Map.of("billing", v(releaseId, 200)), Instant.EPOCH)
        .after(Map.of(DeploymentDocument.STATUS, status.name()));
  }

  @Test
  void aRollbackLeavesEachServicesTargetReleaseOnceListingTheServicesItMovedOffIt() {
    Map<String, List<String>> from = Rollbacks.from(DeploymentKind.ROLLBACK,
        Map.of("portal", v(A, 100), "billing", v(A, 100), "reports", v(B, 200), "search", v(C, 300)),
        Map.of("billing", v(B, 200), "portal", v(B, 200), "reports", v(C, 300), "search", v(C, 300)));

    assertEquals(Map.of(B, List.of("billing", "portal"), C, List.of("reports")), from,
        "search goes back to the release it is at: nothing left there; a service without a target, nothing");
    assertEquals(List.of(B, C), List.copyOf(from.keySet()), "in the order of the services by name");
  }

  @ParameterizedTest
  @EnumSource(value = DeploymentKind.class, names = {"RELEASE", "REDEPLOY"})
  void onlyARollbackRollsBack(DeploymentKind kind) {
    assertEquals(Map.of(), Rollbacks.from(kind, Map.of("billing", v(A, 100)), Map.of("billing", v(B, 200))));
  }

  @ParameterizedTest(name = "{0}: marked {1}")
  @CsvSource({
      "TRIGGERED, true", "STARTED, true", "SUCCEEDED, true", "FAILED, true",
      "ROLLED_BACK, false", "SKIPPED, false", "AWAITING_APPROVAL, false", "WAITING_FOR_WAVE, false", "PLANNED, false"})
  void theReleasesDeploymentIsMarkedOnlyWhenItDeployedOrTriedTo(DeploymentStatus status, boolean marked) {
    DeploymentDocument stored = release(B, status);

    List<Rollbacks.Marked> marks = Rollbacks.marked("rollback-m1", Map.of(B, List.of("billing")),
        id -> id.equals(B) ? Optional.of(stored) : Optional.empty(), NOW);

    if (!marked) {
      assertEquals(List.of(), marks);
      return;
    }
    DeploymentDocument after = marks.get(0).deployment();
    assertEquals(DeploymentStatus.ROLLED_BACK, after.deploymentStatus());
    assertEquals("rolled back by rollback-m1", after.reason());
    assertEquals(NOW.toString(), after.updatedAt());
    assertEquals(stored.services(), after.services(), "the rest as it was");
    assertEquals(List.of("billing"), marks.get(0).services());
  }

  @Test
  void aReleaseWithNoDeploymentHereIsNotMarked() {
    assertEquals(List.of(), Rollbacks.marked("rollback-m1", Map.of(B, List.of("billing")), id -> Optional.empty(), NOW));
  }

  @Test
  void servicesCarriedOverFromAnOvertakenDeploymentAreNotTheRollbacks() {
    DeploymentDraft draft = new DeploymentDraft("rollback-m1", A, 100, DeploymentKind.ROLLBACK, Map.of("billing", v(A, 100)));
    Plan plan = new Plan(List.of(ServiceDecision.deploy("billing"),
        new ServiceDecision("portal", ServiceDecision.Action.DEPLOY, OneDeployAtATime.CARRIED_OVER + B)));

    assertEquals(Map.of("billing", v(A, 100)), Rollbacks.deployed(draft, plan));
  }
}
