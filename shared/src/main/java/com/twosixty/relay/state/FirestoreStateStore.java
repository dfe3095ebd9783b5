package com.twosixty.relay.state;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.Transaction;
import com.google.common.util.concurrent.MoreExecutors;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.firestore.ClientTransactions;
import com.twosixty.relay.firestore.FirestoreCalls;
import com.twosixty.relay.planner.ClientState;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** {@link StateStore} on Firestore, in the layout the README documents. */
public final class FirestoreStateStore implements StateStore {
  /**
   * How long a claimant may take from planning to a started build before a redelivery takes over:
   * longer than RunBuildTrigger takes, short enough for a redelivery to wait it out.
   */
  public static final Duration LEASE = Duration.ofSeconds(15);

  private final Firestore db;
  private final Duration lease;
  private final String owner = UUID.randomUUID().toString();
  private final ClientTransactions transactions;

  public FirestoreStateStore(Firestore db) {
    this(db, LEASE);
  }

  public FirestoreStateStore(Firestore db, Duration lease) {
    this.db = db;
    this.lease = lease;
    this.transactions = new ClientTransactions(db);
  }

  private DocumentReference client(String client) {
    return db.collection("clients").document(client);
  }

  private DocumentReference deploymentRef(String client, String deploymentId) {
    return client(client).collection("deployments").document(deploymentId);
  }

  private DocumentReference serviceRef(String client, String service) {
    return client(client).collection("services").document(service);
  }

  @Override
  public Claim claim(String client, DeploymentDraft draft, Function<ClientState, Plan> planner, boolean approving, Instant now) {
    DocumentReference ref = deploymentRef(client, draft.deploymentId());
    DocumentReference clientRef = client(client);
    List<DocumentReference> reads = new ArrayList<>(List.of(ref, clientRef));
    draft.candidates().keySet().forEach(service -> reads.add(serviceRef(client, service)));
    return transaction("claiming deployment " + client + "/" + draft.deploymentId(), client, tx -> {
      // Everything the claim reads in one round trip: a release reaches every client at once, and
      // each round trip is paid by all of them (BENCHMARKS.md, fan-out).
      Map<String, DocumentSnapshot> read = new HashMap<>();
      for (DocumentSnapshot snapshot : tx.getAll(reads.toArray(DocumentReference[]::new)).get()) {
        read.put(snapshot.getReference().getPath(), snapshot);
      }
      DocumentSnapshot existing = read.get(ref.getPath());
      Optional<Deployment> stored = existing.exists() ? Optional.of(toDeployment(existing)) : Optional.empty();
      Optional<Claim> decided = Claims.decide(stored, Instant.ofEpochMilli(longValue(existing, "lease.until")), now, approving);
      if (decided.isPresent()) {
        if (decided.get() instanceof Claim.Resumed) {
          tx.update(ref, Map.of("lease", lease(now), "updatedAt", now.toString()));
        }
        return decided.get();
      }
      DocumentSnapshot clientDoc = read.get(clientRef.getPath());
      Map<String, ServiceVersion> targets = new HashMap<>();
      for (String service : draft.candidates().keySet()) {
        version(read.get(serviceRef(client, service).getPath()), "target").ifPresent(v -> targets.put(service, v));
      }
      ClientState state = new ClientState(targets, stringMap(clientDoc.get("pins")),
          Boolean.TRUE.equals(clientDoc.getBoolean("frozen")));
      Plan plan = planner.apply(state);
      Deployment deployment = Deployment.planned(draft, plan);
      Map<String, Object> doc = toDocument(client, deployment, now);
      if (plan.deploysAnything()) {
        doc.put("lease", lease(now));
      }
      if (existing.exists()) {
        doc.remove("createdAt");
        tx.set(ref, doc, SetOptions.merge());
      } else {
        tx.set(ref, doc);
      }
      for (ServiceDecision decision : plan.decisions()) {
        if (decision.action() == ServiceDecision.Action.SKIP) {
          continue;
        }
        Map<String, Object> update = new HashMap<>();
        update.put("service", decision.service());
        update.put("last", last(plan.status(), draft.releaseId(), decision.reason(), "", "", now));
        if (decision.action() == ServiceDecision.Action.DEPLOY) {
          Map<String, Object> target = versionMap(deployment.images().get(decision.service()));
          target.put("deploymentId", draft.deploymentId());
          target.put("at", now.toString());
          update.put("target", target);
        }
        tx.set(serviceRef(client, decision.service()), update, SetOptions.merge());
      }
      if (!clientDoc.exists()) {
        tx.set(clientRef, Map.of("id", client, "updatedAt", now.toString()), SetOptions.merge());
      }
      return Claims.planned(existing.exists(), deployment);
    });
  }

