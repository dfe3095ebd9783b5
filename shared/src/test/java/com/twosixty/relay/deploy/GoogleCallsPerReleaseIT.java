package com.twosixty.relay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.twosixty.relay.build.CloudBuildRunner;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImagePolicy;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.gke.GkeClusterChecker;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.state.FirestoreCommandLog;
import com.twosixty.relay.state.FirestoreStateStore;
import com.twosixty.relay.testing.FirestoreEmulatorExtension;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.Mockito;
import org.mockito.invocation.Invocation;

/**
 * How many calls to Google's clients one release costs a warm client-deployer, by path: every
 * Firestore RPC (counted on the real emulator's gRPC channel), every GKE and Cloud Build call (their
 * clients are Mockito mocks: they have no emulator) and every Pub/Sub publish. Each call is CPU
 * that every client pays on every release (BENCHMARKS.md, fan-out); a change that adds one fails here.
 */
class GoogleCallsPerReleaseIT {
  private static final String PROJECT = "relay-hub";
  @RegisterExtension
  static final FirestoreEmulatorExtension FIRESTORE = new FirestoreEmulatorExtension(PROJECT, GoogleCallsPerReleaseIT::countingFirestore);
  private static final Clock WEDNESDAY = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  private static final Map<String, AtomicInteger> firestoreCalls = new ConcurrentHashMap<>();

  private GoogleClientMocks google;
  private final List<DeploymentEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger publishes = new AtomicInteger();
  /** Pub/Sub refuses every publish while set. */
  private final java.util.concurrent.atomic.AtomicBoolean pubSubDown = new java.util.concurrent.atomic.AtomicBoolean();
  private final EventPublisher publisher = (topic, message, key) -> {
    publishes.incrementAndGet();
    if (pubSubDown.get()) {
      throw new IllegalStateException("UNAVAILABLE: Pub/Sub is down");
    }
    events.add((DeploymentEvent) message);
    return "id";
  };

  /**
   * A release that deploys: the release document (a read, and a create by the first client to
   * receive it: Commit), the claim (BeginTransaction, one BatchGetDocuments of the deployment, client
   * and service documents, Commit; nothing is open and nothing unsent, so the client document's lists
   * of open deployments and of unsent outbox entries are empty and read no further), the cluster, the
   * build, its TRIGGERED event, and its recording (a read and a conditional write, no transaction).
   */
  private static final Map<String, Integer> DEPLOYS = Map.of(
      "firestore.BatchGetDocuments", 3,
      "firestore.BeginTransaction", 1,
      "firestore.Commit", 3,
      "gke.getCluster", 1,
      "cloudbuild.runBuildTrigger", 1,
      "pubsub.publish", 1);

  /**
   * A release skipped: the same up to the claim, without its query of
   * deployments in flight; its event (written by the claim to the outbox) published and marked sent
   * (Commit). No GKE call.
   */
  private static final Map<String, Integer> DEPLOYS_NOTHING = Map.of(
      "firestore.BatchGetDocuments", 2,
      "firestore.BeginTransaction", 1,
      "firestore.Commit", 3,
      "pubsub.publish", 1);

  /**
   * A release waiting for approval while an older one waits too: as one skipped, plus the claim's
   * read of the open deployments its client document lists (an older release waiting for approval
   * or its wave, which it may close, README "Waves"): one BatchGetDocuments more. With nothing open,
   * exactly as one skipped ({@link #DEPLOYS_NOTHING}).
   */
  private static final Map<String, Integer> AWAITS_APPROVAL = Map.of(
      "firestore.BatchGetDocuments", 3,
      "firestore.BeginTransaction", 1,
      "firestore.Commit", 3,
      "pubsub.publish", 1);

  @BeforeEach
  void reset() {
    google = new GoogleClientMocks();
  }

