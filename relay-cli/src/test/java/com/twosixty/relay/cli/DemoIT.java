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
 * the stand-ins and the bridge, with acme's deploy builds failing. Asserts each client's outcome.
 */
class DemoIT {
  private static DemoReport report;
  private static String narration;
  private static Optional<MetricsReport> metrics;

  @BeforeAll
  static void runTheDemo() throws InterruptedException {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    StringWriter text = new StringWriter();
    LocalStack.Options options = LocalStack.Options.builder(repo)
        .workDir(Path.of("target", "demo-it").toAbsolutePath())
        .freezeWindowsSetAside(true)
        .buildTiming(Duration.ofMillis(200), Duration.ofSeconds(1))
        .build();
    Demo demo = new Demo(options, new Demo.Scenario("acme", Duration.ofSeconds(60), false), new PrintWriter(text, true));
    report = demo.run();
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
      assertEquals(DeploymentStatus.AWAITING_APPROVAL, history.get(0), history.toString());
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
  void theFourKeysCountWhatTheFlowDid() {
    MetricsReport keys = metrics.orElseThrow(() -> new AssertionError("release-status served no metrics"));
    FourKeys essence = keys.client("essence").orElseThrow().keys();
    assertEquals(0, essence.failed());
    assertEquals(essence.succeeded(), essence.deploys());
    assertTrue(essence.succeeded() > 0, essence.toString());
    assertEquals(essence.succeeded(), essence.leadTimeSamples(), "each release deploy knows its commit's time from the push");
    assertTrue(essence.leadTimeMedian().isPresent());
    assertEquals(Optional.of(0.0), essence.changeFailureRate());

    FourKeys acmePortal = keys.client("acme").orElseThrow().services().get("portal");
    assertEquals(1, acmePortal.failed(), "acme's failed deploy");
    assertEquals(Optional.of(1.0), acmePortal.changeFailureRate());
    assertTrue(keys.client("northwind").orElseThrow().keys().succeeded() > 0, "northwind deployed once approved");
    assertEquals(keys.overall().failed(), 1, keys.toString());
  }
}
