package com.twosixty.relay.cli;

import static com.twosixty.relay.contract.DeploymentStatus.AWAITING_APPROVAL;
import static com.twosixty.relay.contract.DeploymentStatus.FAILED;
import static com.twosixty.relay.contract.DeploymentStatus.HALTED;
import static com.twosixty.relay.contract.DeploymentStatus.PLANNED;
import static com.twosixty.relay.contract.DeploymentStatus.ROLLED_BACK;
import static com.twosixty.relay.contract.DeploymentStatus.SKIPPED;
import static com.twosixty.relay.contract.DeploymentStatus.STARTED;
import static com.twosixty.relay.contract.DeploymentStatus.SUCCEEDED;
import static com.twosixty.relay.contract.DeploymentStatus.TRIGGERED;
import static com.twosixty.relay.contract.DeploymentStatus.WAITING_FOR_WAVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo's record of what it saw, fed by hand: no stack, no topics. */
class DemoRecorderTest {
  private static final String MONOREPO_BUILD = "b-monorepo";
  private static final String RELEASE = "2026.12.07-abcdef0";
  private static final List<String> CLIENTS = List.of("acme", "essence");

  private final DemoRecorder recorder = new DemoRecorder(Map.of("acme-prod", "acme", "essence-prod", "essence"));

  @Test
  void onlyTheDemosMonorepoBuildAndDeployBuildsThatLeftWorkingAreTold() {
    recorder.expectMonorepoBuild(MONOREPO_BUILD);

    assertTrue(recorder.record(build("relay-local", "b-other", Build.Status.SUCCESS)).isEmpty());
    assertInstanceOf(DemoRecorder.MonorepoBuild.class,
        recorder.record(build("relay-local", MONOREPO_BUILD, Build.Status.WORKING)).orElseThrow());
    assertFalse(recorder.monorepoBuildSucceeded());
    recorder.record(build("relay-local", MONOREPO_BUILD, Build.Status.SUCCESS));
    assertTrue(recorder.monorepoBuildSucceeded());

    assertTrue(recorder.record(build("acme-prod", "b-deploy", Build.Status.WORKING)).isEmpty());
    DemoRecorder.DeployBuild queued = (DemoRecorder.DeployBuild) recorder
        .record(build("acme-prod", "b-deploy", Build.Status.QUEUED)).orElseThrow();
    assertEquals("acme", queued.client());
  }

  @Test
  void theReleaseIsTheFirstOneFromTheDemosBuild() {
    recorder.expectMonorepoBuild(MONOREPO_BUILD);

    assertTrue(recorder.record(new DemoObserver.ReleaseSeen(release("2026.12.07-other00", "b-other"))).isEmpty());
    assertTrue(recorder.release().isEmpty());
    assertInstanceOf(DemoRecorder.Published.class, recorder.record(new DemoObserver.ReleaseSeen(release(RELEASE,
        MONOREPO_BUILD))).orElseThrow());
    assertTrue(recorder.record(new DemoObserver.ReleaseSeen(release(RELEASE, MONOREPO_BUILD))).isEmpty(), "told once");
    assertEquals(RELEASE, recorder.release().orElseThrow().releaseId());
  }

  @Test
  void aClientHasDecidedOnceEachServiceIsPastPlanned() {
    released();
    seeEvent("acme", PLANNED, "billing", "portal");
    seeEvent("essence", TRIGGERED, "billing", "portal");
    assertFalse(recorder.everyClientDecided(CLIENTS));

    seeEvent("acme", SKIPPED, "billing");
    seeEvent("acme", AWAITING_APPROVAL, "portal");
    assertTrue(recorder.everyClientDecided(CLIENTS));
    assertFalse(recorder.settledExcept(CLIENTS, AWAITING_APPROVAL), "essence's builds still run");

    seeEvent("essence", STARTED, "billing", "portal");
    seeEvent("essence", SUCCEEDED, "billing", "portal");
    assertTrue(recorder.settledExcept(CLIENTS, AWAITING_APPROVAL));
    assertEquals(List.of("portal"), recorder.servicesAt("acme", AWAITING_APPROVAL));
    assertFalse(recorder.settled("acme", List.of("portal")));
  }

  @Test
  void aClientOfALaterWaveHasStartedOnlyOnceItWaitsForItsWaveNoMore() {
    released();
    seeEvent("essence", TRIGGERED, "billing", "portal");
    seeEvent("acme", SKIPPED, "billing");
    seeEvent("acme", WAITING_FOR_WAVE, "portal");
    assertTrue(recorder.everyClientDecided(CLIENTS), "waiting for its wave is a decision");
    assertTrue(recorder.started(List.of("essence")));
    assertFalse(recorder.started(List.of("acme")), "its portal waits for the wave");
    assertFalse(recorder.settledExcept(List.of("acme"), AWAITING_APPROVAL));

    seeEvent("acme", TRIGGERED, "portal");
    assertTrue(recorder.started(List.of("acme")), "release-rollout opened its wave");
  }

