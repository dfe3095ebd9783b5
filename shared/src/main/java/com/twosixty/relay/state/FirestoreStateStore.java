package com.twosixty.relay.state;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.Transaction;
import com.google.common.util.concurrent.MoreExecutors;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.firestore.ClientDocument;
import com.twosixty.relay.firestore.ClientTransactions;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.FirestoreCalls;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.ReleaseDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ClientState;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.pubsub.FirestoreOutbox;
import com.twosixty.relay.pubsub.OutboxEntry;
import com.google.cloud.firestore.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/** {@link StateStore} on Firestore, in the layout the README documents. */
public final class FirestoreStateStore implements StateStore {
  /**
   * How long a claimant may take from planning to a started build before a redelivery takes over:
   * longer than RunBuildTrigger takes, short enough for a redelivery to wait it out.
   */
  public static final Duration LEASE = Duration.ofSeconds(15);
  /** Reads and conditional writes of one document before a delivery gives up and is redelivered. */
  private static final int MAX_UNCHANGED_ATTEMPTS = 5;

  private final Firestore db;
  private final Duration lease;
  private final String owner = UUID.randomUUID().toString();
  private final ClientTransactions transactions;
  private final FirestoreOutbox outbox;

  public FirestoreStateStore(Firestore db) {
    this(db, LEASE);
  }

  public FirestoreStateStore(Firestore db, Duration lease) {
    this.db = db;
    this.lease = lease;
    this.transactions = new ClientTransactions(db);
    this.outbox = new FirestoreOutbox(db);
  }

  private DocumentReference client(String client) {
    return db.collection(ClientDocument.COLLECTION).document(client);
  }

  private DocumentReference deploymentRef(String client, String deploymentId) {
    return client(client).collection(ClientDocument.DEPLOYMENTS).document(deploymentId);
  }

  private DocumentReference serviceRef(String client, String service) {
    return client(client).collection(ClientDocument.SERVICES).document(service);
  }

  @Override
  public Claim claim(String client, DeploymentDraft draft, Function<ClientState, Plan> planner, boolean approving, Instant now) {
    return claim(client, draft, planner, approving, now, listed -> {});
  }

