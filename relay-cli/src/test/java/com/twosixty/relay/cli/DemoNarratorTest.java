package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloudbuild.v1.Build;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's printed lines, on a clock that stands still. */
class DemoNarratorTest {
  private final StringWriter text = new StringWriter();
  private final DemoNarrator narrator = new DemoNarrator(new PrintWriter(text), () -> 0L);

  @Test
  void aSkippedPlanIsToldByItsReasonWhichNamesEachServiceAlready() {
    narrator.noted(new DemoRecorder.Deployment(new DeploymentEvent("acme", "r1", List.of("billing"),
        DeploymentStatus.SKIPPED, "billing: pinned", "", "", "")));
    narrator.noted(new DemoRecorder.Deployment(new DeploymentEvent("essence", "r1", List.of("billing", "portal"),
        DeploymentStatus.TRIGGERED, "", "2571b493-ffff", "", "")));

    assertEquals("""
        [  0.0s] acme      SKIPPED billing: pinned
        [  0.0s] essence   TRIGGERED billing, portal (build 2571b493)
        """, text.toString());
  }

  @Test
  void aQueuedDeployBuildSaysWhatGoesOnWhichCluster() {
    narrator.noted(new DemoRecorder.DeployBuild("acme", Build.newBuilder().setId("d9891447-0000")
        .setStatus(Build.Status.QUEUED).putSubstitutions("_SERVICES", "portal").putSubstitutions("_CLUSTER", "acme").build()));

    assertEquals("[  0.0s] acme      deploy build d9891447 QUEUED (portal on cluster acme)\n", text.toString());
  }

  @Test
  void theTableHasARowPerClientAndServiceAndAFollowUpAfterItsReason() {
    narrator.table(new DemoReport("r1", Map.of("acme", Map.of("portal",
        new DemoReport.ServiceOutcome("r1", DeploymentStatus.FAILED, "FAILURE", "SKIPPED: nothing to roll back to", "", ""))),
        Map.of(), List.of(), List.of(), "", ""));

    assertEquals("""

        client     service  release              outcome            runs now             why
        acme       portal   r1                   FAILED             -                    FAILURE; then SKIPPED: nothing to roll back to
        """, text.toString());
  }

  @Test
  void aHaltIsTheRolloutsAndARolloutsCommandHasNoClient() {
    narrator.noted(new DemoRecorder.Deployment(new DeploymentEvent("essence", "r2", List.of(),
        DeploymentStatus.HALTED, "essence FAILED in wave 1", "", "", "")));
    narrator.noted(new DemoRecorder.CommandSent(new com.twosixty.relay.contract.Command(
        com.twosixty.relay.contract.CommandType.RESUME, "", "r2", "", "oncall@twosixty.example", "go on")));
    narrator.noted(new DemoRecorder.Deployment(new DeploymentEvent("acme", "r2", List.of("portal"),
        DeploymentStatus.WAITING_FOR_WAVE, "wave 3 waits for wave 2", "", "", "")));

    assertEquals("""
        [  0.0s] rollout of r2 HALTED (essence): essence FAILED in wave 1; no later wave starts it until relay resume
        [  0.0s] command resume for the rollout of r2 by oncall@twosixty.example: go on
        [  0.0s] acme      WAITING_FOR_WAVE portal: wave 3 waits for wave 2
        """, text.toString());
  }

  @Test
  void withTwoReleasesEachTableIsHeadedByItsReleaseAndItsHalt() {
    DemoReport.ServiceOutcome ok = new DemoReport.ServiceOutcome("r2", DeploymentStatus.SUCCEEDED, "", "", "r2", "r2");
    narrator.end(List.of(new DemoReport("r1", Map.of(), Map.of(), List.of(), List.of(), "", ""),
        new DemoReport("r2", Map.of("acme", Map.of("portal", ok)), Map.of(), List.of(), List.of(), "", "essence: FAILED")), false);

    assertEquals(String.join("\n",
        "",
        "release r1",
        "client     service  release              outcome            runs now             why",
        "",
        "release r2: rollout halted by essence: FAILED",
        "client     service  release              outcome            runs now             why",
        "acme       portal   r2                   SUCCEEDED          r2                   ",
        "",
        "dashboard: release-status is not in this build",
        "demo finished in 0.0s: every step happened",
        ""), text.toString());
  }
}
