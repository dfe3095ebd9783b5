package com.twosixty.relay.report;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import static com.twosixty.relay.report.DeployBuildTest.DIGEST;
import static com.twosixty.relay.report.DeployBuildTest.deployBuild;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import com.google.protobuf.Timestamp;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.contract.RelayMessage;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The reporter's transitions with an in-memory ledger and a recording publisher. */
class DeployReportsTest {
  private static final String RELEASE = "2026.11.24-1a2b3c4";
  private static final String OLDER = "2026.11.20-9f8e7d6";
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private final InMemoryLedger ledger = new InMemoryLedger();
  private final List<String> topics = new ArrayList<>();
  private final List<RelayMessage> published = new ArrayList<>();
  private int failNextPublishes;
  private String failTopic = "";

  private final EventPublisher publisher = (topic, message, orderingKey) -> {
    assertEquals("essence", orderingKey);
    if (failNextPublishes > 0 || topic.equals(failTopic)) {
      failNextPublishes = Math.max(0, failNextPublishes - 1);
      throw new IllegalStateException("publish to " + topic + " failed: UNAVAILABLE");
    }
    topics.add(topic);
    published.add(message);
    return "m-" + published.size();
  };

  private DeployReports reports(boolean autoRollback) {
    return new DeployReports("essence", autoRollback, ledger, publisher, "deployments", "release-commands",
        Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static DeploymentDocument deployment(String id, String releaseId, long sequence, DeploymentKind kind) {
    return stored(id, releaseId, sequence, kind, DeploymentStatus.TRIGGERED, List.of("billing", "portal"), Map.of());
  }

  private static DeploymentDocument stored(String id, String releaseId, long sequence, DeploymentKind kind,
      DeploymentStatus status, List<String> services, Map<String, ServiceVersion> images) {
    return new DeploymentDocument(id, "essence", releaseId, sequence, kind.wireName(), status.name(), Map.of(), List.of(),
        services, images, "", "", "", "", "", "", 0, false, false);
  }

  private static RunningRelease running(String releaseId, long sequence) {
    return new RunningRelease(new ServiceVersion(releaseId, sequence, "gcr.io/p/billing", DIGEST), "2026-11-20T10:00:00Z");
  }

  private static Build build(Build.Status status) {
    return deployBuild(status).setCreateTime(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond() - 600))
        .setFinishTime(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond() - 60)).build();
  }

  private DeployReports.Outcome deliver(DeployReports reports, Build.Status status) {
    return reports.handle(build(status), NOW.minusSeconds(5));
  }

  private List<DeploymentEvent> events() {
    return published.stream().filter(DeploymentEvent.class::isInstance).map(DeploymentEvent.class::cast).toList();
  }

  private List<Command> commands() {
    return published.stream().filter(Command.class::isInstance).map(Command.class::cast).toList();
  }

  @Test
  void workingThenSuccessStartsThenSucceedsAndMovesRunning() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    ledger.putService("billing", Optional.of(running(OLDER, 100)), Optional.empty(),
        Optional.empty(), RELEASE);
    DeployReports reports = reports(false);

    deliver(reports, Build.Status.WORKING);
    assertEquals(DeploymentStatus.STARTED, ledger.deployments.get(RELEASE).deploymentStatus());
    assertEquals(Optional.of(OLDER), ledger.service("billing").running().map(r -> r.version().releaseId()),
        "running moves only on SUCCEEDED");

    DeployReports.Outcome outcome = deliver(reports, Build.Status.SUCCESS);
    DeploymentEvent succeeded = assertInstanceOf(DeployReports.Recorded.class, outcome).event();
    assertEquals(new DeploymentEvent("essence", RELEASE, List.of("billing", "portal"), DeploymentStatus.SUCCEEDED, "",
        "build-1", "https://console.cloud.google.com/cloud-build/builds/build-1", NOW.minusSeconds(60).toString()),
        succeeded);
    assertEquals(List.of(DeploymentStatus.STARTED, DeploymentStatus.SUCCEEDED),
        events().stream().map(DeploymentEvent::status).toList());
    assertEquals(List.of("deployments", "deployments"), topics);