  @Override
  public Claim claim(String client, DeploymentDraft draft, Function<ClientState, Plan> planner, boolean approving,
      Instant now, Consumer<Optional<Set<String>>> unsentListed) {
    DocumentReference ref = deploymentRef(client, draft.deploymentId());
    DocumentReference clientRef = client(client);
    List<DocumentReference> reads = new ArrayList<>(List.of(ref, clientRef));
    draft.candidates().keySet().forEach(service -> reads.add(serviceRef(client, service)));
    // A rollback reads the deployments of the releases it expects to roll back from in the same round trip.
    draft.rollsBackFrom().stream().filter(id -> !id.isEmpty() && !id.equals(draft.deploymentId()))
        .distinct().forEach(id -> reads.add(deploymentRef(client, id)));
    return transaction("claiming deployment " + client + "/" + draft.deploymentId(), client, tx -> {
      // Everything the claim reads in one round trip: a release reaches every client at once, and
      // each round trip is paid by all of them (BENCHMARKS.md, fan-out).
      Map<String, DocumentSnapshot> read = new HashMap<>();
      for (DocumentSnapshot snapshot : tx.getAll(reads.toArray(DocumentReference[]::new)).get()) {
        read.put(snapshot.getReference().getPath(), snapshot);
      }
      DocumentSnapshot existing = read.get(ref.getPath());
      DocumentSnapshot clientDoc = read.get(clientRef.getPath());
      unsentListed.accept(ClientDocument.unsentEvents(clientDoc));
      OpenDeployments open = new OpenDeployments(tx, client, clientDoc, read);
      DeploymentDocument existingDocument = DeploymentDocument.from(existing);
      Optional<DeploymentDocument> stored = existing.exists() ? Optional.of(existingDocument.requireKnown()) : Optional.empty();
      Optional<Claim> decided = Claims.decide(stored, Instant.ofEpochMilli(existingDocument.leaseUntil()), now, approving);
      if (decided.isPresent()) {
        if (decided.get() instanceof Claim.Resumed resumed) {
          Claim claim = resumed.deployment().services().isEmpty() ? resumed
              : Claims.overtaking(resumed, OneDeployAtATime.decide(resumed.deployment(), open.documents(), now));
          if (claim instanceof Claim.Resumed taken) {
            tx.update(ref, DeploymentDocument.leaseRenewed(owner, now.plus(lease), now));
            open.opened(taken.deployment().deploymentId());
            closeOvertaken(tx, client, taken.deployment(), taken.overtaken(), now, open);
            open.write(clientRef, false, now);
          }
          return claim;
        }
        return decided.get();
      }
      ClientDocument clientDocument = ClientDocument.from(clientDoc);
      Map<String, ServiceVersion> targets = new HashMap<>();
      for (String service : draft.candidates().keySet()) {
        ServiceDocument.from(read.get(serviceRef(client, service).getPath())).targetVersion()
            .ifPresent(target -> targets.put(service, target));
      }
      ClientState state = new ClientState(targets, new HashMap<>(clientDocument.pins()), clientDocument.frozen());
      Plan plan = planner.apply(state);
      if (Claims.stillWaiting(stored, plan)) {
        return new Claim.Duplicate(stored.get());
      }
      // Deployments still open here (in flight, waiting for approval or for their wave), read only
      // when this claim plans something beyond skips: what it overtakes, closes or comes behind.
      // By id, as the client document lists them (OpenDeployments): no query, and no call when none is open.
      List<DeploymentDocument> opened = plansAnything(plan) ? open.documents() : List.of();
      if (ownRelease(draft, approving)) {
        plan = Supersession.behindWaiting(plan, draft.releaseId(), draft.sequence(), opened);
      }
      DeploymentDocument deployment = draft.planned(client, plan, now);
      OneDeployAtATime.Overtaking overtaking = plan.deploysAnything()
          ? OneDeployAtATime.decide(deployment, opened, now) : OneDeployAtATime.Overtaking.NONE;
      if (overtaking.waitFor().isPresent()) {
        return Claims.overtaking(new Claim.Planned(deployment), overtaking);
      }
      plan = OneDeployAtATime.withCarriedOver(plan, overtaking.carriedOver());
      deployment = OneDeployAtATime.withCarriedOver(draft, overtaking.carriedOver()).planned(client, plan, now);
      List<DeploymentDocument> superseded = plansAnything(plan)
          ? superseded(tx, client, deployment, opened, draft.candidates().keySet(), targets, now) : List.of();
      List<Rollbacks.Marked> rolledBack = plan.deploysAnything() && !Claims.resumes(stored)
          ? rolledBack(tx, client, draft, plan, targets, read, now) : List.of();
      if (plan.deploysAnything()) {
        deployment = deployment.leased(owner, now.plus(lease));
      }
      Map<String, Object> doc = deployment.toMap();
      if (existing.exists()) {
        doc.remove(DeploymentDocument.CREATED_AT);
        tx.set(ref, doc, SetOptions.merge());
      } else {
        tx.set(ref, doc);
      }
      for (ServiceDecision decision : plan.decisions()) {
        if (decision.action() == ServiceDecision.Action.SKIP) {
          continue;
        }
        Map<String, Object> update = new HashMap<>();
        update.put(ServiceDocument.SERVICE, decision.service());
        update.put(ServiceDocument.LAST, last(plan.status(), draft.releaseId(), decision.reason(), "", "", now));
        if (decision.action() == ServiceDecision.Action.DEPLOY) {
          update.put(ServiceDocument.TARGET, new ServiceDocument.Target(deployment.images().get(decision.service()),
              draft.deploymentId(), now.toString()).toMap());
        }
        tx.set(serviceRef(client, decision.service()), update, SetOptions.merge());
      }
      open.track(deployment);
      for (DeploymentDocument closed : superseded) {
        tx.update(deploymentRef(client, closed.deploymentId()),
            DeploymentDocument.rejected(closed.deploymentStatus(), closed.reason(), now));
        open.closed(closed.deploymentId());
      }
      closeOvertaken(tx, client, deployment, overtaking.overtaken(), now, open);
      for (Rollbacks.Marked marked : rolledBack) {
        tx.update(deploymentRef(client, marked.deployment().deploymentId()),
            DeploymentDocument.rolledBack(marked.deployment().reason(), now));
        open.closed(marked.deployment().deploymentId());
      }
      open.write(clientRef, !clientDoc.exists(), now);
      Claim claimed = Claims.planned(Claims.resumes(stored), deployment, superseded, overtaking.overtaken());
      if (claimed instanceof Claim.Planned planned && !rolledBack.isEmpty()) {
        claimed = planned.withRolledBack(rolledBack);
      }
      outbox.record(tx, client, StateEvents.claimed(client, claimed), now);
      return claimed;
    });
  }