  @Test
  void theRolloutsHaltIsRecordedOnceAndIsNoServicesStatus() {
    released();
    seeEvent("essence", FAILED, "billing", "portal");
    assertTrue(recorder.halt().isEmpty());
    recorder.record(new DemoObserver.DeploymentSeen(new DeploymentEvent("essence", RELEASE, List.of(), HALTED,
        "essence FAILED in wave 1", "", "", "2026-12-07T00:00:01Z")));
    recorder.record(new DemoObserver.DeploymentSeen(new DeploymentEvent("hub", RELEASE, List.of(), HALTED,
        "a later one", "", "", "2026-12-07T00:00:02Z")));

    assertEquals("essence FAILED in wave 1", recorder.halt().orElseThrow().reason());
    assertTrue(recorder.record(new DemoObserver.DeploymentSeen(new DeploymentEvent("essence", RELEASE, List.of(), HALTED,
        "essence FAILED in wave 1", "", "", "2026-12-07T00:00:01Z"))).isEmpty(), "a copy is not told again");
    DeploymentEvent failed = event("essence", RELEASE, FAILED, "billing");
    assertTrue(recorder.record(new DemoObserver.DeploymentSeen(failed)).isPresent());
    assertTrue(recorder.record(new DemoObserver.DeploymentSeen(failed)).isEmpty(), "nor a copy of a service's event");
    assertEquals(List.of(FAILED, FAILED), report().history("essence", "billing"), "two events, not the copy");
    assertEquals(Optional.of(FAILED), recorder.status("essence", "portal"));
    assertEquals("essence: essence FAILED in wave 1", report().halt());
  }

  @Test
  void aRollbackEndsWithAnOutcomeForItsClientAfterIt() {
    released();
    seeEvent("essence", FAILED, "billing", "portal");
    assertFalse(recorder.rollbackEnded("essence"), "no rollback asked for");
    recorder.record(new DemoObserver.CommandSeen(new Command(CommandType.ROLLBACK, "essence", RELEASE, "",
        "deploy-reporter", "auto rollback")));
    seeEvent("essence", ROLLED_BACK, "billing", "portal");
    assertFalse(recorder.rollbackEnded("essence"), "the rollback's claim marked the release it leaves: its build is still to run");
    assertEquals(Optional.of(ROLLED_BACK), recorder.status("essence", "billing"), "the release's outcome is now ROLLED_BACK");
    recorder.record(new DemoObserver.DeploymentSeen(event("essence", "2026.12.06-0000000", TRIGGERED, "billing", "portal")));
    assertFalse(recorder.rollbackEnded("essence"), "its deployment runs");
    recorder.record(new DemoObserver.DeploymentSeen(event("acme", "2026.12.06-0000000", SUCCEEDED, "portal")));
    assertFalse(recorder.rollbackEnded("essence"), "another client's");
    recorder.record(new DemoObserver.DeploymentSeen(event("essence", "2026.12.06-0000000", SUCCEEDED, "billing", "portal")));
    assertTrue(recorder.rollbackEnded("essence"));
  }

  @Test
  void aCopyOfACommandIsRecordedButToldOnce() {
    released();
    Command wake = new Command(CommandType.PROMOTE, "acme", RELEASE, "", "release-rollout", "wave 3 opened");
    assertTrue(recorder.record(new DemoObserver.CommandSeen(wake)).isPresent());
    assertTrue(recorder.record(new DemoObserver.CommandSeen(wake)).isEmpty());
    assertEquals(2, report().commands().size());
  }

  @Test
  void eventsForOtherReleasesAreToldButNotRecorded() {
    released();
    DemoRecorder.Deployment told = (DemoRecorder.Deployment) recorder.record(new DemoObserver.DeploymentSeen(
        event("acme", "2026.12.01-0000000", SUCCEEDED, "billing"))).orElseThrow();

    assertEquals("acme", told.event().client());
    assertTrue(recorder.status("acme", "billing").isEmpty());
  }

