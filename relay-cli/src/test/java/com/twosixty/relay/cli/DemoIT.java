package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.local.LocalStack;
import com.twosixty.relay.metrics.FourKeys;
import com.twosixty.relay.metrics.MetricsReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's flow end to end, as `relay demo` runs it: every function on the invoker, the emulators,
 * the stand-ins and the bridge, three waves (essence, northwind, acme; 3 s soaks), acme's deploy builds
 * failing; then the second release, halted by essence's failure, resumed and promoted. Asserts each
 * client's outcome.
 */
class DemoIT {
  private static DemoReport report;
  private static String narration;
  private static Optional<MetricsReport> metrics;
  private static Optional<DemoReport> halted;

  @BeforeAll
  static void runTheDemo() throws InterruptedException {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    StringWriter text = new StringWriter();
    LocalStack.Options options = LocalStack.Options.builder(repo)
        .workDir(Path.of("target", "demo-it").toAbsolutePath())
        .freezeWindowsSetAside(true)
        .buildTiming(Duration.ofMillis(200), Duration.ofSeconds(1))
        .rollout(WavesOption.rolloutJson("3", "3s"), Duration.ofMillis(500))
        .build();
    Demo demo = new Demo(options, new Demo.Scenario("acme", Duration.ofSeconds(60), false), new PrintWriter(text, true));
    report = demo.run();
    halted = demo.haltReport();
    metrics = demo.metrics();
    narration = text.toString();
    System.out.println(narration);
  }

  @Test
  void everyStepHappened() {
    assertTrue(report.succeeded(), "missed: " + report.missedSteps() + "\n" + narration);
    assertFalse(report.releaseId().isEmpty());
    assertTrue(narration.contains("push-webhook 202"), narration);
    assertTrue(narration.contains("SUCCESS, images pushed"), narration);
  }

  @Test
  void essenceTakesEveryServiceAutomatically() {
    for (String service : List.of("billing", "portal")) {
      DemoReport.ServiceOutcome outcome = report.outcomes().get("essence").get(service);
      assertEquals(DeploymentStatus.SUCCEEDED, outcome.status(), service);
      assertEquals(report.releaseId(), outcome.running(), "release-status: essence runs the release");
      assertEquals(report.releaseId(), outcome.runningOnCluster(), "the deploy build put it on the cluster");
    }
  }

  @Test
  void acmeSkipsItsPinnedServiceAndItsFailedDeployAdvancesNothingAndAsksForRollback() {
    DemoReport.ServiceOutcome billing = report.outcomes().get("acme").get("billing");
    assertEquals(DeploymentStatus.SKIPPED, billing.status());
    assertTrue(billing.reason().contains("pinned"), billing.reason());

    DemoReport.ServiceOutcome portal = report.outcomes().get("acme").get("portal");
    assertEquals(DeploymentStatus.FAILED, portal.status());
    assertTrue(report.history("acme", "portal").contains(DeploymentStatus.TRIGGERED), report.history().toString());
    assertEquals("", portal.running(), "a failed deploy does not advance what runs");
    assertEquals("", portal.runningOnCluster());
    assertTrue(report.commands().stream().anyMatch(c -> c.command() == CommandType.ROLLBACK && c.client().equals("acme")
        && c.service().equals("portal") && c.by().equals("relay-deploy-reporter@relay-acme-prod.iam.gserviceaccount.com")),
        "acme has autoRollback, sent through the command gateway as its deploy-reporter: " + report.commands());
    assertFalse(portal.followUp().isEmpty(), "client-deployer answered the rollback");
  }

  @Test
  void northwindWaitsForApprovalThenDeploys() {
    for (String service : List.of("billing", "portal")) {
      List<DeploymentStatus> history = report.history("northwind", service);
      assertEquals(DeploymentStatus.WAITING_FOR_WAVE, history.get(0), "wave 2 waits for essence's wave: " + history);
      assertEquals(DeploymentStatus.AWAITING_APPROVAL, history.get(1), history.toString());
      assertTrue(history.indexOf(DeploymentStatus.TRIGGERED) > 0, "triggered only after the approval: " + history);
      DemoReport.ServiceOutcome outcome = report.outcomes().get("northwind").get(service);
      assertEquals(DeploymentStatus.SUCCEEDED, outcome.status());
      assertEquals(report.releaseId(), outcome.running());
    }
    List<Command> approvals = report.commands().stream()
        .filter(c -> c.command() == CommandType.APPROVE && c.client().equals("northwind")).toList();
    assertEquals(1, approvals.size());
    assertEquals(report.releaseId(), approvals.get(0).releaseId());
    assertEquals("release-manager@northwind.example", approvals.get(0).by(),
        "approved through the command gateway, as the client file's first approver");
  }