    ServiceDocument billing = ledger.service("billing");
    assertEquals(new RunningRelease(new ServiceVersion(RELEASE, 200, "gcr.io/p/billing", DIGEST), NOW.minusSeconds(60).toString()),
        billing.running().orElseThrow());
    assertEquals(Optional.of(OLDER), billing.previous().map(r -> r.version().releaseId()));
    assertEquals("SUCCEEDED", billing.last().orElseThrow().status());
    assertEquals(Optional.of(RELEASE), ledger.service("portal").running().map(r -> r.version().releaseId()),
        "a service that ran nothing gets its first release");
    assertEquals(Optional.empty(), ledger.service("portal").previous());
  }

  @ParameterizedTest
  @EnumSource(value = Build.Status.class, names = {"FAILURE", "INTERNAL_ERROR", "TIMEOUT", "CANCELLED", "EXPIRED"})
  void everyFailedBuildIsAFailedDeploymentWithItsStatusAsReason(Build.Status status) {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    ledger.putService("billing", Optional.of(running(OLDER, 100)), Optional.empty(),
        Optional.empty(), RELEASE);

    deliver(reports(false), status);

    DeploymentEvent failed = events().get(0);
    assertEquals(DeploymentStatus.FAILED, failed.status());
    assertEquals(status.name(), failed.reason());
    assertEquals("https://console.cloud.google.com/cloud-build/builds/build-1", failed.logUrl());
    assertEquals(status.name(), ledger.service("billing").last().orElseThrow().reason());
    assertEquals(Optional.of(OLDER), ledger.service("billing").running().map(r -> r.version().releaseId()),
        "a failed deployment leaves running as it was");
    assertTrue(commands().isEmpty(), "no rollback unless the client asks for it");
  }

  @Test
  void queuedBuildsAndOtherBuildsChangeNothing() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    assertInstanceOf(DeployReports.NoProgress.class, deliver(reports(false), Build.Status.QUEUED));
    Build monorepo = Build.newBuilder().setId("m").setStatus(Build.Status.SUCCESS).build();
    assertInstanceOf(DeployReports.NotADeployBuild.class, reports(false).handle(monorepo, NOW));
    assertEquals(DeploymentStatus.TRIGGERED, ledger.deployments.get(RELEASE).deploymentStatus());
    assertTrue(published.isEmpty());
  }

  @Test
  void aDuplicateSuccessEmitsNothing() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    DeployReports reports = reports(false);
    deliver(reports, Build.Status.SUCCESS);
    DeployReports.Outcome duplicate = deliver(reports, Build.Status.SUCCESS);
    assertEquals(DeploymentStatus.SUCCEEDED, assertInstanceOf(DeployReports.Unchanged.class, duplicate).stored());
    assertEquals(1, events().size());
  }

  @Test
  void workingAfterSuccessChangesNothing() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    DeployReports reports = reports(false);
    deliver(reports, Build.Status.SUCCESS);
    ServiceDocument before = ledger.service("billing");

    assertInstanceOf(DeployReports.Unchanged.class, deliver(reports, Build.Status.WORKING));
    assertEquals(DeploymentStatus.SUCCEEDED, ledger.deployments.get(RELEASE).deploymentStatus());
    assertEquals(before, ledger.service("billing"));
    assertEquals(List.of(DeploymentStatus.SUCCEEDED), events().stream().map(DeploymentEvent::status).toList());
  }

  @Test
  void failureAfterSuccessChangesNothing() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    DeployReports reports = reports(true);
    deliver(reports, Build.Status.SUCCESS);
    assertInstanceOf(DeployReports.Unchanged.class, deliver(reports, Build.Status.FAILURE));
    assertEquals(DeploymentStatus.SUCCEEDED, ledger.deployments.get(RELEASE).deploymentStatus());
    assertTrue(commands().isEmpty());
  }

  @Test
  void anOlderReleaseThatSucceedsLateNeverReplacesANewerRunningOne() {
    ledger.put(deployment(OLDER, OLDER, 100, DeploymentKind.RELEASE));
    ledger.putService("billing", Optional.of(running(RELEASE, 200)), Optional.of(running("x", 50)),
        Optional.empty(), OLDER);
    Build late = deployBuild(Build.Status.SUCCESS).putSubstitutions("_DEPLOYMENT_ID", OLDER)
        .putSubstitutions("_RELEASE_ID", OLDER).build();
    assertInstanceOf(DeployReports.Recorded.class, reports(false).handle(late, NOW));
    ServiceDocument billing = ledger.service("billing");
    assertEquals(Optional.of(RELEASE), billing.running().map(r -> r.version().releaseId()));
    assertEquals(Optional.of("x"), billing.previous().map(r -> r.version().releaseId()));
    assertEquals("SUCCEEDED", billing.last().orElseThrow().status());
  }

  @Test
  void aRollbackMovesRunningBackToAnOlderRelease() {
    ledger.put(deployment("rollback-1", OLDER, 100, DeploymentKind.ROLLBACK));
    ledger.putService("billing", Optional.of(running(RELEASE, 200)), Optional.of(running(OLDER, 100)),
        Optional.empty(), "rollback-1");
    Build rollback = deployBuild(Build.Status.SUCCESS).putSubstitutions("_DEPLOYMENT_ID", "rollback-1")
        .putSubstitutions("_RELEASE_ID", OLDER).putSubstitutions("_DEPLOY_KIND", "rollback").build();
    reports(false).handle(rollback, NOW);
    ServiceDocument billing = ledger.service("billing");
    assertEquals(Optional.of(OLDER), billing.running().map(r -> r.version().releaseId()));
    assertEquals(Optional.of(RELEASE), billing.previous().map(r -> r.version().releaseId()));
  }

  @Test
  void aRollbackTakesEachServiceBackToTheReleaseClientDeployerChoseForIt() {
    String oldest = "2026.11.10-5e5e5e5";
    ledger.put(stored("rollback-m1", "mixed", 100, DeploymentKind.ROLLBACK, DeploymentStatus.TRIGGERED,
        List.of("billing", "portal"), Map.of(
            "billing", new ServiceVersion(OLDER, 100, "gcr.io/p/billing", DIGEST),
            "portal", new ServiceVersion(oldest, 50, "gcr.io/p/portal", DIGEST))));
    ledger.putService("portal", Optional.of(running(RELEASE, 200)), Optional.empty(),
        Optional.empty(), "rollback-m1");
    Build rollback = deployBuild(Build.Status.SUCCESS).putSubstitutions("_DEPLOYMENT_ID", "rollback-m1")
        .putSubstitutions("_RELEASE_ID", "mixed").putSubstitutions("_DEPLOY_KIND", "rollback").build();

    reports(true).handle(rollback, NOW);

    assertEquals(Optional.of(OLDER), ledger.service("billing").running().map(r -> r.version().releaseId()));
    assertEquals(Optional.of(oldest), ledger.service("portal").running().map(r -> r.version().releaseId()));
    assertEquals(50L, ledger.service("portal").running().orElseThrow().version().sequence());
    assertEquals(Optional.of(RELEASE), ledger.service("portal").previous().map(r -> r.version().releaseId()));
    assertEquals(oldest, ledger.service("portal").last().orElseThrow().releaseId());
    assertEquals("mixed", events().get(0).releaseId());
  }

  @Test
  void redeployingWhatRunsKeepsPrevious() {
    ledger.put(deployment("redeploy-1", RELEASE, 200, DeploymentKind.REDEPLOY));
    ledger.putService("billing", Optional.of(running(RELEASE, 200)), Optional.of(running(OLDER, 100)),
        Optional.empty(), "redeploy-1");
    Build redeploy = deployBuild(Build.Status.SUCCESS).putSubstitutions("_DEPLOYMENT_ID", "redeploy-1")
        .putSubstitutions("_DEPLOY_KIND", "redeploy").build();
    reports(false).handle(redeploy, NOW);
    assertEquals(Optional.of(OLDER), ledger.service("billing").previous().map(r -> r.version().releaseId()));
  }

  @Test
  void aLateReportOfAnOlderDeploymentLeavesTheNewerOnesLastEvent() {
    LastEvent newer = new LastEvent("STARTED", "2026.11.25-0000000", "", "build-2", "", "2026-11-25T00:00:00Z");
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    ledger.putService("billing", Optional.empty(), Optional.empty(), Optional.of(newer),
        "2026.11.25-0000000");
    deliver(reports(false), Build.Status.FAILURE);
    assertEquals(Optional.of(newer), ledger.service("billing").last());
    assertEquals("FAILED", ledger.service("portal").last().orElseThrow().status());
  }

  /** client-deployer moved the service's target to a newer deployment (it superseded this one). */
  private void targetedBy(String service, String deploymentId, String releaseId, long sequence) {
    ledger.services.put(service, new ServiceDocument(service, Optional.of(new ServiceDocument.Target(
        new ServiceVersion(releaseId, sequence, "gcr.io/p/" + service, DIGEST), deploymentId, "")),
        Optional.empty(), Optional.empty(), Optional.empty()));
  }

  @Test
  void aBuildCancelledForANewerReleaseIsSkippedSupersededNotAFailureAndNotRolledBack() {
    String newer = "2026.11.25-0000000";
    ledger.put(stored(RELEASE, RELEASE, 200, DeploymentKind.RELEASE, DeploymentStatus.STARTED, List.of("billing", "portal"),
        Map.of()));
    targetedBy("billing", newer, newer, 300);
    targetedBy("portal", newer, newer, 300);

    DeployReports.Recorded recorded = assertInstanceOf(DeployReports.Recorded.class,
        deliver(reports(true), Build.Status.CANCELLED));

    assertEquals(DeploymentStatus.SKIPPED, recorded.event().status());
    assertEquals("superseded by " + newer, recorded.event().reason());
    assertEquals(List.of("billing", "portal"), recorded.event().services());
    assertEquals(List.of(), commands(), "a superseded build is not rolled back");
    DeploymentDocument stored = ledger.deployments.get(RELEASE);
    assertEquals(DeploymentStatus.SKIPPED, stored.deploymentStatus());
    assertEquals("superseded by " + newer, stored.reason());
    assertTrue(ledger.service("billing").last().isEmpty(), "the newer deployment's events stay the service's latest");

    deliver(reports(true), Build.Status.CANCELLED); // a duplicate notification
    assertEquals(1, events().size());
  }

  /**
   * A rollback overtook the release's build and marked its deployment ROLLED_BACK (state/Rollbacks):
   * neither the cancelled build's report nor any other late one lowers it, counts it or rolls it back again.
   */
  @ParameterizedTest
  @EnumSource(value = Build.Status.class, names = {"CANCELLED", "WORKING", "SUCCESS", "FAILURE"})
  void aReleaseRolledBackWhileItsBuildRanStaysRolledBack(Build.Status late) {
    String rollback = "rollback-m1";
    ledger.put(stored(RELEASE, RELEASE, 200, DeploymentKind.RELEASE, DeploymentStatus.ROLLED_BACK, List.of("billing", "portal"),
        Map.of()));
    targetedBy("billing", rollback, OLDER, 100);
    targetedBy("portal", rollback, OLDER, 100);

    DeployReports.Unchanged unchanged = assertInstanceOf(DeployReports.Unchanged.class, deliver(reports(true), late));

    assertEquals(DeploymentStatus.ROLLED_BACK, unchanged.stored());
    assertEquals(DeploymentStatus.ROLLED_BACK, ledger.deployments.get(RELEASE).deploymentStatus());
    assertEquals(List.of(), events());
    assertEquals(List.of(), commands());
  }

  @Test
  void aBuildCancelledWhileItStillOwnsItsServicesIsAFailureAsBefore() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    targetedBy("billing", RELEASE, RELEASE, 200);
    targetedBy("portal", "2026.11.25-0000000", "2026.11.25-0000000", 300);

    deliver(reports(true), Build.Status.CANCELLED);

    assertEquals(DeploymentStatus.FAILED, events().get(0).status());
    assertEquals("CANCELLED", events().get(0).reason());
    assertEquals(1, commands().size(), "an operator's cancel is a failure, rolled back where the client wants it");
  }

  @Test
  void imagesMissingFromTheBuildComeFromTheRelease() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    ledger.releaseImages.put("portal", new ImageRef("gcr.io/p/portal-from-release", DIGEST));
    Build build = deployBuild(Build.Status.SUCCESS).putSubstitutions("_IMAGES", "billing=gcr.io/p/billing@" + DIGEST).build();
    reports(false).handle(build, NOW);
    assertEquals("gcr.io/p/portal-from-release", ledger.service("portal").running().orElseThrow().version().image());
  }

  @Test
  void concurrentCopiesOfAFailureSendTheirRollbackUnderOneIdDerivedFromTheFailedDeployment() throws Exception {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
    DeployReports reports = new DeployReports("essence", true, ledger, publisher, "deployments", (command, commandId) -> {
      ids.add(commandId);
      return "m-" + ids.size();
    }, Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.CompletableFuture<Void>> copies = new java.util.ArrayList<>();
    for (int copy = 0; copy < 3; copy++) {
      copies.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        deliver(reports, Build.Status.FAILURE);
      }));
    }
    start.countDown();
    java.util.concurrent.CompletableFuture.allOf(copies.toArray(java.util.concurrent.CompletableFuture[]::new)).join();

    assertTrue(!ids.isEmpty(), "the rollback was sent");
    assertEquals(java.util.Set.of("auto-rollback-" + RELEASE), java.util.Set.copyOf(ids),
        "every copy sent it under one id: client-deployer handles it once (CommandKeys)");
  }

  @Test
  void autoRollbackIsPublishedExactlyOnceForAFailedDeployment() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    DeployReports reports = reports(true);

    DeployReports.Recorded failed = assertInstanceOf(DeployReports.Recorded.class, deliver(reports, Build.Status.FAILURE));
    assertEquals(Optional.of("m-2"), failed.rollbackMessageId());
    deliver(reports, Build.Status.FAILURE);
    deliver(reports, Build.Status.TIMEOUT);
    deliver(reports, Build.Status.WORKING);

    assertEquals(List.of(new Command(CommandType.ROLLBACK, "essence", RELEASE, "", "deploy-reporter",
        "auto rollback: FAILURE")), commands());
    assertEquals(List.of("deployments", "release-commands"), topics);
    DeploymentDocument stored = ledger.deployments.get(RELEASE);
    assertTrue(stored.autoRollbackRequested() && stored.autoRollbackPublished());
  }

  @Test
  void aSingleServiceDeploymentRollsBackThatService() {
    ledger.put(stored(RELEASE, RELEASE, 200, DeploymentKind.RELEASE, DeploymentStatus.STARTED, List.of("billing"), Map.of()));
    reports(true).handle(deployBuild(Build.Status.FAILURE).putSubstitutions("_SERVICES", "billing").build(), NOW);
    assertEquals("billing", commands().get(0).service());
  }

  @Test
  void aRollbackThatWasRequestedButNotPublishedIsPublishedOnRedelivery() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    DeployReports reports = reports(true);
    failTopic = "release-commands";
    assertThrows(IllegalStateException.class, () -> deliver(reports, Build.Status.FAILURE));
    DeploymentDocument afterCrash = ledger.deployments.get(RELEASE);
    assertTrue(afterCrash.autoRollbackPending(), "the transaction committed the request before publishing");
    assertTrue(commands().isEmpty());
    assertEquals(List.of(DeploymentStatus.FAILED), events().stream().map(DeploymentEvent::status).toList());

    failTopic = "";
    DeployReports.Unchanged redelivered = assertInstanceOf(DeployReports.Unchanged.class,
        deliver(reports, Build.Status.FAILURE));
    assertEquals(Optional.of("m-2"), redelivered.rollbackMessageId());
    deliver(reports, Build.Status.FAILURE);
    assertEquals(1, commands().size());
    assertEquals("auto rollback: FAILURE", commands().get(0).reason());
    assertEquals(1, events().size(), "the FAILED event was sent once");
  }

  @Test
  void eachReportedEventThatCouldNotBePublishedStaysUnsentAndTheRedeliverySendsItOnceUnderOneId() {
    for (Build.Status status : List.of(Build.Status.WORKING, Build.Status.SUCCESS, Build.Status.FAILURE)) {
      ledger.deployments.clear();
      ledger.outbox.clear();
      published.clear();
      ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
      DeployReports reports = reports(false);
      failNextPublishes = 1;
      assertThrows(TransientFailure.class, () -> deliver(reports, status), status.name());
      DeploymentStatus reported = ledger.deployments.get(RELEASE).deploymentStatus();
      String id = "essence~" + RELEASE + "~" + reported.name() + "~build-1";
      assertEquals(List.of(id), ledger.unsent("essence").stream().map(e -> e.eventId()).toList(), status.name());

      assertInstanceOf(DeployReports.Unchanged.class, deliver(reports, status));
      deliver(reports, status);
      assertEquals(List.of(reported), events().stream().map(DeploymentEvent::status).toList(), status.name());
      assertEquals(List.of(), ledger.unsent("essence"));
    }
  }

  @Test
  void aBuildThatReportsBeforeTheDeployerRecordedItAnnouncesTriggeredUnderTheDeployersId() {
    // client-deployer started the build, then failed to publish TRIGGERED: the deployment is still PLANNED.
    ledger.put(stored(RELEASE, RELEASE, 200, DeploymentKind.RELEASE, DeploymentStatus.PLANNED, List.of("billing", "portal"),
        Map.of()));
    reports(false).handle(build(Build.Status.FAILURE), NOW.minusSeconds(5));
    assertEquals(List.of(DeploymentStatus.TRIGGERED, DeploymentStatus.FAILED), events().stream().map(DeploymentEvent::status).toList());
    assertEquals(List.of("essence~" + RELEASE + "~TRIGGERED~build-1", "essence~" + RELEASE + "~FAILED~build-1"),
        List.copyOf(ledger.outbox.keySet()), "TRIGGERED has the id client-deployer gives it: a consumer keeps one");
    assertEquals("build-1", events().get(0).buildId());
  }

  @Test
  void aRecordedEventGoesOutWithItsIdAsAnAttribute() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    List<String> ids = new ArrayList<>();
    EventPublisher withIds = new EventPublisher() {
      @Override
      public String publish(String topic, RelayMessage message, String orderingKey) {
        throw new AssertionError("deployment events are published with their id");
      }

      @Override
      public String publish(String topic, RelayMessage message, String orderingKey, String eventId) {
        ids.add(eventId);
        return "m-" + ids.size();
      }
    };
    DeployReports reports = new DeployReports("essence", false, ledger, withIds, "deployments", "release-commands",
        Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));
    DeployReports.Recorded recorded = assertInstanceOf(DeployReports.Recorded.class, deliver(reports, Build.Status.SUCCESS));
    assertEquals("m-1", recorded.eventMessageId());
    assertEquals(List.of("essence~" + RELEASE + "~SUCCEEDED~build-1"), ids);
  }

  @Test
  void aFailedEventThatCouldNotBePublishedIsSentByTheRedeliveryAndTheRollbackGoesOnce() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    DeployReports reports = reports(true);
    failNextPublishes = 1;
    assertThrows(TransientFailure.class, () -> deliver(reports, Build.Status.FAILURE));
    assertEquals(DeploymentStatus.FAILED, ledger.deployments.get(RELEASE).deploymentStatus());
    assertTrue(events().isEmpty());
    assertEquals(1, commands().size(), "the rollback does not wait for the event");
    assertEquals(1, ledger.unsent("essence").size());

    DeployReports.Unchanged redelivered = assertInstanceOf(DeployReports.Unchanged.class,
        deliver(reports, Build.Status.FAILURE));
    assertEquals(Optional.empty(), redelivered.rollbackMessageId());
    deliver(reports, Build.Status.FAILURE);
    assertEquals(1, commands().size());
    assertEquals(List.of(DeploymentStatus.FAILED), events().stream().map(DeploymentEvent::status).toList());
    assertEquals(List.of(), ledger.unsent("essence"));
  }

  @Test
  void aFailedRollbackIsNotRolledBackAgain() {
    ledger.put(deployment("rollback-1", OLDER, 100, DeploymentKind.ROLLBACK));
    Build rollback = deployBuild(Build.Status.FAILURE).putSubstitutions("_DEPLOYMENT_ID", "rollback-1")
        .putSubstitutions("_RELEASE_ID", OLDER).putSubstitutions("_DEPLOY_KIND", "rollback").build();
    reports(true).handle(rollback, NOW);
    assertEquals(DeploymentStatus.FAILED, events().get(0).status());
    assertTrue(commands().isEmpty());
  }

  @Test
  void anUnrecordedDeploymentIsRetriedWhileTheBuildIsYoungAndDroppedAfter() {
    Build young = deployBuild(Build.Status.WORKING)
        .setCreateTime(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond() - 30)).build();
    assertThrows(TransientFailure.class, () -> reports(false).handle(young, NOW));
    Build old = deployBuild(Build.Status.WORKING)
        .setCreateTime(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond() - 3600)).build();
    assertInstanceOf(DeployReports.UnknownDeployment.class, reports(false).handle(old, NOW));
    assertTrue(published.isEmpty());
  }

  @Test
  void notificationsOlderThanTheLimitAreDropped() {
    ledger.put(deployment(RELEASE, RELEASE, 200, DeploymentKind.RELEASE));
    assertInstanceOf(DeployReports.TooOld.class, reports(false).handle(build(Build.Status.SUCCESS), NOW.minus(Duration.ofDays(2))));
    assertEquals(DeploymentStatus.TRIGGERED, ledger.deployments.get(RELEASE).deploymentStatus());
  }
}