  @Override
  public void markTriggered(String client, String deploymentId, String buildId, Instant now) {
    DocumentReference ref = deploymentRef(client, deploymentId);
    transaction("recording the build of " + client + "/" + deploymentId, client, tx -> {
      DocumentSnapshot snapshot = tx.get(ref).get();
      Deployment deployment = toDeployment(snapshot);
      Map<String, Object> update = new HashMap<>();
      update.put("buildId", buildId);
      update.put("lease", FieldValue.delete());
      update.put("updatedAt", now.toString());
      // The build's own notifications may have overtaken us: never move the status back.
      if (deployment.status() == DeploymentStatus.PLANNED) {
        update.put("status", DeploymentStatus.TRIGGERED.name());
        for (String service : deployment.services()) {
          tx.set(serviceRef(client, service),
              Map.of("last", last(DeploymentStatus.TRIGGERED, deployment.releaseId(), "", buildId, "", now)), SetOptions.merge());
        }
      }
      tx.update(ref, update);
      return null;
    });
  }

  @Override
  public void markFailed(String client, String deploymentId, String reason, Instant now) {
    DocumentReference ref = deploymentRef(client, deploymentId);
    transaction("recording the failure of " + client + "/" + deploymentId, client, tx -> {
      Deployment deployment = toDeployment(tx.get(ref).get());
      tx.update(ref, Map.of("status", DeploymentStatus.FAILED.name(), "reason", reason, "lease", FieldValue.delete(),
          "updatedAt", now.toString()));
      for (String service : deployment.services()) {
        tx.set(serviceRef(client, service),
            Map.of("last", last(DeploymentStatus.FAILED, deployment.releaseId(), reason, "", "", now)), SetOptions.merge());
      }
      return null;
    });
  }

  @Override
  public void releaseLease(String client, String deploymentId) {
    await(deploymentRef(client, deploymentId).update("lease", FieldValue.delete()));
  }

  @Override
  public Optional<Deployment> reject(String client, String releaseId, String reason, Instant now) {
    DocumentReference ref = deploymentRef(client, releaseId);
    return transaction("rejecting " + client + "/" + releaseId, client, tx -> {
      DocumentSnapshot snapshot = tx.get(ref).get();
      if (!snapshot.exists()) {
        return Optional.<Deployment>empty();
      }
      Deployment deployment = toDeployment(snapshot);
      if (deployment.status() != DeploymentStatus.AWAITING_APPROVAL) {
        return Optional.of(deployment);
      }
      Deployment rejected = deployment.rejected(reason);
      tx.update(ref, Map.of("status", rejected.status().name(), "reason", reason, "updatedAt", now.toString()));
      for (String service : deployment.plan().services(ServiceDecision.Action.AWAIT_APPROVAL)) {
        tx.set(serviceRef(client, service),
            Map.of("last", last(rejected.status(), releaseId, reason, "", "", now)), SetOptions.merge());
      }
      return Optional.of(rejected);
    });
  }