  @Test
  void whatFollowsAFinishedDeployIsItsFollowUpAndARollbackReplacesTheOutcome() {
    released();
    seeEvent("acme", TRIGGERED, "portal");
    seeEvent("acme", FAILED, "portal");
    seeEvent("acme", TRIGGERED, "portal");

    assertEquals(Optional.of(FAILED), recorder.status("acme", "portal"), "the outcome stays");
    DemoReport report = report();
    assertEquals("TRIGGERED: ", report.outcomes().get("acme").get("portal").followUp());
    assertEquals(List.of(TRIGGERED, FAILED, TRIGGERED), report.history("acme", "portal"));

    seeEvent("acme", ROLLED_BACK, "portal");
    assertEquals(Optional.of(ROLLED_BACK), recorder.status("acme", "portal"));
  }

  @Test
  void aRollbackIsAnsweredByAnEventForItsClientAfterIt() {
    released();
    seeEvent("acme", FAILED, "portal");
    assertTrue(recorder.rollbackFor("acme").isEmpty());

    recorder.record(new DemoObserver.CommandSeen(new Command(CommandType.ROLLBACK, "acme", RELEASE, "portal",
        "deploy-reporter", "auto rollback")));
    Command rollback = recorder.rollbackFor("acme").orElseThrow();
    assertFalse(recorder.answered(rollback, "acme"));
    seeEvent("essence", SUCCEEDED, "portal");
    assertFalse(recorder.answered(rollback, "acme"), "another client's event");
    seeEvent("acme", TRIGGERED, "portal");
    assertTrue(recorder.answered(rollback, "acme"));
  }

  @Test
  void theReportHasARowPerClientAndServiceWithBothViewsOfWhatRuns() {
    released();
    seeEvent("essence", SUCCEEDED, "billing", "portal");

    DemoReport report = recorder.report(List.of("essence", "acme"), List.of("ignored"),
        Map.of("essence", Map.of("billing", RELEASE)), Map.of("essence", Map.of("billing", RELEASE, "portal", RELEASE)),
        List.of(), "http://status/");

    assertEquals(List.of("acme", "essence"), List.copyOf(report.outcomes().keySet()), "in id order");
    DemoReport.ServiceOutcome billing = report.outcomes().get("essence").get("billing");
    assertEquals(new DemoReport.ServiceOutcome(RELEASE, SUCCEEDED, "", "", RELEASE, RELEASE), billing);
    assertEquals("", report.outcomes().get("essence").get("portal").runningOnCluster());
    DemoReport.ServiceOutcome none = report.outcomes().get("acme").get("portal");
    assertNull(none.status());
    assertEquals("no event", none.reason());
    assertTrue(report.succeeded());
    assertEquals(RELEASE, report.releaseId());
  }

  @Test
  void withoutAReleaseTheReportListsThePushedServicesAndTheMissedSteps() {
    DemoReport report = recorder.report(CLIENTS, List.of("billing", "portal"), Map.of(), Map.of(),
        List.of("the monorepo build succeeds"), "");

    assertEquals("", report.releaseId());
    assertEquals(List.of("billing", "portal"), List.copyOf(report.outcomes().get("acme").keySet()));
    assertFalse(report.succeeded());
  }

  private DemoReport report() {
    return recorder.report(CLIENTS, List.of(), Map.of(), Map.of(), List.of(), "");
  }

  private void released() {
    recorder.expectMonorepoBuild(MONOREPO_BUILD);
    recorder.record(new DemoObserver.ReleaseSeen(release(RELEASE, MONOREPO_BUILD)));
  }

  private void seeEvent(String client, DeploymentStatus status, String... services) {
    recorder.record(new DemoObserver.DeploymentSeen(event(client, RELEASE, status, services)));
  }

  /** Each event a second after the last: two events the stack publishes are never equal, copies of one are. */
  private DeploymentEvent event(String client, String releaseId, DeploymentStatus status, String... services) {
    return new DeploymentEvent(client, releaseId, List.of(services), status, "", "", "",
        java.time.Instant.parse("2026-12-07T00:00:00Z").plusSeconds(++events).toString());
  }

  private int events;

  private static DemoObserver.BuildSeen build(String project, String id, Build.Status status) {
    return new DemoObserver.BuildSeen(project, Build.newBuilder().setId(id).setStatus(status).build());
  }

  private static Release release(String releaseId, String buildId) {
    String digest = "sha256:" + "0".repeat(64);
    return new Release(releaseId, 1L, new Release.Source("monorepo", "main", "abcdef0", buildId), "2026-12-07T00:00:00Z",
        Channel.STABLE, List.of(new Release.ServiceImage("billing", "gcr.io/relay-local/billing", digest, "abcdef0"),
            new Release.ServiceImage("portal", "gcr.io/relay-local/portal", digest, "abcdef0")));
  }
}