  /** Whether a plan deploys, asks for approval or waits for its wave: only then does its claim read the open deployments. */
  static boolean plansAnything(Plan plan) {
    return plan.decisions().stream().anyMatch(d -> d.action() != ServiceDecision.Action.SKIP);
  }

  /**
   * A release's own deployment, delivered (or woken), not approved: it comes behind a newer release
   * waiting here ({@link Supersession#behindWaiting}). An approval is the operator's word and deploys.
   */
  static boolean ownRelease(DeploymentDraft draft, boolean approving) {
    return !approving && draft.kind() == com.twosixty.relay.contract.DeploymentKind.RELEASE
        && draft.deploymentId().equals(draft.releaseId());
  }

  /**
   * Inside a claim that plans something, after its reads and before its writes: the deployments of
   * this client waiting for approval or their wave ({@code open}, read with those in flight) that it
   * overtakes ({@link Supersession}); the targets of services the claim did not read are read here.
   */
  private List<DeploymentDocument> superseded(Transaction tx, String client, DeploymentDocument claimed,
      List<DeploymentDocument> open, Set<String> read, Map<String, ServiceVersion> targets, Instant now) throws Exception {
    List<DeploymentDocument> waiting = new ArrayList<>();
    for (DeploymentDocument deployment : open) {
      if (deployment.hasStatus(DeploymentStatus.AWAITING_APPROVAL) || deployment.hasStatus(DeploymentStatus.WAITING_FOR_WAVE)) {
        waiting.add(deployment.requireKnown());
      }
    }
    if (waiting.isEmpty()) {
      return List.of();
    }
    Map<String, ServiceVersion> known = new HashMap<>(targets);
    List<DocumentReference> more = waiting.stream().flatMap(w -> Supersession.awaited(w).stream()).distinct()
        .filter(service -> !read.contains(service)).map(service -> serviceRef(client, service)).toList();
    if (!more.isEmpty()) {
      for (DocumentSnapshot snapshot : tx.getAll(more.toArray(DocumentReference[]::new)).get()) {
        ServiceDocument.from(snapshot).targetVersion().ifPresent(target -> known.put(snapshot.getId(), target));
      }
    }
    return Supersession.closedBy(claimed, waiting, Supersession.targetsAfter(known, claimed), now);
  }

  /**
   * Inside a claim that deploys, after its reads and before its writes: the deployments of the
   * releases a rollback moves its services off ({@link Rollbacks}), as they are to be stored. Each
   * was read with the claim's other documents, unless its service's target moved to it after the
   * caller read the services: that one is read here.
   */
  private List<Rollbacks.Marked> rolledBack(Transaction tx, String client, DeploymentDraft draft, Plan plan,
      Map<String, ServiceVersion> targets, Map<String, DocumentSnapshot> read, Instant now) throws Exception {
    Map<String, List<String>> from = Rollbacks.from(draft.kind(), Rollbacks.deployed(draft, plan), targets);
    Map<String, Optional<DeploymentDocument>> stored = new HashMap<>();
    for (String releaseId : from.keySet()) {
      DocumentReference releaseRef = deploymentRef(client, releaseId);
      DocumentSnapshot snapshot = read.get(releaseRef.getPath());
      if (snapshot == null) {
        snapshot = tx.get(releaseRef).get();
      }
      stored.put(releaseId, snapshot.exists() ? Optional.of(DeploymentDocument.from(snapshot)) : Optional.empty());
    }
    return Rollbacks.marked(draft.deploymentId(), from, stored::get, now);
  }

