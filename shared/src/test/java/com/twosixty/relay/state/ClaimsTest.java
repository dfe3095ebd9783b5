package com.twosixty.relay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClaimsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final ServiceVersion BILLING = new ServiceVersion("2026.11.25-aaaaaaa", 100, "gcr.io/relay-hub/billing",
      "sha256:" + "a".repeat(64));

  private static DeploymentDocument stored(DeploymentStatus status) {
    DeploymentDraft draft = new DeploymentDraft("2026.11.25-aaaaaaa", "2026.11.25-aaaaaaa", 100, DeploymentKind.RELEASE,
        Map.of("billing", BILLING));
    return draft.planned("essence", new Plan(List.of(ServiceDecision.deploy("billing"))), NOW)
        .after(Map.of(DeploymentDocument.STATUS, status.name()));
  }

  @Test
  void aNewDeploymentIsPlanned() {
    assertEquals(Optional.empty(), Claims.decide(Optional.empty(), Instant.EPOCH, NOW, false));
    assertEquals(Optional.empty(), Claims.decide(Optional.empty(), Instant.EPOCH, NOW, true));
  }

  @Test
  void aPlannedDeploymentWhoseLeaseRanOutIsResumed() {
    DeploymentDocument planned = stored(DeploymentStatus.PLANNED);
    assertEquals(Optional.of(new Claim.Resumed(planned)), Claims.decide(Optional.of(planned), NOW.minusMillis(1), NOW, false));
  }

  @Test
  void aPlannedDeploymentWithoutALeaseIsResumed() {
    // A claimant that gave its lease up after a transient failure leaves no lease at all.
    DeploymentDocument planned = stored(DeploymentStatus.PLANNED);
    assertEquals(Optional.of(new Claim.Resumed(planned)), Claims.decide(Optional.of(planned), Instant.EPOCH, NOW, false));
  }

  @Test
  void aPlannedDeploymentWhoseLeaseStillRunsIsHeldUntilItEnds() {
    DeploymentDocument planned = stored(DeploymentStatus.PLANNED);
    assertEquals(Optional.of(new Claim.Held(planned, NOW.plusSeconds(5))),
        Claims.decide(Optional.of(planned), NOW.plusSeconds(5), NOW, false));
    assertEquals(Optional.of(new Claim.Held(planned, NOW)), Claims.decide(Optional.of(planned), NOW, NOW, true),
        "a lease that ends this very millisecond still holds");
  }

  @ParameterizedTest
  @EnumSource(value = DeploymentStatus.class, names = {"SKIPPED", "AWAITING_APPROVAL", "TRIGGERED", "STARTED", "SUCCEEDED",
      "FAILED", "ROLLED_BACK"})
  void anythingPastPlannedIsADuplicate(DeploymentStatus status) {
    DeploymentDocument done = stored(status);
    assertEquals(Optional.of(new Claim.Duplicate(done)), Claims.decide(Optional.of(done), Instant.EPOCH, NOW, false));
  }

  @Test
  void anApprovalPlansAgainWhatWaitsForApproval() {
    DeploymentDocument waiting = stored(DeploymentStatus.AWAITING_APPROVAL);
    assertEquals(Optional.empty(), Claims.decide(Optional.of(waiting), Instant.EPOCH, NOW, true));
  }

  @ParameterizedTest
  @EnumSource(value = DeploymentStatus.class, names = {"SKIPPED", "TRIGGERED", "SUCCEEDED", "FAILED"})
  void anApprovalOfWhatNoLongerWaitsIsADuplicate(DeploymentStatus status) {
    DeploymentDocument done = stored(status);
    assertEquals(Optional.of(new Claim.Duplicate(done)), Claims.decide(Optional.of(done), Instant.EPOCH, NOW, true));
  }

  @Test
  void aDeploymentWaitingForItsWaveIsPlannedAgainByAnyDeliveryAndCountsAsNew() {
    DeploymentDocument waiting = stored(DeploymentStatus.WAITING_FOR_WAVE);
    assertEquals(Optional.empty(), Claims.decide(Optional.of(waiting), Instant.EPOCH, NOW, false));
    assertEquals(Optional.empty(), Claims.decide(Optional.of(waiting), Instant.EPOCH, NOW, true));
    assertEquals(false, Claims.resumes(Optional.of(waiting)), "announced as a new plan: its SKIPPED or AWAITING_APPROVAL goes out");
    assertEquals(true, Claims.resumes(Optional.of(stored(DeploymentStatus.AWAITING_APPROVAL))));
    assertEquals(false, Claims.resumes(Optional.empty()));
  }

  @Test
  void aDeploymentStillWaitingForTheSameIsADuplicate() {
    String why = "wave 2 waits for wave 1: essence (STARTED)";
    Plan waits = new Plan(List.of(ServiceDecision.waitForWave("billing", why)));
    DeploymentDraft draft = new DeploymentDraft("2026.11.25-aaaaaaa", "2026.11.25-aaaaaaa", 100, DeploymentKind.RELEASE,
        Map.of("billing", BILLING));
    DeploymentDocument waiting = draft.planned("essence", waits, NOW);
    assertEquals(DeploymentStatus.WAITING_FOR_WAVE, waiting.deploymentStatus());
    assertEquals(true, Claims.stillWaiting(Optional.of(waiting), waits));
    assertEquals(false, Claims.stillWaiting(Optional.of(waiting),
        new Plan(List.of(ServiceDecision.waitForWave("billing", "wave 2 waits for wave 1's soak until 2026-11-25T13:00:00Z")))),
        "what it waits for changed: announced again");
    assertEquals(false, Claims.stillWaiting(Optional.of(waiting), new Plan(List.of(ServiceDecision.deploy("billing")))));
    assertEquals(false, Claims.stillWaiting(Optional.empty(), waits));
  }

  @Test
  void aPlanMadeNowIsPlannedWhenNewAndResumedWhenPlannedAgain() {
    DeploymentDocument deployment = stored(DeploymentStatus.PLANNED);
    assertEquals(new Claim.Planned(deployment), Claims.planned(false, deployment));
    assertEquals(new Claim.Resumed(deployment), Claims.planned(true, deployment));
  }

  @Test
  void aPlannedDeploymentCarriesTheDraftsVersionOfEachServiceItDeploys() {
    ServiceVersion portal = new ServiceVersion("2026.11.25-aaaaaaa", 100, "gcr.io/relay-hub/portal", "sha256:" + "b".repeat(64));
    Map<String, ServiceVersion> candidates = new LinkedHashMap<>();
    candidates.put("billing", BILLING);
    candidates.put("portal", portal);
    DeploymentDraft draft = new DeploymentDraft("d-1", "2026.11.25-aaaaaaa", 100, DeploymentKind.RELEASE, candidates);
    Plan plan = new Plan(List.of(ServiceDecision.skip("billing", ServiceDecision.PINNED), ServiceDecision.deploy("portal")));

    DeploymentDocument deployment = draft.planned("essence", plan, NOW);

    assertEquals(new DeploymentDocument("d-1", "essence", "2026.11.25-aaaaaaa", 100, "release", "PLANNED",
        Map.of("billing", new DeploymentDocument.Decision("SKIP", "pinned"), "portal", new DeploymentDocument.Decision("DEPLOY", "")),
        List.of("billing", "portal"), List.of("portal"), Map.of("portal", portal), "", "", "", NOW.toString(), NOW.toString(),
        "", 0, false, false), deployment);
    assertEquals(plan, deployment.plan());
  }

  @Test
  void aPlanThatDeploysNothingIsStoredWithItsSkipSummary() {
    DeploymentDraft draft = new DeploymentDraft("d-1", "2026.11.25-aaaaaaa", 100, DeploymentKind.RELEASE,
        Map.of("billing", BILLING, "portal", BILLING));
    Plan skipped = new Plan(List.of(ServiceDecision.skip("billing", ServiceDecision.PINNED),
        ServiceDecision.skip("portal", ServiceDecision.NOT_NEWER)));
    Plan waiting = new Plan(List.of(ServiceDecision.awaitApproval("billing")));

    assertEquals(DeploymentStatus.SKIPPED, draft.planned("essence", skipped, NOW).deploymentStatus());
    assertEquals("billing: pinned, portal: not-newer", draft.planned("essence", skipped, NOW).reason());
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, draft.planned("essence", waiting, NOW).deploymentStatus());
    assertEquals(Map.of(), draft.planned("essence", waiting, NOW).images());
  }

  @Test
  void aRejectedDeploymentIsSkippedWithTheReason() {
    DeploymentDocument rejected = stored(DeploymentStatus.AWAITING_APPROVAL)
        .after(DeploymentDocument.rejected(DeploymentStatus.SKIPPED, "rejected by ops: bad week", NOW.plusSeconds(60)));
    assertEquals(DeploymentStatus.SKIPPED, rejected.deploymentStatus());
    assertEquals("rejected by ops: bad week", rejected.reason());
    assertEquals(NOW.plusSeconds(60).toString(), rejected.updatedAt());
    assertEquals(List.of("billing"), rejected.services(), "the rest stays as planned");
  }
}
