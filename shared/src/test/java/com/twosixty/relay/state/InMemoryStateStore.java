package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ClientState;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.pubsub.OutboxEntry;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A {@link StateStore} in memory: claims with the same {@link Claims} rules and
 * {@link DeploymentDraft#planned} as the Firestore adapter, one at a time (each call is its
 * transaction), and moves deployments on with the document's own updates ({@link DeploymentDocument#after}).
 * Keeps what the deployer reads back (deployments, leases, targets, pins, freeze, releases); the
 * per-service "last" summaries the read model shows are not kept.
 */
public final class InMemoryStateStore implements StateStore {
  private static final String OWNER = "in-memory";

  /** One client's documents; services by id, in the order a Firestore query returns them. */
  private static final class ClientDocument {
    final Map<String, DeploymentDocument> deployments = new HashMap<>();
    final Map<String, ServiceDocument> services = new TreeMap<>();
    final Map<String, String> pins = new HashMap<>();
    boolean frozen;
    /** The outbox by event id, in write order; a rewrite of an id moves it last, unsent again. */
    final Map<String, OutboxEntry> outbox = new LinkedHashMap<>();
    final java.util.Set<String> sent = new java.util.HashSet<>();

    void record(List<OutboxEntry> entries) {
      for (OutboxEntry entry : entries) {
        outbox.remove(entry.eventId());
        outbox.put(entry.eventId(), entry);
        sent.remove(entry.eventId());
      }
    }
  }

  private final Duration lease;
  private final Map<String, ClientDocument> clients = new HashMap<>();
  private final Map<String, Release> releases = new HashMap<>();

  public InMemoryStateStore() {
    this(FirestoreStateStore.LEASE);
  }

  public InMemoryStateStore(Duration lease) {
    this.lease = lease;
  }

  private ClientDocument client(String client) {
    return clients.computeIfAbsent(client, id -> new ClientDocument());
  }

  /** Puts a service's document as client-deployer and deploy-reporter would leave it (target, running, previous). */
  public synchronized void putService(String client, String service, Optional<ServiceVersion> target,
      Optional<ServiceVersion> running, Optional<ServiceVersion> previous) {
    client(client).services.put(service, new ServiceDocument(service,
        target.map(v -> new ServiceDocument.Target(v, "", "")), running.map(v -> new RunningRelease(v, "")),
        previous.map(v -> new RunningRelease(v, "")), Optional.empty()));
  }

  /** The lease a claim holds on a deployment, if any. */
  public synchronized Optional<Instant> leaseUntil(String client, String deploymentId) {
    return Optional.ofNullable(client(client).deployments.get(deploymentId))
        .filter(d -> d.leaseUntil() != 0).map(d -> Instant.ofEpochMilli(d.leaseUntil()));
  }