  /** The emulator's client as FirestoreClients builds it, with every RPC counted by method. */
  private static Firestore countingFirestore(String host) {
    ClientInterceptor counter = new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        firestoreCalls.computeIfAbsent("firestore." + method.getBareMethodName(), m -> new AtomicInteger()).incrementAndGet();
        return next.newCall(method, options);
      }
    };
    return FirestoreOptions.newBuilder().setProjectId(PROJECT).setDatabaseId("(default)")
        .setChannelProvider(InstantiatingGrpcChannelProvider.newBuilder().setEndpoint(host)
            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
            .setInterceptorProvider(() -> List.of(counter)).build())
        .setCredentialsProvider(FixedCredentialsProvider.create(new FirestoreOptions.EmulatorCredentials()))
        .build().getService();
  }

  private DeploymentCoordinator coordinator(String clientId) {
    ClientDefinition client = ClientDefinitions.loadFile(Path.of("..", "clients", clientId + ".yaml"));
    return new DeploymentCoordinator(client, ImagePolicy.parse("gcr.io/relay-hub/"), new FirestoreStateStore(FIRESTORE.firestore()),
        new FirestoreCommandLog(FIRESTORE.firestore()), GkeClusterChecker.over(google.clusters), CloudBuildRunner.over(google.cloudBuild),
        publisher, "deployments", WEDNESDAY);
  }

  /** The calls {@code delivery} made, by client and method; methods not called are left out. */
  private Map<String, Integer> calls(Runnable delivery) {
    Map<String, Integer> before = snapshot();
    delivery.run();
    Map<String, Integer> after = snapshot();
    Map<String, Integer> made = new TreeMap<>();
    after.forEach((call, count) -> {
      int n = count - before.getOrDefault(call, 0);
      if (n > 0) {
        made.put(call, n);
      }
    });
    return made;
  }

  private Map<String, Integer> snapshot() {
    Map<String, Integer> counts = new TreeMap<>();
    firestoreCalls.forEach((call, count) -> counts.put(call, count.get()));
    mockCalls("gke.", google.clusters, counts);
    mockCalls("cloudbuild.", google.cloudBuild, counts);
    counts.put("pubsub.publish", publishes.get());
    return counts;
  }

  /** Each call of a mocked client's method (or of the callable it hands out) is one RPC. */
  private static void mockCalls(String prefix, Object mock, Map<String, Integer> counts) {
    for (Invocation invocation : Mockito.mockingDetails(mock).getInvocations()) {
      counts.merge(prefix + invocation.getMethod().getName().replace("Callable", ""), 1, Integer::sum);
    }
  }

  private static Release release(String id, long sequence, String... services) {
    return DeploymentCoordinatorIT.release(id, sequence, services);
  }

  /**
   * As deploy-reporter records it when the build's SUCCESS arrives: the deployment is in flight no
   * more, and off its client's list of open deployments, in one commit.
   */
  private static void finished(String client, String deploymentId) throws Exception {
    com.google.cloud.firestore.WriteBatch batch = FIRESTORE.firestore().batch();
    batch.update(FIRESTORE.firestore().document("clients/" + client + "/deployments/" + deploymentId), "status", "SUCCEEDED");
    batch.set(FIRESTORE.firestore().document("clients/" + client), com.twosixty.relay.firestore.ClientDocument.openDeployment(deploymentId, false),
        com.google.cloud.firestore.SetOptions.merge());
    batch.commit().get();
  }

  private List<DeploymentStatus> statuses() {
    return events.stream().map(DeploymentEvent::status).toList();
  }

  @Test
  void aReleaseThatDeploys() throws Exception {
    coordinator("essence").onRelease(release("2026.11.24-aaaaaaa", 100, "billing", "portal"));
    finished("essence", "2026.11.24-aaaaaaa");

    Map<String, Integer> calls = calls(() -> coordinator("essence").onRelease(release("2026.11.25-bbbbbbb", 200, "billing", "portal")));

    assertEquals(List.of(DeploymentStatus.TRIGGERED, DeploymentStatus.TRIGGERED), statuses());
    assertEquals(DEPLOYS, calls);
  }

  @Test
  void aReleaseThatDeploysAndOvertakesABuildStillRunning() {
    coordinator("essence").onRelease(release("2026.11.24-aaaaaaa", 100, "billing", "portal"));

    Map<String, Integer> calls = calls(() -> coordinator("essence").onRelease(release("2026.11.25-bbbbbbb", 200, "billing", "portal")));

    assertEquals(List.of("run build-1 (2026.11.24-aaaaaaa)", "cancel build-1", "run build-2 (2026.11.25-bbbbbbb)"), google.calls);
    Map<String, Integer> expected = new TreeMap<>(DEPLOYS);
    expected.put("cloudbuild.cancelBuild", 1);
    expected.put("firestore.BatchGetDocuments", 4); // the claim reads the older deployment its client document lists
    assertEquals(expected, calls);
  }

  @Test
  void aReleaseSkippedAsNotNewer() throws Exception {
    coordinator("essence").onRelease(release("2026.11.25-bbbbbbb", 200, "billing"));
    finished("essence", "2026.11.25-bbbbbbb");

    Map<String, Integer> calls = calls(() -> coordinator("essence").onRelease(release("2026.11.24-aaaaaaa", 100, "billing")));

    assertEquals(List.of(DeploymentStatus.TRIGGERED, DeploymentStatus.SKIPPED), statuses());
    assertEquals(DEPLOYS_NOTHING, calls);
  }

  /**
   * A release after one whose event could not be published: its claim finds that event listed
   * unsent on the client document, one BatchGetDocuments reads it (no query of the outbox), and it
   * goes out before the new release's own; one Commit marks it sent and takes it off the list.
   */
  @Test
  void aReleaseAfterOneWhoseEventWasNotPublished() throws Exception {
    coordinator("essence").onRelease(release("2026.11.25-bbbbbbb", 200, "billing"));
    finished("essence", "2026.11.25-bbbbbbb");
    pubSubDown.set(true);
    assertThrows(TransientFailure.class, () -> coordinator("essence").onRelease(release("2026.11.24-aaaaaaa", 100, "billing")));
    assertEquals(1, unsentListed("essence").size(), "its SKIPPED event, listed unsent");
    pubSubDown.set(false);
    events.clear();

    Map<String, Integer> calls = calls(() -> coordinator("essence").onRelease(release("2026.11.26-ccccccc", 300, "billing")));

    assertEquals(List.of(DeploymentStatus.SKIPPED, DeploymentStatus.TRIGGERED), statuses(), "the earlier event first");
    Map<String, Integer> expected = new TreeMap<>(DEPLOYS);
    expected.merge("firestore.BatchGetDocuments", 1, Integer::sum);
    expected.merge("firestore.Commit", 1, Integer::sum);
    expected.merge("pubsub.publish", 1, Integer::sum);
    assertEquals(expected, calls);
    assertEquals(Map.of(), unsentListed("essence"));
  }

  /**
   * A client document written before the list of unsent entries was kept: the first release queries
   * the outbox (RunQuery), finds nothing and marks the list kept (one Commit); the next makes neither.
   */
  @Test
  void aClientDocumentFromBeforeTheListIsQueriedOnceThenListed() throws Exception {
    coordinator("essence").onRelease(release("2026.11.24-aaaaaaa", 100, "billing", "portal"));
    finished("essence", "2026.11.24-aaaaaaa");
    FIRESTORE.firestore().document("clients/essence")
        .update(com.twosixty.relay.firestore.ClientDocument.UNSENT_EVENTS_TRACKED, com.google.cloud.firestore.FieldValue.delete()).get();

    Map<String, Integer> first = calls(() -> coordinator("essence").onRelease(release("2026.11.25-bbbbbbb", 200, "billing", "portal")));
    finished("essence", "2026.11.25-bbbbbbb");
    Map<String, Integer> second = calls(() -> coordinator("essence").onRelease(release("2026.11.26-ccccccc", 300, "billing", "portal")));

    Map<String, Integer> queried = new TreeMap<>(DEPLOYS);
    queried.put("firestore.RunQuery", 1);
    queried.merge("firestore.Commit", 1, Integer::sum);
    assertEquals(queried, first, "the outbox's query, and the write that marks the list kept");
    assertEquals(DEPLOYS, second);
  }

  /**
   * A release skipped on a client document from before the list: its claim records its SKIPPED
   * event, the query after the claim finds that entry, and the delivery sends it once, as its own
   * (not as an earlier delivery's); the list is not marked kept while the query finds anything.
   */
  @Test
  void aReleaseSkippedOnAClientDocumentFromBeforeTheListSendsItsOwnEventOnce() throws Exception {
    coordinator("essence").onRelease(release("2026.11.25-bbbbbbb", 200, "billing"));
    finished("essence", "2026.11.25-bbbbbbb");
    FIRESTORE.firestore().document("clients/essence")
        .update(com.twosixty.relay.firestore.ClientDocument.UNSENT_EVENTS_TRACKED, com.google.cloud.firestore.FieldValue.delete()).get();
    events.clear();

    Map<String, Integer> calls = calls(() -> coordinator("essence").onRelease(release("2026.11.24-aaaaaaa", 100, "billing")));

    assertEquals(List.of(DeploymentStatus.SKIPPED), statuses());
    Map<String, Integer> queried = new TreeMap<>(DEPLOYS_NOTHING);
    queried.put("firestore.RunQuery", 1);
    assertEquals(queried, calls);
    assertEquals(Map.of(), unsentListed("essence"), "sent and marked");
    assertEquals(null, FIRESTORE.firestore().document("clients/essence").get().get()
        .get(com.twosixty.relay.firestore.ClientDocument.UNSENT_EVENTS_TRACKED));
  }

  /** The client document's list of unsent outbox entries, each id mapped to true. */
  private static Map<String, Object> unsentListed(String client) throws Exception {
    Object listed = FIRESTORE.firestore().document("clients/" + client).get().get()
        .get(com.twosixty.relay.firestore.ClientDocument.UNSENT_EVENTS);
    return listed == null ? Map.of() : (Map<String, Object>) listed;
  }

  @Test
  void aReleaseAwaitingApproval() {
    coordinator("northwind").onRelease(release("2026.11.24-aaaaaaa", 100, "billing"));

    Map<String, Integer> calls = calls(() -> coordinator("northwind").onRelease(release("2026.11.25-bbbbbbb", 200, "billing")));

    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL, DeploymentStatus.AWAITING_APPROVAL), statuses());
    assertEquals(AWAITS_APPROVAL, calls);
  }

  @Test
  void aReleaseAwaitingApprovalWithNothingOpen() {
    Map<String, Integer> calls = calls(() -> coordinator("northwind").onRelease(release("2026.11.25-bbbbbbb", 200, "billing")));

    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL), statuses());
    assertEquals(DEPLOYS_NOTHING, calls);
  }

  /**
   * A rollback that marks the release it leaves ROLLED_BACK reads that release's deployment in the
   * claim's one BatchGetDocuments: the same reads as a rollback with nothing to mark, plus the
   * publish of its ROLLED_BACK event and the Commit that marks it sent.
   */
  @Test
  void aRollbackThatMarksTheReleaseItLeavesReadsNoMore() throws Exception {
    Command rollback = new Command(CommandType.ROLLBACK, "essence", "", "billing", "ops", "");
    DeploymentCoordinatorIT.billingRunsBOverA(FIRESTORE.firestore(), false);
    Map<String, Integer> nothingToMark = calls(() -> coordinator("essence").onCommand(rollback, "m1"));
    FIRESTORE.reset();
    events.clear();
    DeploymentCoordinatorIT.billingRunsBOverA(FIRESTORE.firestore(), true);

    Map<String, Integer> marking = calls(() -> coordinator("essence").onCommand(rollback, "m1"));

    assertEquals(List.of(DeploymentStatus.ROLLED_BACK, DeploymentStatus.TRIGGERED), statuses());
    Map<String, Integer> expected = new TreeMap<>(nothingToMark);
    expected.merge("pubsub.publish", 1, Integer::sum);
    expected.merge("firestore.Commit", 1, Integer::sum);
    assertEquals(expected, marking);
    assertEquals(2, marking.get("firestore.BatchGetDocuments"), "the claim's one batch read, and the build's recording");
  }

  @Test
  void aDuplicateDelivery() {
    Release release = release("2026.11.25-bbbbbbb", 200, "billing");
    coordinator("essence").onRelease(release);

    Map<String, Integer> calls = calls(() -> coordinator("essence").onRelease(release));

    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
    assertEquals(Map.of(
        "firestore.BatchGetDocuments", 2, // the release document; the claim's reads
        "firestore.BeginTransaction", 1,
        "firestore.Commit", 1), calls); // the claim, which found the deployment done
  }
}