  @Override
  public Optional<Deployment> deployment(String client, String deploymentId) {
    DocumentSnapshot snapshot = await(deploymentRef(client, deploymentId).get());
    return snapshot.exists() ? Optional.of(toDeployment(snapshot)) : Optional.empty();
  }

  @Override
  public PendingWrite saveRelease(Release release, Instant now) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("releaseId", release.releaseId());
    doc.put("sequence", release.sequence());
    doc.put("channel", release.channel().wireName());
    doc.put("createdAt", release.createdAt());
    doc.put("source", Map.of("repo", release.source().repo(), "branch", release.source().branch(),
        "commit", release.source().commit(), "buildId", release.source().buildId()));
    List<Map<String, Object>> services = new ArrayList<>();
    for (Release.ServiceImage s : release.services()) {
      services.add(Map.of("name", s.name(), "image", s.image(), "digest", s.digest(), "tag", s.tag()));
    }
    doc.put("services", services);
    doc.put("body", ContractCodec.toJson(release));
    doc.put("receivedAt", now.toString());
    // Every client receives the release at the same moment: one of them writes it, the others find
    // it (or lose the create race) instead of all writing one document at once, which Firestore
    // serialises (and the emulator times out under 50 clients: BENCHMARKS.md, fan-out).
    DocumentReference ref = db.collection("releases").document(release.releaseId());
    ApiFuture<Object> write = ApiFutures.transformAsync(ref.get(),
        existing -> existing.exists() ? ApiFutures.immediateFuture(null) : createUnlessExists(ref, doc),
        MoreExecutors.directExecutor());
    return () -> await(write);
  }

  private static ApiFuture<Object> createUnlessExists(DocumentReference ref, Map<String, Object> doc) {
    ApiFuture<Object> created = ApiFutures.transform(ref.create(doc), result -> result, MoreExecutors.directExecutor());
    return ApiFutures.catchingAsync(created, Throwable.class, failure -> {
      if (alreadyExists(failure)) {
        return ApiFutures.immediateFuture(null);
      }
      return ApiFutures.immediateFailedFuture(failure);
    }, MoreExecutors.directExecutor());
  }

  private static boolean alreadyExists(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApiException api && api.getStatusCode().getCode() == StatusCode.Code.ALREADY_EXISTS) {
        return true;
      }
      if (cause instanceof io.grpc.StatusRuntimeException grpc && grpc.getStatus().getCode() == io.grpc.Status.Code.ALREADY_EXISTS) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<Release> release(String releaseId) {
    DocumentSnapshot snapshot = await(db.collection("releases").document(releaseId).get());
    if (!snapshot.exists() || snapshot.getString("body") == null) {
      return Optional.empty();
    }
    return Optional.of(ContractCodec.decodeRelease(snapshot.getString("body").getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public Map<String, ServiceRecord> services(String client) {
    Map<String, ServiceRecord> services = new LinkedHashMap<>();
    for (QueryDocumentSnapshot doc : await(client(client).collection("services").get()).getDocuments()) {
      services.put(doc.getId(), new ServiceRecord(doc.getId(), version(doc, "target"), version(doc, "running"),
          version(doc, "previous")));
    }
    return services;
  }

  @Override
  public void setPin(String client, String service, String releaseId, Instant now) {
    await(client(client).set(Map.of("id", client, "pins", Map.of(service, releaseId), "updatedAt", now.toString()),
        SetOptions.merge()));
  }

  @Override
  public void setFrozen(String client, boolean frozen, String by, String reason, Instant now) {
    Map<String, Object> update = new HashMap<>();
    update.put("id", client);
    update.put("frozen", frozen);
    update.put("frozenBy", frozen ? by : "");
    update.put("freezeReason", frozen ? reason : "");
    update.put("updatedAt", now.toString());
    await(client(client).set(update, SetOptions.merge()));
  }

  // ---- mapping ----

  private Map<String, Object> lease(Instant now) {
    return Map.of("owner", owner, "until", now.plus(lease).toEpochMilli());
  }

  private static Map<String, Object> last(DeploymentStatus status, String releaseId, String reason, String buildId,
      String logUrl, Instant now) {
    return Map.of("status", status.name(), "releaseId", releaseId, "reason", reason, "buildId", buildId,
        "logUrl", logUrl, "at", now.toString());
  }

  private static Map<String, Object> toDocument(String client, Deployment d, Instant now) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("deploymentId", d.deploymentId());
    doc.put("client", client);
    doc.put("releaseId", d.releaseId());
    doc.put("sequence", d.sequence());
    doc.put("kind", d.kind().wireName());
    doc.put("status", d.status().name());
    Map<String, Object> decisions = new LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    for (ServiceDecision decision : d.plan().decisions()) {
      decisions.put(decision.service(), Map.of("action", decision.action().name(), "reason", decision.reason()));
      order.add(decision.service());
    }
    doc.put("decisions", decisions);
    doc.put("decisionOrder", order);
    doc.put("services", d.services());
    Map<String, Object> images = new LinkedHashMap<>();
    d.images().forEach((service, version) -> images.put(service, versionMap(version)));
    doc.put("images", images);
    doc.put("buildId", d.buildId());
    doc.put("logUrl", "");
    doc.put("reason", d.reason());
    doc.put("createdAt", now.toString());
    doc.put("updatedAt", now.toString());
    return doc;
  }

  @SuppressWarnings("unchecked")
  private static Deployment toDeployment(DocumentSnapshot doc) {
    Map<String, Object> decisions = (Map<String, Object>) doc.get("decisions");
    List<String> order = (List<String>) doc.get("decisionOrder");
    List<ServiceDecision> planned = new ArrayList<>();
    if (order != null && decisions != null) {
      for (String service : order) {
        Map<String, Object> decision = (Map<String, Object>) decisions.get(service);
        planned.add(new ServiceDecision(service, ServiceDecision.Action.valueOf((String) decision.get("action")),
            (String) decision.get("reason")));
      }
    }
    Map<String, ServiceVersion> images = new LinkedHashMap<>();
    Map<String, Object> storedImages = (Map<String, Object>) doc.get("images");
    if (storedImages != null) {
      storedImages.forEach((service, value) -> images.put(service, toVersion((Map<String, Object>) value)));
    }
    return new Deployment(doc.getId(), doc.getString("releaseId"), longValue(doc, "sequence"),
        DeploymentKind.fromWire(doc.getString("kind")).orElseThrow(), DeploymentStatus.valueOf(doc.getString("status")),
        new Plan(planned), images, stringOr(doc.getString("buildId")), stringOr(doc.getString("reason")));
  }

  private static Map<String, Object> versionMap(ServiceVersion version) {
    Map<String, Object> map = new HashMap<>();
    map.put("releaseId", version.releaseId());
    map.put("sequence", version.sequence());
    map.put("image", version.image());
    map.put("digest", version.digest());
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Optional<ServiceVersion> version(DocumentSnapshot doc, String field) {
    Object value = doc.exists() ? doc.get(field) : null;
    return value instanceof Map<?, ?> map ? Optional.of(toVersion((Map<String, Object>) map)) : Optional.empty();
  }

  private static ServiceVersion toVersion(Map<String, Object> map) {
    return new ServiceVersion((String) map.get("releaseId"), ((Number) map.get("sequence")).longValue(),
        (String) map.get("image"), (String) map.get("digest"));
  }

  private static Map<String, String> stringMap(Object value) {
    Map<String, String> map = new HashMap<>();
    if (value instanceof Map<?, ?> raw) {
      raw.forEach((k, v) -> map.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    return map;
  }

  private static long longValue(DocumentSnapshot doc, String path) {
    Object value = doc.get(FieldPath.of(path.split("\\.")));
    return value instanceof Number n ? n.longValue() : 0L;
  }

  private static String stringOr(String value) {
    return value == null ? "" : value;
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