  @Override
  public synchronized Claim claim(String client, DeploymentDraft draft, Function<ClientState, Plan> planner,
      boolean approving, Instant now) {
    ClientDocument doc = client(client);
    Optional<DeploymentDocument> existing = Optional.ofNullable(doc.deployments.get(draft.deploymentId()));
    Instant leaseUntil = Instant.ofEpochMilli(existing.map(DeploymentDocument::leaseUntil).orElse(0L));
    Optional<Claim> decided = Claims.decide(existing, leaseUntil, now, approving);
    if (decided.isPresent()) {
      if (decided.get() instanceof Claim.Resumed resumed) {
        Claim claim = resumed.deployment().services().isEmpty() ? resumed
            : Claims.overtaking(resumed, OneDeployAtATime.decide(resumed.deployment(), inFlight(doc), now));
        if (claim instanceof Claim.Resumed taken) {
          doc.deployments.put(draft.deploymentId(),
              existing.get().after(DeploymentDocument.leaseRenewed(OWNER, now.plus(lease), now)));
          closeOvertaken(doc, taken.deployment(), taken.overtaken(), now);
        }
        return claim;
      }
      return decided.get();
    }
    Map<String, ServiceVersion> targets = new HashMap<>();
    for (String service : draft.candidates().keySet()) {
      ServiceDocument stored = doc.services.get(service);
      if (stored != null) {
        stored.targetVersion().ifPresent(v -> targets.put(service, v));
      }
    }
    Plan plan = planner.apply(new ClientState(targets, doc.pins, doc.frozen));
    if (Claims.stillWaiting(existing, plan)) {
      return new Claim.Duplicate(existing.get());
    }
    List<DeploymentDocument> waiting = FirestoreStateStore.plansAnything(plan) ? doc.deployments.values().stream()
        .filter(d -> d.hasStatus(DeploymentStatus.AWAITING_APPROVAL) || d.hasStatus(DeploymentStatus.WAITING_FOR_WAVE))
        .toList() : List.of();
    if (FirestoreStateStore.ownRelease(draft, approving)) {
      plan = Supersession.behindWaiting(plan, draft.releaseId(), draft.sequence(), waiting);
    }
    DeploymentDocument deployment = draft.planned(client, plan, now);
    OneDeployAtATime.Overtaking overtaking = plan.deploysAnything()
        ? OneDeployAtATime.decide(deployment, inFlight(doc), now) : OneDeployAtATime.Overtaking.NONE;
    if (overtaking.waitFor().isPresent()) {
      return Claims.overtaking(new Claim.Planned(deployment), overtaking);
    }
    plan = OneDeployAtATime.withCarriedOver(plan, overtaking.carriedOver());
    deployment = OneDeployAtATime.withCarriedOver(draft, overtaking.carriedOver()).planned(client, plan, now);
    List<DeploymentDocument> superseded = List.of();
    if (FirestoreStateStore.plansAnything(plan)) {
      Map<String, ServiceVersion> all = new HashMap<>();
      doc.services.forEach((service, record) -> record.targetVersion().ifPresent(v -> all.put(service, v)));
      superseded = Supersession.closedBy(deployment, waiting, Supersession.targetsAfter(all, deployment), now);
    }
    superseded.forEach(closed -> doc.deployments.put(closed.deploymentId(), closed));
    List<Rollbacks.Marked> rolledBack = plan.deploysAnything() && !Claims.resumes(existing)
        ? Rollbacks.marked(draft.deploymentId(), Rollbacks.from(draft.kind(), Rollbacks.deployed(draft, plan), targets),
            id -> Optional.ofNullable(doc.deployments.get(id)), now)
        : List.of();
    rolledBack.forEach(marked -> doc.deployments.put(marked.deployment().deploymentId(), marked.deployment()));
    if (plan.deploysAnything()) {
      deployment = deployment.leased(OWNER, now.plus(lease));
    }
    doc.deployments.put(deployment.deploymentId(), deployment);
    for (String service : plan.services(ServiceDecision.Action.DEPLOY)) {
      ServiceDocument before = doc.services.getOrDefault(service, ServiceDocument.none(service));
      doc.services.put(service, new ServiceDocument(service,
          Optional.of(new ServiceDocument.Target(deployment.images().get(service), draft.deploymentId(), now.toString())),
          before.running(), before.previous(), before.last()));
    }
    closeOvertaken(doc, deployment, overtaking.overtaken(), now);
    Claim claimed = Claims.planned(Claims.resumes(existing), deployment, superseded, overtaking.overtaken());
    if (claimed instanceof Claim.Planned planned && !rolledBack.isEmpty()) {
      claimed = planned.withRolledBack(rolledBack);
    }
    doc.record(StateEvents.claimed(client, claimed));
    return claimed;
  }

  private static List<DeploymentDocument> inFlight(ClientDocument doc) {
    return doc.deployments.values().stream()
        .filter(d -> OneDeployAtATime.IN_FLIGHT.stream().anyMatch(d::hasStatus)).toList();
  }

  private static void closeOvertaken(ClientDocument doc, DeploymentDocument claimed, List<DeploymentDocument> overtaken,
      Instant now) {
    overtaken.stream().filter(d -> d.hasStatus(DeploymentStatus.PLANNED)).forEach(older -> doc.deployments.put(
        older.deploymentId(), older.after(OneDeployAtATime.closed(older, claimed.releaseId(), now))));
  }