  /**
   * The client's open deployments ({@link DeploymentDocument#OPEN}) inside a claim: those that wait
   * for approval or their wave ({@link Supersession}) or whose builds may be starting or running
   * ({@link OneDeployAtATime}), read by the ids {@link ClientDocument#OPEN_DEPLOYMENTS} lists, and
   * the list as the claim leaves it, written in the claim's commit.
   *
   * <p>Read only when asked ({@link #documents}): by id, in one BatchGetDocuments of the ones the
   * claim has not read already, and with no call at all when none is listed. Document reads, not a
   * query: the emulator's lock for a transactional query reaches beyond the client's own collection,
   * so that 50 clients' claims waited on each other (BENCHMARKS.md, fan-out). A listed id whose
   * deployment is closed (or gone) is pruned. A client document written before Relay kept the list
   * ({@link ClientDocument#OPEN_DEPLOYMENTS_TRACKED} not set) falls back to the query of the open
   * statuses, once: the claim writes what it found as the list. A client document that does not exist
   * has no deployments (the first claim creates it, and always has).
   */
  private final class OpenDeployments {
    private final Transaction tx;
    private final String client;
    private final boolean clientExists;
    private final Optional<Set<String>> listed;
    private final Map<String, DocumentSnapshot> read;
    /** The list as the claim leaves it; null while unknown (not kept yet, and not queried). */
    private Set<String> ids;
    private List<DeploymentDocument> documents;

    OpenDeployments(Transaction tx, String client, DocumentSnapshot clientDoc, Map<String, DocumentSnapshot> read) {
      this.tx = tx;
      this.client = client;
      this.clientExists = clientDoc.exists();
      this.listed = clientExists ? ClientDocument.from(clientDoc).openDeployments() : Optional.of(Set.of());
      this.read = read;
      this.ids = listed.<Set<String>>map(LinkedHashSet::new).orElse(null);
    }

    List<DeploymentDocument> documents() throws Exception {
      if (documents != null) {
        return documents;
      }
      documents = new ArrayList<>();
      if (listed.isEmpty()) {
        for (QueryDocumentSnapshot snapshot : tx.get(client(client).collection(ClientDocument.DEPLOYMENTS)
            .whereIn(DeploymentDocument.STATUS, DeploymentDocument.OPEN.stream().<Object>map(Enum::name).toList()))
            .get().getDocuments()) {
          documents.add(DeploymentDocument.from(snapshot));
        }
        ids = new LinkedHashSet<>();
        documents.forEach(d -> ids.add(d.deploymentId()));
        return documents;
      }
      Map<String, DocumentSnapshot> snapshots = new LinkedHashMap<>();
      List<DocumentReference> more = new ArrayList<>();
      for (String id : listed.get()) {
        DocumentReference deploymentRef = deploymentRef(client, id);
        DocumentSnapshot known = read.get(deploymentRef.getPath());
        if (known != null) {
          snapshots.put(id, known);
        } else {
          more.add(deploymentRef);
        }
      }
      if (!more.isEmpty()) {
        for (DocumentSnapshot snapshot : tx.getAll(more.toArray(DocumentReference[]::new)).get()) {
          snapshots.put(snapshot.getId(), snapshot);
        }
      }
      snapshots.forEach((id, snapshot) -> {
        DeploymentDocument deployment = DeploymentDocument.from(snapshot);
        if (deployment.isOpen()) {
          documents.add(deployment);
        } else if (!snapshot.exists() || deployment.knownStatus().isPresent()) {
          ids.remove(id);
        }
      });
      return documents;
    }

    void opened(String deploymentId) {
      if (ids != null) {
        ids.add(deploymentId);
      }
    }

    void closed(String deploymentId) {
      if (ids != null) {
        ids.remove(deploymentId);
      }
    }

    /** The claimed deployment as it is stored: listed while open, else not. */
    void track(DeploymentDocument deployment) {
      if (deployment.isOpen()) {
        opened(deployment.deploymentId());
      } else {
        closed(deployment.deploymentId());
      }
    }

    /**
     * One write of the client document when anything changed: the list whole (the claim read the
     * document in this transaction, so it is the list as stored plus the claim's changes), and the
     * client's first fields when the document does not exist yet.
     */
    void write(DocumentReference clientRef, boolean create, Instant now) {
      Map<String, Object> fields = new HashMap<>();
      List<String> mask = new ArrayList<>();
      if (create) {
        // A new client has no outbox yet: each entry it gets is listed from the first.
        fields.putAll(ClientDocument.created(client, now));
        fields.putAll(ClientDocument.unsentEventsTracked());
        mask.addAll(fields.keySet());
      }
      if (ids != null && (!clientExists || listed.isEmpty() || !ids.equals(listed.get()))) {
        fields.putAll(ClientDocument.openDeployments(ids));
        mask.addAll(ClientDocument.OPEN_DEPLOYMENTS_FIELDS);
      }
      if (!fields.isEmpty()) {
        tx.set(clientRef, fields, SetOptions.mergeFields(mask));
      }
    }
  }

