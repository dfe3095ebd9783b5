package com.twosixty.relay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import com.google.cloud.firestore.Firestore;
import com.google.cloudbuild.v1.RunBuildTriggerRequest;
import com.google.container.v1.Cluster;
import com.twosixty.relay.build.CloudBuildRunner;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.gke.GkeClusterChecker;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.planner.ReleasePlanner;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.state.Claim;
import com.twosixty.relay.state.DeploymentDraft;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.state.FirestoreCommandLog;
import com.twosixty.relay.state.FirestoreStateStore;
import com.twosixty.relay.state.StateStore;
import com.twosixty.relay.testing.FirestoreEmulatorExtension;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployer's decisions against the real Firestore emulator; Cloud Build and GKE are Mockito
 * mocks of their Google clients (they have no emulator), for fault injection.
 */
class DeploymentCoordinatorIT {
  private static final String PROJECT = "relay-hub";
  @RegisterExtension
  static final FirestoreEmulatorExtension FIRESTORE = new FirestoreEmulatorExtension(PROJECT);
  /** Pub/Sub delivers a message that failed transiently again; the tests give up after this many. */
  private static final int MAX_REDELIVERIES = 5;
  /** A Wednesday: no example freeze window covers it. */
  private static final Clock WEDNESDAY = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);


  private GoogleClientMocks google;
  private final List<DeploymentEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final EventPublisher recording = (topic, message, key) -> {
    events.add((DeploymentEvent) message);
    return "id";
  };

  @BeforeEach
  void reset() {
    google = new GoogleClientMocks();
  }

  private DeploymentCoordinator coordinator(String clientId) {
    return coordinator(clientId, WEDNESDAY);
  }

  private DeploymentCoordinator coordinator(String clientId, Clock clock) {
    return coordinator(clientId, clock, new FirestoreStateStore(FIRESTORE.firestore()), recording);
  }

  private DeploymentCoordinator coordinator(String clientId, Clock clock, StateStore state, EventPublisher publisher) {
    ClientDefinition client = ClientDefinitions.loadFile(Path.of("..", "clients", clientId + ".yaml"));
    return new DeploymentCoordinator(client, com.twosixty.relay.contract.ImagePolicy.parse("gcr.io/relay-hub/"), state,
        new FirestoreCommandLog(FIRESTORE.firestore()), GkeClusterChecker.over(google.clusters),
        CloudBuildRunner.over(google.cloudBuild), publisher, "deployments", clock);
  }

  static Release release(String id, long sequence, String... services) {
    return new Release(id, sequence, new Release.Source("monorepo", "main", "c0ffee0", "b-" + id), "2026-11-25T11:00:00Z",
        Channel.STABLE, Stream.of(services)
            .map(s -> new Release.ServiceImage(s, "gcr.io/relay-hub/" + s, "sha256:" + Integer.toHexString(s.hashCode()).repeat(16).substring(0, 64), id))
            .toList());
  }

  /** Hands the release to every instance at the same moment; rethrows the first delivery that failed. */
  private static void deliverAtOnce(Release release, List<DeploymentCoordinator> instances) throws Exception {
    atOnce(instances.stream().<Runnable>map(instance -> () -> instance.onRelease(release)).toList());
  }

  /**
   * Starts every delivery at the same moment; rethrows the first that failed. A delivery that fails
   * transiently (the emulator aborts a transaction that waited too long for another's lock) is
   * delivered again, as Pub/Sub redelivers a message whose push answered 500.
   */
  private static void atOnce(List<Runnable> deliveries) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(deliveries.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    for (Runnable delivery : deliveries) {
      running.add(pool.submit(() -> {
        go.await();
        for (int attempt = 1; ; attempt++) {
          try {
            delivery.run();
            return null;
          } catch (TransientFailure e) {
            if (attempt == MAX_REDELIVERIES) {
              throw e;
            }
          }
        }
      }));
    }
    go.countDown();
    try {
      for (Future<?> delivery : running) {
        delivery.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static String receivedAt(com.google.cloud.firestore.DocumentReference document) throws Exception {
    return document.get().get().getString("receivedAt");
  }

  private List<DeploymentStatus> statuses() {
    return events.stream().map(DeploymentEvent::status).toList();
  }

  @Test
  void aReleaseTriggersTheClientsDeployWithItsSubstitutions() {
    coordinator("essence").onRelease(release("2026.11.25-aaaaaaa", 100, "billing", "portal"));

    assertEquals(1, google.triggerRuns.size());
    RunBuildTriggerRequest run = google.triggerRuns.get(0);
    assertEquals("relay-essence-prod", run.getProjectId());
    assertEquals("relay-deploy", run.getTriggerId());
    var substitutions = run.getSource().getSubstitutionsMap();
    assertEquals(java.util.Set.copyOf(com.twosixty.relay.contract.DeploySubstitutions.KEYS), substitutions.keySet());
    assertEquals("2026.11.25-aaaaaaa", substitutions.get("_RELEASE_ID"));
    assertEquals("2026.11.25-aaaaaaa", substitutions.get("_DEPLOYMENT_ID"));
    assertEquals("billing,portal", substitutions.get("_SERVICES"));
    assertTrue(substitutions.get("_IMAGES").startsWith("billing=gcr.io/relay-hub/billing@sha256:"), substitutions.get("_IMAGES"));
    assertEquals("essence", substitutions.get("_CLUSTER"));
    assertEquals("europe-west2", substitutions.get("_CLUSTER_LOCATION"));
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
    assertEquals("build-1", events.get(0).buildId());
  }

  @Test
  void onFirestoreAnOlderReleaseWaitingForItsWaveIsClosedByANewerOneAndNeverDeploys() {
    // essence in wave 2 of two; the hub's record of each release as the test says.
    java.util.Map<String, com.twosixty.relay.firestore.RolloutDocument> rollouts = new java.util.concurrent.ConcurrentHashMap<>();
    ClientDefinition essence;
    try {
      essence = ClientDefinitions.parse("essence.yaml",
          java.nio.file.Files.readString(Path.of("..", "clients", "essence.yaml")).replace("wave: 1 ", "wave: 2 "));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    DeploymentCoordinator deployer = new DeploymentCoordinator(essence, com.twosixty.relay.contract.ImagePolicy.parse("gcr.io/relay-hub/"),
        new FirestoreStateStore(FIRESTORE.firestore()), new FirestoreCommandLog(FIRESTORE.firestore()), GkeClusterChecker.over(google.clusters),
        CloudBuildRunner.over(google.cloudBuild), recording, "deployments", WEDNESDAY,
        com.twosixty.relay.rollout.RolloutPolicy.parse("{\"waves\":[{\"soak\":\"PT1H\"},{}]}"),
        releaseId -> rollouts.getOrDefault(releaseId, com.twosixty.relay.firestore.RolloutDocument.empty(releaseId)));
    Release older = release("2026.11.24-aaaaaaa", 100, "billing", "portal");
    Release newer = release("2026.11.25-bbbbbbb", 200, "billing", "portal");

    deployer.onRelease(older);
    deployer.onRelease(newer);
    assertEquals(List.of(DeploymentStatus.WAITING_FOR_WAVE, DeploymentStatus.SKIPPED, DeploymentStatus.WAITING_FOR_WAVE), statuses());
    assertEquals("superseded by " + newer.releaseId(), events.get(1).reason());
    assertEquals(older.releaseId(), events.get(1).releaseId());

    com.twosixty.relay.rollout.RolloutControl open = com.twosixty.relay.rollout.RolloutControl.NONE.withOpened(2, WEDNESDAY.instant());
    rollouts.put(older.releaseId(), new com.twosixty.relay.firestore.RolloutDocument(older.releaseId(), 100, "stable", open,
        java.util.Map.of(), WEDNESDAY.instant().toString()));
    deployer.onRelease(older);
    assertEquals(0, google.triggerRuns.size(), "the older release never deploys");
    rollouts.put(newer.releaseId(), new com.twosixty.relay.firestore.RolloutDocument(newer.releaseId(), 200, "stable", open,
        java.util.Map.of(), WEDNESDAY.instant().toString()));
    deployer.onRelease(newer);
    assertEquals(1, google.triggerRuns.size());
    assertEquals(newer.releaseId(), google.triggerRuns.get(0).getSource().getSubstitutionsMap().get("_RELEASE_ID"));
  }

  @Test
  void aReleaseDeliveredThreeTimesStartsOneDeployment() {
    Release release = release("2026.11.25-aaaaaaa", 100, "billing");
    for (int i = 0; i < 3; i++) {
      coordinator("essence").onRelease(release);
    }
    assertEquals(1, google.triggerRuns.size());
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
  }

  @Test
  void aTriggeredEventThatCouldNotBePublishedIsSentByTheRedeliveryWithoutASecondBuild() throws Exception {
    Release release = release("2026.11.25-aaaaaaa", 100, "billing");
    AtomicInteger publishes = new AtomicInteger();
    EventPublisher pubSubDownOnce = (topic, message, key) -> {
      if (publishes.getAndIncrement() == 0) {
        throw new IllegalStateException("injected: publish to " + topic + " failed: UNAVAILABLE");
      }
      return recording.publish(topic, message, key);
    };
    FirestoreStateStore state = new FirestoreStateStore(FIRESTORE.firestore());

    TransientFailure retry = assertThrows(TransientFailure.class,
        () -> coordinator("essence", WEDNESDAY, state, pubSubDownOnce).onRelease(release));
    assertTrue(retry.getMessage().contains("build-1 started"), retry.getMessage());
    assertEquals(List.of(), statuses(), "nothing was announced");

    coordinator("essence", WEDNESDAY, state, pubSubDownOnce).onRelease(release); // Pub/Sub redelivers
    assertEquals(1, google.triggerRuns.size(), "the redelivery adopted the build instead of starting another");
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
    assertEquals("build-1", events.get(0).buildId());
    assertEquals("TRIGGERED", deploymentStatus("essence", release.releaseId()));

    coordinator("essence", WEDNESDAY, state, pubSubDownOnce).onRelease(release); // and later ones are duplicates
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
    assertEquals(1, google.triggerRuns.size());
  }

  @Test
  void aBuildWhoseRecordingFailedIsAdoptedByTheRedeliveryAndAnnouncedAgainNotLost() throws Exception {
    Release release = release("2026.11.25-aaaaaaa", 100, "billing");
    FirestoreStateStore state = spy(new FirestoreStateStore(FIRESTORE.firestore()));
    doThrow(new TransientFailure("injected: Firestore UNAVAILABLE")).doCallRealMethod()
        .when(state).markTriggered(any(), any(), any(), any());

    assertThrows(TransientFailure.class, () -> coordinator("essence", WEDNESDAY, state, recording).onRelease(release));
    coordinator("essence", WEDNESDAY, state, recording).onRelease(release); // Pub/Sub redelivers

    assertEquals(1, google.triggerRuns.size(), "one build");
    // At least once: the first announcement went out before the recording failed.
    assertEquals(List.of(DeploymentStatus.TRIGGERED, DeploymentStatus.TRIGGERED), statuses());
    assertEquals(List.of("build-1", "build-1"), events.stream().map(DeploymentEvent::buildId).toList());
    assertEquals("TRIGGERED", deploymentStatus("essence", release.releaseId()));
  }

  @Test
  void aBuildNotificationRecordedWhileTheTriggerIsBeingRecordedIsNeverMovedBack() throws Exception {
    Release release = release("2026.11.25-aaaaaaa", 100, "billing");
    String deployment = "clients/essence/deployments/" + release.releaseId();
    Firestore racing = spy(FIRESTORE.firestore());
    java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
    // Fault injection: deploy-reporter records the build as STARTED between markTriggered's read and its write.
    org.mockito.Mockito.doAnswer(invocation -> {
      var stored = FIRESTORE.firestore().document(deployment).get().get();
      if (stored.exists() && "PLANNED".equals(stored.getString("status")) && raced.compareAndSet(false, true)) {
        FIRESTORE.firestore().document(deployment).update("status", "STARTED", "buildId", "build-1").get();
      }
      return invocation.callRealMethod();
    }).when(racing).batch();

    coordinator("essence", WEDNESDAY, new FirestoreStateStore(racing), recording).onRelease(release);

    assertTrue(raced.get());
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
    assertEquals("STARTED", deploymentStatus("essence", release.releaseId()), "the later status stays");
    var stored = FIRESTORE.firestore().document(deployment).get().get();
    assertEquals("build-1", stored.getString("buildId"));
    assertEquals(null, stored.get("lease"), "the lease is let go all the same");
  }

  private static String deploymentStatus(String client, String deploymentId) throws Exception {
    return FIRESTORE.firestore().document("clients/" + client + "/deployments/" + deploymentId).get().get().getString("status");
  }

  @Test
  void twoConcurrentDeliveriesStartOneDeployment() throws Exception {
    Release release = release("2026.11.25-aaaaaaa", 100, "billing", "portal");
    List<DeploymentCoordinator> instances = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      instances.add(coordinator("essence")); // one per function instance
    }
    deliverAtOnce(release, instances);
    assertEquals(1, google.triggerRuns.size());
  }

  @Test
  void everyClientReceivingAReleaseAtOnceStoresItOnceAndEachDeploysOnce() throws Exception {
    Release release = release("2026.11.25-aaaaaaa", 100, "billing", "portal");
    List<DeploymentCoordinator> instances = new ArrayList<>();
    for (String client : List.of("essence", "acme", "northwind")) {
      for (int copy = 0; copy < 3; copy++) {
        instances.add(coordinator(client));
      }
    }
    deliverAtOnce(release, instances); // none fails: the losers of the release document's create find it there

    assertEquals(List.of("relay-acme-prod", "relay-essence-prod"),
        google.triggerRuns.stream().map(RunBuildTriggerRequest::getProjectId).sorted().toList());
    FirestoreStateStore state = new FirestoreStateStore(FIRESTORE.firestore());
    assertEquals(java.util.Optional.of(release), state.release(release.releaseId()));
    coordinator("northwind").onCommand(new Command(CommandType.APPROVE, "northwind", release.releaseId(), "", "ops@twosixty.com", ""), "m-1");
    assertEquals(3, google.triggerRuns.size(), "northwind's approval found the stored release and deployed it");
  }

  @Test
  void claimsForOneClientInOneInstanceRunOneAtATimeAndNeverAbortEachOther() throws Exception {
    // Side by side they read and write the same service documents: the emulator aborts them on a
    // lock timeout and the client library runs them again (RELIABILITY.md, shuffled releases).
    ClientDefinition northwind = ClientDefinitions.loadFile(Path.of("..", "clients", "northwind.yaml"));
    FirestoreStateStore instance = new FirestoreStateStore(FIRESTORE.firestore());
    AtomicInteger attempts = new AtomicInteger();
    List<Runnable> deliveries = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      Release release = release(String.format("2026.11.25-%07d", i), 100 + i, "billing", "portal");
      Map<String, ServiceVersion> candidates = new LinkedHashMap<>();
      release.services().forEach(s -> candidates.put(s.name(), new ServiceVersion(release.releaseId(), release.sequence(), s.image(), s.digest())));
      DeploymentDraft draft = new DeploymentDraft(release.releaseId(), release.releaseId(), release.sequence(), DeploymentKind.RELEASE, candidates);
      deliveries.add(() -> instance.claim("northwind", draft, state -> {
        attempts.incrementAndGet();
        return ReleasePlanner.plan(release, northwind, state, WEDNESDAY.instant(), false);
      }, false, WEDNESDAY.instant()));
    }
    atOnce(deliveries);

    assertEquals(12, attempts.get(), "each claim planned once: no transaction aborted and ran again");
    for (int i = 1; i <= 12; i++) {
      assertEquals(DeploymentStatus.AWAITING_APPROVAL,
          instance.deployment("northwind", String.format("2026.11.25-%07d", i)).orElseThrow().deploymentStatus());
    }
  }

  @Test
  void aNewerReleaseCancelsTheOlderBuildStillRunningBeforeItStartsItsOwnAndCarriesOverWhatItWouldHaveDeployed() {
    coordinator("essence").onRelease(release("2026.11.24-aaaaaaa", 100, "billing", "portal"));
    coordinator("essence").onRelease(release("2026.11.25-bbbbbbb", 200, "billing"));

    assertEquals(List.of("run build-1 (2026.11.24-aaaaaaa)", "cancel build-1", "run build-2 (2026.11.25-bbbbbbb)"), google.calls);
    var substitutions = google.triggerRuns.get(1).getSource().getSubstitutionsMap();
    assertEquals("billing,portal", substitutions.get("_SERVICES"), "portal's deploy is not lost with the cancelled build");
    assertTrue(substitutions.get("_IMAGES").contains("portal=gcr.io/relay-hub/portal@"), substitutions.get("_IMAGES"));
  }

  @Test
  void anOlderReleaseAfterANewerOneCancelsNothing() {
    coordinator("essence").onRelease(release("2026.11.25-bbbbbbb", 200, "billing"));
    coordinator("essence").onRelease(release("2026.11.24-aaaaaaa", 100, "billing"));

    assertEquals(List.of("run build-1 (2026.11.25-bbbbbbb)"), google.calls);
  }

  @Test
  void theClaimWaitsForAnOlderDeploymentBeingStartedAndOvertakesItOnceItsBuildIsRecorded() {
    FirestoreStateStore store = new FirestoreStateStore(FIRESTORE.firestore());
    ClientDefinition essence = ClientDefinitions.loadFile(Path.of("..", "clients", "essence.yaml"));
    Release older = release("2026.11.24-aaaaaaa", 100, "billing", "portal");
    Release newer = release("2026.11.25-bbbbbbb", 200, "billing", "portal");
    Instant now = Instant.now();
    store.claim("essence", Candidates.release(older), state -> ReleasePlanner.plan(older, essence, state, now, false), false, now);

    Claim waiting = store.claim("essence", Candidates.release(newer),
        state -> ReleasePlanner.plan(newer, essence, state, now, false), false, now);
    assertEquals(older.releaseId(), assertInstanceOf(Claim.Held.class, waiting).deployment().deploymentId(),
        "no build to cancel yet: the newer claim waits for the older one's");
    assertTrue(store.deployment("essence", newer.releaseId()).isEmpty(), "the waiting claim wrote nothing");

    store.markTriggered("essence", older.releaseId(), "build-1", now);
    Claim.Planned planned = assertInstanceOf(Claim.Planned.class, store.claim("essence", Candidates.release(newer),
        state -> ReleasePlanner.plan(newer, essence, state, now, false), false, now));
    assertEquals(List.of("build-1"), planned.overtaken().stream().map(d -> d.buildId()).toList());
    assertEquals(newer.releaseId(), store.services("essence").get("billing").targetVersion().orElseThrow().releaseId());
  }

  @Test
  void releasesArrivingTogetherAtTwoInstancesNeverLeaveAnOlderBuildRunningBesideANewer() throws Exception {
    for (int round = 0; round < 5; round++) {
      FIRESTORE.reset();
      google = new GoogleClientMocks();
      Release older = release("2026.11.24-aaaaaaa", 100, "billing", "portal");
      Release newer = release("2026.11.25-bbbbbbb", 200, "billing", "portal");
      DeploymentCoordinator first = coordinator("essence", Clock.systemUTC());
      DeploymentCoordinator second = coordinator("essence", Clock.systemUTC());
      atOnce(List.of(() -> first.onRelease(older), () -> second.onRelease(newer)));

      List<String> calls = google.calls;
      assertEquals("run build-" + google.triggerRuns.size() + " (" + newer.releaseId() + ")", calls.get(calls.size() - 1),
          "the newer build starts last: " + calls);
      if (google.triggerRuns.size() == 2) {
        assertEquals(List.of("run build-1 (" + older.releaseId() + ")", "cancel build-1", "run build-2 (" + newer.releaseId() + ")"),
            calls, "the older build is cancelled before the newer starts");
      }
    }
  }

  @Test
  void aReleaseIsStoredByItsFirstReceiverAndNotRewrittenByTheOthers() throws Exception {
    Release release = release("2026.11.25-aaaaaaa", 100, "billing");
    FirestoreStateStore state = new FirestoreStateStore(FIRESTORE.firestore());
    state.saveRelease(release, Instant.parse("2026-11-25T12:00:00Z")).await();
    state.saveRelease(release, Instant.parse("2026-11-25T12:00:05Z")).await();

    assertEquals("2026-11-25T12:00:00Z", receivedAt(FIRESTORE.firestore().document("releases/" + release.releaseId())));
  }

  @Test
  void aRedeliveryAfterTheClaimantDiedWaitsOutItsLeaseAndDeploysOnce() {
    Release release = release("2026.11.25-aaaaaaa", 100, "billing");
    // An instance claims the release and dies before it starts the build: its lease (2 s here) holds.
    FirestoreStateStore dying = new FirestoreStateStore(FIRESTORE.firestore(), java.time.Duration.ofSeconds(2));
    var version = new com.twosixty.relay.planner.ServiceVersion(release.releaseId(), 100, "gcr.io/relay-hub/billing",
        release.services().get(0).digest());
    dying.claim("essence", new com.twosixty.relay.state.DeploymentDraft(release.releaseId(), release.releaseId(), 100,
            com.twosixty.relay.contract.DeploymentKind.RELEASE, java.util.Map.of("billing", version)),
        current -> new com.twosixty.relay.planner.Plan(List.of(com.twosixty.relay.planner.ServiceDecision.deploy("billing"))),
        false, Instant.now());

    coordinator("essence", Clock.systemUTC()).onRelease(release);

    assertEquals(1, google.triggerRuns.size(), "the redelivery took the deployment over");
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
    coordinator("essence", Clock.systemUTC()).onRelease(release);
    assertEquals(1, google.triggerRuns.size());
  }

  @Test
  void anOlderReleaseAfterANewerOneIsSkippedNotNewer() {
    coordinator("essence").onRelease(release("2026.11.25-bbbbbbb", 200, "billing"));
    coordinator("essence").onRelease(release("2026.11.24-aaaaaaa", 100, "billing"));

    assertEquals(1, google.triggerRuns.size());
    DeploymentEvent skipped = events.get(1);
    assertEquals(DeploymentStatus.SKIPPED, skipped.status());
    assertEquals("billing: not-newer", skipped.reason());
    assertEquals("2026.11.24-aaaaaaa", skipped.releaseId());
  }

  @Test
  void aReleaseThatDeploysNothingIsNotHeldUpByAClusterThatCannotTakeADeployment() {
    // The cluster is asked only once the claim plans a deploy.
    google.clusterIs(Cluster.Status.RECONCILING);
    coordinator("northwind").onRelease(release("2026.11.25-aaaaaaa", 100, "billing"));
    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL), statuses());

    google.clusterFailsWith(Status.Code.PERMISSION_DENIED);
    coordinator("northwind").onRelease(release("2026.11.25-aaaaaaa", 100, "billing"));
    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL), statuses(), "a duplicate delivery is acked as before");
    assertEquals(0, google.triggerRuns.size());
    org.mockito.Mockito.verify(google.clusters, org.mockito.Mockito.never()).getCluster(any(String.class));
  }

  @Test
  void manualClientWaitsForApprovalThenDeploysOnApprove() {
    coordinator("northwind").onRelease(release("2026.11.25-aaaaaaa", 100, "billing"));
    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL), statuses());
    assertEquals(0, google.triggerRuns.size());

    Command approve = new Command(CommandType.APPROVE, "northwind", "2026.11.25-aaaaaaa", "", "ops@twosixty.com", "");
    coordinator("northwind").onCommand(approve, "m1");
    coordinator("northwind").onCommand(approve, "m2");

    assertEquals(1, google.triggerRuns.size(), "a repeated approve deploys nothing more");
    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL, DeploymentStatus.TRIGGERED, DeploymentStatus.SKIPPED), statuses());
    assertEquals("approve refused: 2026.11.25-aaaaaaa waits for nothing: its deployment is TRIGGERED", events.get(2).reason());
  }

  @Test
  void rejectSkipsTheWaitingRelease() {
    coordinator("northwind").onRelease(release("2026.11.25-aaaaaaa", 100, "billing"));
    coordinator("northwind").onCommand(new Command(CommandType.REJECT, "northwind", "2026.11.25-aaaaaaa", "", "ops", "bad week"), "m1");
    coordinator("northwind").onCommand(new Command(CommandType.APPROVE, "northwind", "2026.11.25-aaaaaaa", "", "ops", ""), "m2");
    assertEquals(0, google.triggerRuns.size());
    assertEquals(DeploymentStatus.SKIPPED, events.get(1).status());
    assertEquals("rejected by ops: bad week", events.get(1).reason());
  }

  @Test
  void subsetClientDeploysOnlyItsServicesAndSkipsThePinnedOne() {
    coordinator("acme").onRelease(release("2026.11.25-aaaaaaa", 100, "billing", "portal", "reports"));

    assertEquals(1, google.triggerRuns.size());
    assertEquals("portal", google.triggerRuns.get(0).getSource().getSubstitutionsMap().get("_SERVICES"));
    DeploymentEvent skipped = events.get(0);
    assertEquals(DeploymentStatus.SKIPPED, skipped.status());
    assertEquals(List.of("billing", "reports"), skipped.services());
    assertEquals("billing: pinned, reports: not-run-by-client", skipped.reason());
  }

  @Test
  void runtimePinAndFreezeCommandsChangeWhatTheNextReleaseDoes() {
    DeploymentCoordinator essence = coordinator("essence");
    essence.onRelease(release("2026.11.01-0000000", 50, "billing"));
    essence.onCommand(new Command(CommandType.PIN, "essence", "2026.11.01-0000000", "billing", "ops", ""), "m1");
    essence.onRelease(release("2026.11.25-aaaaaaa", 100, "billing", "portal"));
    assertEquals("portal", google.triggerRuns.get(1).getSource().getSubstitutionsMap().get("_SERVICES"));

    essence.onCommand(new Command(CommandType.FREEZE, "essence", "", "", "ops", "incident 42"), "m2");
    essence.onRelease(release("2026.11.26-bbbbbbb", 200, "portal"));
    assertEquals(2, google.triggerRuns.size());
    assertEquals("portal: frozen", events.get(events.size() - 1).reason());

    essence.onCommand(new Command(CommandType.UNFREEZE, "essence", "", "", "ops", ""), "m3");
    essence.onCommand(new Command(CommandType.UNPIN, "essence", "", "billing", "ops", ""), "m4");
    essence.onRelease(release("2026.11.27-ccccccc", 300, "billing", "portal"));
    assertEquals("billing,portal", google.triggerRuns.get(2).getSource().getSubstitutionsMap().get("_SERVICES"));
  }

  @Test
  void redeployDeploysAnOlderReleaseOnceAndRollbackReturnsToTheRunningVersion() {
    DeploymentCoordinator essence = coordinator("essence");
    essence.onRelease(release("2026.11.24-aaaaaaa", 100, "billing"));
    essence.onRelease(release("2026.11.25-bbbbbbb", 200, "billing"));
    Command redeploy = new Command(CommandType.REDEPLOY, "essence", "2026.11.24-aaaaaaa", "billing", "ops", "");
    essence.onCommand(redeploy, "m1");
    essence.onCommand(redeploy, "m1"); // the same message again
    assertEquals(3, google.triggerRuns.size());
    var run = google.triggerRuns.get(2).getSource().getSubstitutionsMap();
    assertEquals("2026.11.24-aaaaaaa", run.get("_RELEASE_ID"));
    assertEquals("redeploy", run.get("_DEPLOY_KIND"));

    // Nothing has SUCCEEDED (no reporter here), so there is no good version to return to.
    essence.onCommand(new Command(CommandType.ROLLBACK, "essence", "", "billing", "ops", ""), "m2");
    assertEquals(3, google.triggerRuns.size());
    assertEquals("rollback refused: nothing to roll back to", events.get(events.size() - 1).reason());
  }

  static final String A = "2026.11.24-aaaaaaa";
  static final String B = "2026.11.25-bbbbbbb";

  private static com.google.cloud.firestore.DocumentReference essenceDoc(String collection, String id) {
    return essenceDoc(FIRESTORE.firestore(), collection, id);
  }

  private static com.google.cloud.firestore.DocumentReference essenceDoc(Firestore db, String collection, String id) {
    return db.collection("clients").document("essence").collection(collection).document(id);
  }

  private static ServiceVersion version(String releaseId, long sequence, String service) {
    Release.ServiceImage image = release(releaseId, sequence, service).services().get(0);
    return new ServiceVersion(releaseId, sequence, image.image(), image.digest());
  }

  private static void billingRunsBOverA() throws Exception {
    billingRunsBOverA(FIRESTORE.firestore(), true);
  }

  /**
   * B's deployment of billing SUCCEEDED over A at essence, as client-deployer and deploy-reporter
   * leave it; without {@code withDeployment}, B is billing's target and runs, but has no deployment here.
   */
  static void billingRunsBOverA(Firestore db, boolean withDeployment) throws Exception {
    String at = "2026-11-25T11:00:00Z";
    ServiceVersion a = version(A, 100, "billing");
    ServiceVersion b = version(B, 200, "billing");
    com.twosixty.relay.firestore.DeploymentDocument deployment = com.twosixty.relay.firestore.DeploymentDocument
        .planned("essence", B, B, 200, DeploymentKind.RELEASE,
            new com.twosixty.relay.planner.Plan(List.of(com.twosixty.relay.planner.ServiceDecision.deploy("billing"))),
            Map.of("billing", b), Instant.parse(at))
        .after(com.twosixty.relay.firestore.DeploymentDocument.progressed(DeploymentStatus.SUCCEEDED, "build-b", "", "", at, false));
    if (withDeployment) {
      essenceDoc(db, "deployments", B).set(deployment.toMap()).get();
    }
    essenceDoc(db, "services", "billing").set(Map.of("service", "billing",
        "target", new com.twosixty.relay.firestore.ServiceDocument.Target(b, B, at).toMap(),
        "running", new com.twosixty.relay.firestore.RunningRelease(b, at).toMap(),
        "previous", new com.twosixty.relay.firestore.RunningRelease(a, at).toMap())).get();
  }

  @Test
  void onFirestoreARollbackMarksTheReleaseItLeavesRolledBackInItsClaimAndARedeliveryMarksNothingTwice() throws Exception {
    billingRunsBOverA();
    Command rollback = new Command(CommandType.ROLLBACK, "essence", "", "billing", "ops", "bad release");

    coordinator("essence").onCommand(rollback, "m1");
    coordinator("essence", Clock.offset(WEDNESDAY, java.time.Duration.ofMinutes(1))).onCommand(rollback, "m1");

    var stored = essenceDoc("deployments", B).get().get();
    assertEquals("ROLLED_BACK", stored.getString("status"));
    assertEquals("rolled back by rollback-m1", stored.getString("reason"));
    assertEquals(WEDNESDAY.instant().toString(), stored.getString("updatedAt"), "written once, by the first claim");
    assertEquals("build-b", stored.getString("buildId"), "the rest of the deployment is kept");
    String eventId = com.twosixty.relay.pubsub.EventIds.stateChange("essence", B, DeploymentStatus.ROLLED_BACK,
        WEDNESDAY.instant().toString());
    var outbox = essenceDoc("outbox", eventId).get().get();
    assertTrue(outbox.exists(), "written to the outbox in the claim's transaction");
    assertEquals(Boolean.TRUE, outbox.getBoolean("sent"));
    assertEquals(List.of(new DeploymentEvent("essence", B, List.of("billing"), DeploymentStatus.ROLLED_BACK,
        "rolled back by rollback-m1", "", "", WEDNESDAY.instant().toString())),
        events.stream().filter(e -> e.status() == DeploymentStatus.ROLLED_BACK).toList());
    assertEquals(1, google.triggerRuns.size(), "one rollback build");
    assertEquals(A, google.triggerRuns.get(0).getSource().getSubstitutionsMap().get("_RELEASE_ID"));
  }

  @Test
  void theRollbackClaimReadsAReleaseToRollBackFromThatItsCallerDidNotExpect() throws Exception {
    billingRunsBOverA();
    StateStore state = new FirestoreStateStore(FIRESTORE.firestore());
    // The caller read the services before B became billing's target: it expects nothing to roll back from.
    DeploymentDraft draft = new DeploymentDraft("rollback-m1", A, 100, DeploymentKind.ROLLBACK,
        Map.of("billing", version(A, 100, "billing")), List.of());

    Claim claim = state.claim("essence", draft,
        current -> new com.twosixty.relay.planner.Plan(List.of(com.twosixty.relay.planner.ServiceDecision.deploy("billing"))),
        false, WEDNESDAY.instant());

    Claim.Planned planned = assertInstanceOf(Claim.Planned.class, claim);
    assertEquals(List.of(B), planned.rolledBack().stream().map(m -> m.deployment().deploymentId()).toList());
    assertEquals("ROLLED_BACK", essenceDoc("deployments", B).get().get().getString("status"));
  }

  @Test
  void approvingANewerReleaseClosesTheOvertakenWaitingOnesInItsClaimAndTheyLeaveTheWaitingList() throws Exception {
    DeploymentCoordinator northwind = coordinator("northwind");
    northwind.onRelease(release("2026.11.24-aaaaaaa", 100, "billing", "portal"));
    northwind.onRelease(release("2026.11.25-bbbbbbb", 200, "billing"));
    northwind.onRelease(release("2026.11.26-ccccccc", 300, "billing", "portal"));
    var waiting = new com.twosixty.relay.statusview.FirestoreStatusReader(FIRESTORE.firestore());
    assertEquals(3, waiting.awaitingApproval("northwind").size());
    events.clear();

    northwind.onCommand(new Command(CommandType.APPROVE, "northwind", "2026.11.26-ccccccc", "", "ops@twosixty.com", ""), "m1");

    assertEquals(1, google.triggerRuns.size());
    assertEquals(List.of(), waiting.awaitingApproval("northwind"), "the waiting list is empty");
    var closed = events.stream().filter(e -> e.reason().equals("superseded by 2026.11.26-ccccccc"))
        .map(DeploymentEvent::releaseId).sorted().toList();
    assertEquals(List.of("2026.11.24-aaaaaaa", "2026.11.25-bbbbbbb"), closed);
    var stored = FIRESTORE.firestore().collection("clients").document("northwind").collection("deployments").document("2026.11.24-aaaaaaa")
        .get().get();
    assertEquals("SKIPPED", stored.getString("status"));
    assertEquals("superseded by 2026.11.26-ccccccc", stored.getString("reason"));
  }

  @Test
  void everyHandledCommandIsRecordedOnceInFirestore() throws Exception {
    coordinator("northwind").onRelease(release("2026.11.25-aaaaaaa", 100, "billing"));
    Command approve = new Command(CommandType.APPROVE, "northwind", "2026.11.25-aaaaaaa", "", "ana@twosixty.com", "CAB 12");
    coordinator("northwind").onCommand(approve, "4711");
    coordinator("northwind").onCommand(approve, "4711"); // redelivered: answered again, recorded once
    coordinator("northwind").onCommand(new Command(CommandType.PIN, "northwind", "2026.01.01-0000000", "billing", "ops", ""), "4712");

    var commands = FIRESTORE.firestore().collection("clients").document("northwind").collection("commands").get().get().getDocuments();
    assertEquals(List.of("4711", "4712"), commands.stream().map(d -> d.getId()).sorted().toList());
    var approved = com.twosixty.relay.firestore.CommandDocument.from(commands.stream().filter(d -> d.getId().equals("4711"))
        .findFirst().orElseThrow());
    assertEquals("APPLIED", approved.outcome());
    assertEquals("TRIGGERED", approved.status());
    assertEquals("ana@twosixty.com", approved.by());
    assertEquals("CAB 12", approved.reason());
    var pin = com.twosixty.relay.firestore.CommandDocument.from(commands.stream().filter(d -> d.getId().equals("4712"))
        .findFirst().orElseThrow());
    assertEquals("REFUSED", pin.outcome());
    assertEquals("FAILED", pin.status());
    assertEquals("pin refused: release 2026.01.01-0000000 has not been seen by northwind", pin.outcomeReason());
  }

  static Stream<Arguments> clusterStates() {
    return Stream.of(
        Arguments.of(Cluster.Status.PROVISIONING, true),
        Arguments.of(Cluster.Status.RECONCILING, true),
        Arguments.of(Cluster.Status.STOPPING, false),
        Arguments.of(Cluster.Status.ERROR, false),
        Arguments.of(Cluster.Status.DEGRADED, false));
  }

  @ParameterizedTest(name = "cluster {0}: retry = {1}")
  @MethodSource("clusterStates")
  void clusterStatusDecidesBetweenRetryAndFailed(Cluster.Status status, boolean retry) {
    google.clusterIs(status);
    Release release = release("2026.11.25-aaaaaaa", 100, "billing");
    assertRetryOrFailed(retry, release);
  }

  static Stream<Arguments> apiErrors() {
    return Stream.of(
        Arguments.of("cluster", Status.Code.NOT_FOUND, false),
        Arguments.of("cluster", Status.Code.PERMISSION_DENIED, false),
        Arguments.of("cluster", Status.Code.UNAVAILABLE, true),
        Arguments.of("build", Status.Code.UNAVAILABLE, true),
        Arguments.of("build", Status.Code.DEADLINE_EXCEEDED, true),
        Arguments.of("build", Status.Code.RESOURCE_EXHAUSTED, true),
        Arguments.of("build", Status.Code.INVALID_ARGUMENT, false),
        Arguments.of("build", Status.Code.NOT_FOUND, false),
        Arguments.of("build", Status.Code.PERMISSION_DENIED, false));
  }

  @ParameterizedTest(name = "{0} API {1}: retry = {2}")
  @MethodSource("apiErrors")
  void apiErrorsDecideBetweenRetryAndFailed(String api, Status.Code code, boolean retry) {
    if (api.equals("cluster")) {
      google.clusterFailsWith(code);
    } else {
      google.buildsFailWith(code);
    }
    assertRetryOrFailed(retry, release("2026.11.25-aaaaaaa", 100, "billing"));
  }

  /** Retry: throws, no event, and the redelivery after recovery deploys once. Failed: FAILED event, acked. */
  private void assertRetryOrFailed(boolean retry, Release release) {
    if (retry) {
      assertThrows(TransientFailure.class, () -> coordinator("essence").onRelease(release));
      assertEquals(List.of(), statuses());
      google.clusterIs(Cluster.Status.RUNNING);
      google.buildsFailWith(null);
      coordinator("essence").onRelease(release);
      assertEquals(1, google.triggerRuns.size());
      assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
    } else {
      coordinator("essence").onRelease(release);
      assertEquals(0, google.triggerRuns.size());
      assertEquals(List.of(DeploymentStatus.FAILED), statuses());
      coordinator("essence").onRelease(release);
      assertEquals(0, google.triggerRuns.size(), "a failed deployment is not retried by redelivery");
    }
  }
}