  @Test
  void wavesGoInOrderEssenceThenNorthwindThenAcme() {
    assertTrue(narration.contains("wave 1  essence"), narration);
    assertEquals(DeploymentStatus.WAITING_FOR_WAVE, report.history("acme", "portal").get(0), report.history().toString());
    int essenceDone = narration.indexOf("essence   SUCCEEDED");
    int northwindStarts = narration.indexOf("northwind AWAITING_APPROVAL");
    int acmeStarts = narration.indexOf("acme      TRIGGERED");
    int northwindDone = narration.indexOf("northwind SUCCEEDED");
    assertTrue(essenceDone > 0 && essenceDone < northwindStarts && northwindDone < acmeStarts, narration);
  }

  @Test
  void theSecondReleaseHaltsAfterEssencesFailureUntilResumedAndPromoted() {
    DemoReport second = halted.orElseThrow(() -> new AssertionError("no second release:\n" + narration));
    assertTrue(second.succeeded(), "missed: " + second.missedSteps());
    assertTrue(second.halt().startsWith("essence: "), second.halt());
    assertTrue(narration.contains("the halted release does not reach northwind, acme: still WAITING_FOR_WAVE"), narration);
    for (String service : List.of("billing", "portal")) {
      assertTrue(second.history("essence", service).contains(DeploymentStatus.FAILED), second.history().toString());
      DemoReport.ServiceOutcome essence = second.outcomes().get("essence").get(service);
      assertEquals(DeploymentStatus.ROLLED_BACK, essence.status(), "essence's auto rollback took it back: " + essence);
      assertTrue(essence.reason().startsWith("rolled back by rollback-"), essence.reason());
      assertEquals(DeploymentStatus.WAITING_FOR_WAVE, second.history("northwind", service).get(0), second.history().toString());
      assertEquals(DeploymentStatus.SUCCEEDED, second.outcomes().get("northwind").get(service).status(), "after resume and approve");
    }
    assertEquals(DeploymentStatus.SUCCEEDED, second.outcomes().get("acme").get("portal").status(), "after promote");
    assertEquals(second.releaseId(), second.outcomes().get("acme").get("portal").runningOnCluster());
    for (CommandType type : List.of(CommandType.RESUME, CommandType.PROMOTE)) {
      assertTrue(second.commands().stream().anyMatch(c -> c.command() == type && c.client().isEmpty()
          && c.releaseId().equals(second.releaseId()) && c.by().equals("oncall@twosixty.example")), type + ": " + second.commands());
    }
  }

  @Test
  void theFourKeysCountWhatTheFlowDid() {
    MetricsReport keys = metrics.orElseThrow(() -> new AssertionError("release-status served no metrics"));
    System.out.println("four keys after the demo: " + keys);
    FourKeys essence = keys.client("essence").orElseThrow().keys();
    assertTrue(essence.succeeded() > 0, essence.toString());
    assertTrue(essence.failed() > 0, "the second release failed on essence: " + essence);
    assertTrue(essence.changeFailureRate().orElseThrow() > 0, essence.toString());
    assertTrue(essence.leadTimeMedian().isPresent());

    FourKeys acmePortal = keys.client("acme").orElseThrow().services().get("portal");
    assertEquals(1, acmePortal.failed(), "acme's failed deploy of the first release");
    assertTrue(acmePortal.succeeded() > 0, "the second release reached acme after promote: " + acmePortal);
    assertTrue(keys.client("northwind").orElseThrow().keys().succeeded() > 0, "northwind deployed once approved");
    assertEquals(0, keys.client("northwind").orElseThrow().keys().failed(), keys.toString());
    assertEquals(keys.overall().failed(), essence.failed() + acmePortal.failed(), keys.toString());
  }
}
