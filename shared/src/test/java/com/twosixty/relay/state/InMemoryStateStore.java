package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.planner.ClientState;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
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
 * {@link Deployment#planned} as the Firestore adapter, one at a time (each call is its transaction).
 * Keeps what the deployer reads back (deployments, leases, targets, pins, freeze, releases); the
 * per-service "last" summaries the read model shows are not kept.
 */
public final class InMemoryStateStore implements StateStore {
  /** One client's documents; services by id, in the order a Firestore query returns them. */
  private static final class ClientDocument {
    final Map<String, Deployment> deployments = new HashMap<>();
    final Map<String, Instant> leases = new HashMap<>();
    final Map<String, ServiceRecord> services = new TreeMap<>();
    final Map<String, String> pins = new HashMap<>();
    boolean frozen;
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

  /** Puts a service's record as deploy-reporter would leave it (running, previous). */
  public synchronized void putService(String client, ServiceRecord record) {
    client(client).services.put(record.service(), record);
  }

  /** The lease a claim holds on a deployment, if any. */
  public synchronized Optional<Instant> leaseUntil(String client, String deploymentId) {
    return Optional.ofNullable(client(client).leases.get(deploymentId));
  }

  @Override
  public synchronized Claim claim(String client, DeploymentDraft draft, Function<ClientState, Plan> planner,
      boolean approving, Instant now) {
    ClientDocument doc = client(client);
    Optional<Deployment> existing = Optional.ofNullable(doc.deployments.get(draft.deploymentId()));
    Instant leaseUntil = doc.leases.getOrDefault(draft.deploymentId(), Instant.EPOCH);
    Optional<Claim> decided = Claims.decide(existing, leaseUntil, now, approving);
    if (decided.isPresent()) {
      if (decided.get() instanceof Claim.Resumed) {
        doc.leases.put(draft.deploymentId(), now.plus(lease));
      }
      return decided.get();
    }
    Map<String, ServiceVersion> targets = new HashMap<>();
    for (String service : draft.candidates().keySet()) {
      ServiceRecord record = doc.services.get(service);
      if (record != null) {
        record.target().ifPresent(v -> targets.put(service, v));
      }
    }
    Plan plan = planner.apply(new ClientState(targets, doc.pins, doc.frozen));
    Deployment deployment = Deployment.planned(draft, plan);
    List<Deployment> superseded = List.of();
    if (plan.deploysAnything()) {
      Map<String, ServiceVersion> all = new HashMap<>();
      doc.services.forEach((service, record) -> record.target().ifPresent(v -> all.put(service, v)));
      List<Deployment> waiting = doc.deployments.values().stream()
          .filter(d -> d.status() == DeploymentStatus.AWAITING_APPROVAL).toList();
      superseded = Supersession.closedBy(deployment, waiting, Supersession.targetsAfter(all, deployment));
    }
    superseded.forEach(closed -> doc.deployments.put(closed.deploymentId(), closed));
    doc.deployments.put(deployment.deploymentId(), deployment);
    if (plan.deploysAnything()) {
      doc.leases.put(deployment.deploymentId(), now.plus(lease));
    }
    for (String service : plan.services(ServiceDecision.Action.DEPLOY)) {
      ServiceRecord before = doc.services.getOrDefault(service,
          new ServiceRecord(service, Optional.empty(), Optional.empty(), Optional.empty()));
      doc.services.put(service, new ServiceRecord(service, Optional.of(deployment.images().get(service)),
          before.running(), before.previous()));
    }
    return Claims.planned(existing.isPresent(), deployment, superseded);
  }

  @Override
  public synchronized void markTriggered(String client, String deploymentId, String buildId, Instant now) {
    ClientDocument doc = client(client);
    Deployment d = doc.deployments.get(deploymentId);
    // The build's own notifications may have overtaken us: never move the status back.
    DeploymentStatus status = d.status() == DeploymentStatus.PLANNED ? DeploymentStatus.TRIGGERED : d.status();
    doc.deployments.put(deploymentId, new Deployment(d.deploymentId(), d.releaseId(), d.sequence(), d.kind(), status,
        d.plan(), d.images(), buildId, d.reason()));
    doc.leases.remove(deploymentId);
  }

  @Override
  public synchronized void markFailed(String client, String deploymentId, String reason, Instant now) {
    ClientDocument doc = client(client);
    Deployment d = doc.deployments.get(deploymentId);
    doc.deployments.put(deploymentId, new Deployment(d.deploymentId(), d.releaseId(), d.sequence(), d.kind(),
        DeploymentStatus.FAILED, d.plan(), d.images(), d.buildId(), reason));
    doc.leases.remove(deploymentId);
  }

  @Override
  public synchronized void releaseLease(String client, String deploymentId) {
    client(client).leases.remove(deploymentId);
  }

  @Override
  public synchronized Optional<Deployment> reject(String client, String releaseId, String reason, Instant now) {
    ClientDocument doc = client(client);
    Deployment deployment = doc.deployments.get(releaseId);
    if (deployment == null) {
      return Optional.empty();
    }
    if (deployment.status() != DeploymentStatus.AWAITING_APPROVAL) {
      return Optional.of(deployment);
    }
    Deployment rejected = deployment.rejected(reason);
    doc.deployments.put(releaseId, rejected);
    return Optional.of(rejected);
  }

  @Override
  public synchronized Optional<Deployment> deployment(String client, String deploymentId) {
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
  public synchronized Map<String, ServiceRecord> services(String client) {
    return new LinkedHashMap<>(client(client).services);
  }

  @Override
  public synchronized void setPin(String client, String service, String releaseId, Instant now) {
    client(client).pins.put(service, releaseId);
  }

  @Override
  public synchronized void setFrozen(String client, boolean frozen, String by, String reason, Instant now) {
    client(client).frozen = frozen;
  }
}