  /** An overtaken deployment that never recorded a build is closed, so that no redelivery starts it after the newer one. */
  private void closeOvertaken(Transaction tx, String client, DeploymentDocument claimed, List<DeploymentDocument> overtaken,
      Instant now, OpenDeployments open) {
    for (DeploymentDocument older : overtaken) {
      if (older.hasStatus(DeploymentStatus.PLANNED)) {
        tx.update(deploymentRef(client, older.deploymentId()), OneDeployAtATime.closed(older, claimed.releaseId(), now));
        open.closed(older.deploymentId());
      }
    }
  }

  /**
   * Without a transaction: one read, and one atomic batch that applies only while the deployment is
   * still as read (its update time). That is the transaction's guarantee for the one document it
   * reads, in two calls instead of three (no BeginTransaction), on every release that deploys.
   * Changed in between (the build's own notifications came first), it reads again.
   */
  @Override
  public void markTriggered(String client, String deploymentId, String buildId, Instant now) {
    DocumentReference ref = deploymentRef(client, deploymentId);
    String what = "recording the build of " + client + "/" + deploymentId;
    for (int attempt = 1; ; attempt++) {
      DocumentSnapshot snapshot = FirestoreCalls.await(what, ref.get());
      DeploymentDocument deployment = DeploymentDocument.from(snapshot).requireKnown();
      // The build's own notifications may have overtaken us: never move the status back.
      boolean moveToTriggered = deployment.hasStatus(DeploymentStatus.PLANNED);
      WriteBatch batch = db.batch();
      if (moveToTriggered) {
        for (String service : deployment.services()) {
          batch.set(serviceRef(client, service), Map.of(ServiceDocument.LAST,
              last(DeploymentStatus.TRIGGERED, deployment.releaseId(), "", buildId, "", now)), SetOptions.merge());
        }
      }
      batch.update(ref, DeploymentDocument.triggered(buildId, moveToTriggered, now),
          Precondition.updatedAt(snapshot.getUpdateTime()));
      if (moveToTriggered) {
        // Listed by its claim already; listed again in the write that leaves it open, as every such write does.
        batch.set(client(client), ClientDocument.openDeployment(deploymentId, true), SetOptions.merge());
      }
      if (FirestoreCalls.commitUnlessChanged(what, batch.commit())) {
        return;
      }
      if (attempt == MAX_UNCHANGED_ATTEMPTS) {
        throw new TransientFailure(what + ": the deployment changed under each of " + attempt + " attempts");
      }
    }
  }

  @Override
  public void markFailed(String client, String deploymentId, String reason, Instant now) {
    DocumentReference ref = deploymentRef(client, deploymentId);
    transaction("recording the failure of " + client + "/" + deploymentId, client, tx -> {
      DeploymentDocument deployment = DeploymentDocument.from(tx.get(ref).get()).requireKnown();
      Map<String, Object> update = DeploymentDocument.failed(reason, now);
      tx.update(ref, update);
      tx.set(client(client), ClientDocument.openDeployment(deploymentId, false), SetOptions.merge());
      for (String service : deployment.services()) {
        tx.set(serviceRef(client, service),
            Map.of(ServiceDocument.LAST, last(DeploymentStatus.FAILED, deployment.releaseId(), reason, "", "", now)), SetOptions.merge());
      }
      outbox.record(tx, client, List.of(StateEvents.failed(client, deployment.after(update))), now);
      return null;
    });
  }

  @Override
  public void releaseLease(String client, String deploymentId) {
    await(deploymentRef(client, deploymentId).update(DeploymentDocument.LEASE, FieldValue.delete()));
  }

