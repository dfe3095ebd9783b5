package com.twosixty.relay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.firestore.SetOptions;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.ClientDocument;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.testing.FirestoreEmulatorExtension;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claim's list of a client's open deployments ({@link ClientDocument#OPEN_DEPLOYMENTS}) on the
 * real Firestore emulator: kept by every write that opens or closes a deployment, read by id instead
 * of queried, and built once by a query for a client document written before it was kept.
 */
class FirestoreStateStoreIT {
  private static final String PROJECT = "relay-hub";
  @RegisterExtension
  static final FirestoreEmulatorExtension FIRESTORE = new FirestoreEmulatorExtension(PROJECT);
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String DIGEST = "sha256:" + "b".repeat(64);


  private FirestoreStateStore store;

  @BeforeEach
  void reset() {
    store = new FirestoreStateStore(FIRESTORE.firestore());
  }

  private static DeploymentDraft release(String releaseId, long sequence, String... services) {
    Map<String, ServiceVersion> candidates = new java.util.HashMap<>();
    for (String service : services) {
      candidates.put(service, new ServiceVersion(releaseId, sequence, "gcr.io/relay-hub/" + service, DIGEST));
    }
    return new DeploymentDraft(releaseId, releaseId, sequence, DeploymentKind.RELEASE, candidates);
  }

  private static Function<com.twosixty.relay.planner.ClientState, Plan> deploying(String... services) {
    return state -> new Plan(java.util.Arrays.stream(services).map(ServiceDecision::deploy).toList());
  }

  private static DocumentReference clientRef(String client) {
    return FIRESTORE.firestore().collection(ClientDocument.COLLECTION).document(client);
  }

  private static DocumentReference deploymentRef(String client, String id) {
    return clientRef(client).collection(ClientDocument.DEPLOYMENTS).document(id);
  }

  private static Optional<Set<String>> listed(String client) throws Exception {
    return ClientDocument.from(clientRef(client).get().get()).openDeployments();
  }

  private static String status(String client, String id) throws Exception {
    return deploymentRef(client, id).get().get().getString(DeploymentDocument.STATUS);
  }

  @Test
  void everyWriteThatOpensOrClosesADeploymentKeepsTheListAndTheClaimPrunesWhatItFindsClosed() throws Exception {
    store.claim("essence", release("r1", 100, "billing"), deploying("billing"), false, NOW);
    assertEquals(Optional.of(Set.of("r1")), listed("essence"), "the claim lists what it plans");
    store.markTriggered("essence", "r1", "build-1", NOW);
    assertEquals(Optional.of(Set.of("r1")), listed("essence"));

    Claim newer = store.claim("essence", release("r2", 200, "billing"), deploying("billing"), false, NOW);
    assertEquals(List.of("r1"), assertInstanceOf(Claim.Planned.class, newer).overtaken().stream()
        .map(DeploymentDocument::deploymentId).toList(), "read by id, r1 in flight is overtaken");
    assertEquals(Optional.of(Set.of("r1", "r2")), listed("essence"), "r1's build runs until its cancel is recorded");

    store.markFailed("essence", "r2", "could not start", NOW);
    assertEquals(Optional.of(Set.of("r1")), listed("essence"));
    // r1 ends without its end reaching the list (a writer before this change): the next claim that reads the list prunes it.
    deploymentRef("essence", "r1").update(DeploymentDocument.STATUS, DeploymentStatus.SUCCEEDED.name()).get();

    store.claim("essence", release("r3", 300, "portal"),
        state -> new Plan(List.of(ServiceDecision.awaitApproval("portal"))), false, NOW);
    assertEquals(Optional.of(Set.of("r3")), listed("essence"), "r1 pruned, r3 waits for approval");
    store.reject("essence", "r3", "not today", "m1", NOW);
    assertEquals(Optional.of(Set.of()), listed("essence"));
    assertEquals("SKIPPED", status("essence", "r3"));
  }

  @Test
  void aClientDocumentWrittenBeforeTheListIsKeptIsQueriedOnceAndTheListWritten() throws Exception {
    // As an older client-deployer left it: the client document without the list, a build in flight.
    clientRef("essence").set(ClientDocument.created("essence", NOW)).get();
    DeploymentDocument older = release("r1", 100, "billing").planned("essence", new Plan(List.of(ServiceDecision.deploy("billing"))), NOW);
    deploymentRef("essence", "r1").set(older.toMap()).get();
    deploymentRef("essence", "r1").update(DeploymentDocument.triggered("build-1", true, NOW)).get();
    // A blind write of the new code (deploy-reporter recording a STARTED) lists one id, not the whole list.
    clientRef("essence").set(ClientDocument.openDeployment("other", true), SetOptions.merge()).get();
    assertEquals(Optional.empty(), listed("essence"));

    Claim claim = store.claim("essence", release("r2", 200, "billing"), deploying("billing"), false, NOW);

    assertEquals(List.of("r1"), assertInstanceOf(Claim.Planned.class, claim).overtaken().stream()
        .map(DeploymentDocument::deploymentId).toList(), "one deploy at a time holds across the upgrade");
    assertEquals(Optional.of(Set.of("r1", "r2")), listed("essence"), "the query's result and the claim's own, whole");
  }

  @Test
  void aClaimThatPlansNothingReadsNoOpenDeploymentAndAClientNeverSeenHasNone() throws Exception {
    store.claim("acme", release("r1", 100, "billing"),
        state -> new Plan(List.of(ServiceDecision.skip("billing", ServiceDecision.PINNED))), false, NOW);
    assertEquals(Optional.of(Set.of()), listed("acme"), "the first claim creates the client with an empty list");
    assertEquals("acme", clientRef("acme").get().get().getString(ClientDocument.ID));
  }

  /**
   * Claims on two clients in transactions that overlap: acme's claim has read everything (its open
   * deployments too) and its commit is held (a gRPC interceptor on its client's channel) until
   * essence's claim returned; essence's claim (its reads, its open deployments, its commit)
   * completes meanwhile, and neither transaction is aborted and run again (each planner runs once).
   * With the query of open deployments, the emulator's lock for it reached beyond acme's collection
   * and essence's claim waited for acme's transaction (BENCHMARKS.md, fan-out).
   */
  @Test
  void claimsOnTwoClientsInOverlappingTransactionsDoNotWaitOnEachOther() throws Exception {
    for (String client : List.of("acme", "essence")) {
      store.claim(client, release("r1", 100, "billing"), deploying("billing"), false, NOW);
      store.markTriggered(client, "r1", "build-" + client, NOW);
    }
    CountDownLatch acmeCommitting = new CountDownLatch(1);
    CountDownLatch essenceClaimed = new CountDownLatch(1);
    AtomicBoolean essenceCommittedWhileAcmeOpen = new AtomicBoolean();
    AtomicInteger acmePlans = new AtomicInteger();
    AtomicInteger essencePlans = new AtomicInteger();
    ClientInterceptor holdAcmesCommit = new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void sendMessage(Q message) {
            if (method.getBareMethodName().equals("Commit") && message.toString().contains("/clients/acme/")
                && acmeCommitting.getCount() > 0) {
              acmeCommitting.countDown();
              try {
                essenceCommittedWhileAcmeOpen.set(essenceClaimed.await(30, TimeUnit.SECONDS));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            super.sendMessage(message);
          }
        };
      }
    };
    try (Firestore acmeFirestore = FirestoreOptions.newBuilder().setProjectId(PROJECT).setDatabaseId("(default)")
        .setChannelProvider(InstantiatingGrpcChannelProvider.newBuilder().setEndpoint(FIRESTORE.host())
            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
            .setInterceptorProvider(() -> List.of(holdAcmesCommit)).build())
        .setCredentialsProvider(FixedCredentialsProvider.create(new FirestoreOptions.EmulatorCredentials()))
        .build().getService()) {
      CompletableFuture<Claim> acme = CompletableFuture.supplyAsync(() ->
          new FirestoreStateStore(acmeFirestore).claim("acme", release("r2", 200, "billing"), state -> {
            acmePlans.incrementAndGet();
            return deploying("billing").apply(state);
          }, false, NOW));
      assertTrue(acmeCommitting.await(30, TimeUnit.SECONDS), "acme's claim reached its commit");
      Claim essence = new FirestoreStateStore(FIRESTORE.firestore()).claim("essence", release("r2", 200, "billing"), state -> {
        essencePlans.incrementAndGet();
        return deploying("billing").apply(state);
      }, false, NOW);
      essenceClaimed.countDown();

      assertInstanceOf(Claim.Planned.class, essence);
      assertInstanceOf(Claim.Planned.class, acme.get(60, TimeUnit.SECONDS));
    }
    assertTrue(essenceCommittedWhileAcmeOpen.get(), "essence's claim committed while acme's transaction was open");
    assertEquals(1, acmePlans.get(), "acme's transaction was never aborted and run again");
    assertEquals(1, essencePlans.get(), "essence's transaction was never aborted and run again");
    assertEquals(Optional.of(Set.of("r1", "r2")), listed("acme"));
    assertEquals(Optional.of(Set.of("r1", "r2")), listed("essence"));
  }
}
