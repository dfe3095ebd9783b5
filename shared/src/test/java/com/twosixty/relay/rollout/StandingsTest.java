package com.twosixty.relay.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.state.DeploymentDraft;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StandingsTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final ServiceVersion BILLING = new ServiceVersion("2026.12.07-aaaaaaa", 100, "gcr.io/relay-hub/billing",
      "sha256:" + "a".repeat(64));

  private static DeploymentDocument stored(String status, ServiceDecision decision) {
    DeploymentDraft draft = new DeploymentDraft("2026.12.07-aaaaaaa", "2026.12.07-aaaaaaa", 100, DeploymentKind.RELEASE,
        Map.of("billing", BILLING));
    return draft.planned("essence", new Plan(List.of(decision)), NOW).after(Map.of(DeploymentDocument.STATUS, status));
  }

  @ParameterizedTest(name = "{0} {1} {2} → {3}")
  @CsvSource({
      "PLANNED, DEPLOY, '', IN_FLIGHT",
      "TRIGGERED, DEPLOY, '', IN_FLIGHT",
      "STARTED, DEPLOY, '', IN_FLIGHT",
      "SUCCEEDED, DEPLOY, '', SUCCEEDED",
      "FAILED, DEPLOY, '', FAILED",
      "ROLLED_BACK, DEPLOY, '', ROLLED_BACK",
      "AWAITING_APPROVAL, AWAIT_APPROVAL, approval required, AWAITING_APPROVAL",
      "WAITING_FOR_WAVE, WAIT_FOR_WAVE, wave 2 waits, WAITING_FOR_WAVE",
      "SKIPPED, SKIP, frozen, FROZEN",
      "SKIPPED, SKIP, not-run-by-client, NOT_TAKING",
      "SKIPPED, SKIP, pinned, NOT_TAKING",
      "SKIPPED, SKIP, channel, NOT_TAKING",
      "SKIPPED, SKIP, not-newer, SUPERSEDED",
      "SKIPPED, AWAIT_APPROVAL, approval required, NOT_TAKING",
      "PAUSED, DEPLOY, '', IN_FLIGHT",
  })
  void whereAClientStands(String status, ServiceDecision.Action action, String reason, Standing expected) {
    DeploymentDocument deployment = stored(status, new ServiceDecision("billing", action, reason));
    ClientStanding standing = Standings.of("essence", 1, Optional.of(deployment));
    assertEquals(expected, standing.standing());
    assertEquals(NOW, standing.at());
  }

  @org.junit.jupiter.api.Test
  void nothingRecordedIsUnseen() {
    assertEquals(ClientStanding.unseen("essence", 2), Standings.of("essence", 2, Optional.empty()));
  }
}