  @Override
  public Optional<DeploymentDocument> reject(String client, String releaseId, String reason, String commandMessageId,
      Instant now) {
    DocumentReference ref = deploymentRef(client, releaseId);
    return transaction("rejecting " + client + "/" + releaseId, client, tx -> {
      DocumentSnapshot snapshot = tx.get(ref).get();
      if (!snapshot.exists()) {
        return Optional.<DeploymentDocument>empty();
      }
      DeploymentDocument deployment = DeploymentDocument.from(snapshot).requireKnown();
      if (!deployment.hasStatus(DeploymentStatus.AWAITING_APPROVAL)) {
        return Optional.of(deployment);
      }
      Map<String, Object> update = DeploymentDocument.rejected(DeploymentStatus.SKIPPED, reason, now);
      DeploymentDocument rejected = deployment.after(update);
      tx.update(ref, update);
      tx.set(client(client), ClientDocument.openDeployment(releaseId, false), SetOptions.merge());
      for (String service : deployment.plan().services(ServiceDecision.Action.AWAIT_APPROVAL)) {
        tx.set(serviceRef(client, service),
            Map.of(ServiceDocument.LAST, last(DeploymentStatus.SKIPPED, releaseId, reason, "", "", now)), SetOptions.merge());
      }
      outbox.record(tx, client, List.of(StateEvents.rejected(client, rejected, commandMessageId)), now);
      return Optional.of(rejected);
    });
  }

  @Override
  public Optional<DeploymentDocument> deployment(String client, String deploymentId) {
    DocumentSnapshot snapshot = await(deploymentRef(client, deploymentId).get());
    return snapshot.exists() ? Optional.of(DeploymentDocument.from(snapshot).requireKnown()) : Optional.empty();
  }

  @Override
  public PendingWrite saveRelease(Release release, Instant now) {
    Map<String, Object> doc = ReleaseDocument.toMap(release, now);
    // Every client receives the release at the same moment: one of them writes it, the others find
    // it (or lose the create race) instead of all writing one document at once, which Firestore
    // serialises (and the emulator times out under 50 clients: BENCHMARKS.md, fan-out).
    DocumentReference ref = db.collection(ReleaseDocument.COLLECTION).document(release.releaseId());
    ApiFuture<Object> write = ApiFutures.transformAsync(ref.get(),
        existing -> existing.exists() ? ApiFutures.immediateFuture(null) : FirestoreCalls.createUnlessExists(ref, doc),
        MoreExecutors.directExecutor());
    return () -> await(write);
  }

  @Override
  public Optional<Release> release(String releaseId) {
    DocumentSnapshot snapshot = await(db.collection(ReleaseDocument.COLLECTION).document(releaseId).get());
    String body = snapshot.exists() ? ReleaseDocument.from(snapshot).body() : "";
    if (body.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(ContractCodec.decodeRelease(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public Map<String, ServiceDocument> services(String client) {
    Map<String, ServiceDocument> services = new LinkedHashMap<>();
    for (QueryDocumentSnapshot doc : await(client(client).collection(ClientDocument.SERVICES).get()).getDocuments()) {
      services.put(doc.getId(), ServiceDocument.from(doc));
    }
    return services;
  }

  @Override
  public void setPin(String client, String service, String releaseId, Instant now, OutboxEntry announced) {
    WriteBatch batch = db.batch();
    batch.set(client(client), ClientDocument.pin(client, service, releaseId, now), SetOptions.merge());
    outbox.record(batch, client, List.of(announced), now);
    await(batch.commit());
  }

  @Override
  public void setFrozen(String client, boolean frozen, String by, String reason, Instant now, OutboxEntry announced) {
    WriteBatch batch = db.batch();
    batch.set(client(client), ClientDocument.freeze(client, frozen, by, reason, now), SetOptions.merge());
    outbox.record(batch, client, List.of(announced), now);
    await(batch.commit());
  }

  @Override
  public List<OutboxEntry> unsent(String client) {
    return outbox.unsent(client);
  }

  @Override
  public List<OutboxEntry> unsent(String client, Optional<Set<String>> listed) {
    return outbox.unsent(client, listed);
  }

  @Override
  public void markSent(String client, List<String> eventIds) {
    outbox.markSent(client, eventIds);
  }

  // ---- mapping ----

  private static Map<String, Object> last(DeploymentStatus status, String releaseId, String reason, String buildId,
      String logUrl, Instant now) {
    return new LastEvent(status.name(), releaseId, reason, buildId, logUrl, now.toString()).toMap();
  }

  // ---- plumbing ----

  private <T> T transaction(String what, String client, Transaction.Function<T> body) {
    return transactions.run(what, client, body);
  }

  /** Firestore unreachable or contended is worth a retry: the caller throws and Pub/Sub redelivers. */
  private static <T> T await(ApiFuture<T> future) {
    return FirestoreCalls.await("Firestore call", future);
  }
}