  /** Puts a deployment as another delivery left it (tests of what a claim finds in flight). */
  public synchronized void putDeployment(DeploymentDocument deployment) {
    client(deployment.client()).deployments.put(deployment.deploymentId(), deployment);
  }

  @Override
  public synchronized void markTriggered(String client, String deploymentId, String buildId, Instant now) {
    ClientDocument doc = client(client);
    DeploymentDocument d = doc.deployments.get(deploymentId);
    // The build's own notifications may have overtaken us: never move the status back.
    doc.deployments.put(deploymentId,
        d.after(DeploymentDocument.triggered(buildId, d.hasStatus(DeploymentStatus.PLANNED), now)));
  }

  @Override
  public synchronized void markFailed(String client, String deploymentId, String reason, Instant now) {
    ClientDocument doc = client(client);
    DeploymentDocument failed = doc.deployments.get(deploymentId).after(DeploymentDocument.failed(reason, now));
    doc.deployments.put(deploymentId, failed);
    doc.record(List.of(StateEvents.failed(client, failed)));
  }

  @Override
  public synchronized void releaseLease(String client, String deploymentId) {
    ClientDocument doc = client(client);
    DeploymentDocument d = doc.deployments.get(deploymentId);
    if (d != null) {
      doc.deployments.put(deploymentId, d.after(Map.of(DeploymentDocument.LEASE,
          com.google.cloud.firestore.FieldValue.delete())));
    }
  }

  @Override
  public synchronized Optional<DeploymentDocument> reject(String client, String releaseId, String reason,
      String commandMessageId, Instant now) {
    ClientDocument doc = client(client);
    DeploymentDocument deployment = doc.deployments.get(releaseId);
    if (deployment == null) {
      return Optional.empty();
    }
    if (!deployment.hasStatus(DeploymentStatus.AWAITING_APPROVAL)) {
      return Optional.of(deployment);
    }
    DeploymentDocument rejected = deployment.after(DeploymentDocument.rejected(DeploymentStatus.SKIPPED, reason, now));
    doc.deployments.put(releaseId, rejected);
    doc.record(List.of(StateEvents.rejected(client, rejected, commandMessageId)));
    return Optional.of(rejected);
  }

  @Override
  public synchronized Optional<DeploymentDocument> deployment(String client, String deploymentId) {
    return Optional.ofNullable(client(client).deployments.get(deploymentId));
  }

  @Override
  public synchronized PendingWrite saveRelease(Release release, Instant now) {
    releases.putIfAbsent(release.releaseId(), release); // the first receiver's copy stays
    return () -> {};
  }

  @Override
  public synchronized Optional<Release> release(String releaseId) {
    return Optional.ofNullable(releases.get(releaseId));
  }

  @Override
  public synchronized Map<String, ServiceDocument> services(String client) {
    return new LinkedHashMap<>(client(client).services);
  }

  @Override
  public synchronized void setPin(String client, String service, String releaseId, Instant now, OutboxEntry announced) {
    client(client).pins.put(service, releaseId);
    client(client).record(List.of(announced));
  }

  @Override
  public synchronized void setFrozen(String client, boolean frozen, String by, String reason, Instant now,
      OutboxEntry announced) {
    client(client).frozen = frozen;
    client(client).record(List.of(announced));
  }

  @Override
  public synchronized List<OutboxEntry> unsent(String client) {
    ClientDocument doc = client(client);
    return new ArrayList<>(doc.outbox.values().stream().filter(e -> !doc.sent.contains(e.eventId())).toList());
  }

  @Override
  public synchronized void markSent(String client, List<String> eventIds) {
    client(client).sent.addAll(eventIds);
  }

  /** Every entry the outbox holds, sent or not, in write order. */
  public synchronized List<OutboxEntry> outbox(String client) {
    return new ArrayList<>(client(client).outbox.values());
  }
}
