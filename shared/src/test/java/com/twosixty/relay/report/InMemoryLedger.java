package com.twosixty.relay.report;

import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.pubsub.OutboxEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import com.twosixty.relay.report.Transition.Advance;
import com.twosixty.relay.report.Transition.ServiceChange;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link DeploymentLedger} in memory for one client: applies transitions with the same document
 * updates the Firestore adapter writes ({@link DeploymentDocument#after}).
 */
final class InMemoryLedger implements DeploymentLedger {
  final Map<String, DeploymentDocument> deployments = new HashMap<>();
  final Map<String, ServiceDocument> services = new HashMap<>();
  final Map<String, ImageRef> releaseImages = new HashMap<>();
  /** The outbox by event id, in write order. */
  final Map<String, OutboxEntry> outbox = new LinkedHashMap<>();
  final Set<String> sent = new HashSet<>();

  void put(DeploymentDocument deployment) {
    deployments.put(deployment.deploymentId(), deployment);
  }

  /** A service as deploy-reporter left it, and the deployment that last set its target ({@code ""}: none). */
  void putService(String name, Optional<RunningRelease> running, Optional<RunningRelease> previous,
      Optional<LastEvent> last, String targetDeploymentId) {
    Optional<ServiceDocument.Target> target = targetDeploymentId.isEmpty() ? Optional.empty()
        : Optional.of(new ServiceDocument.Target(new ServiceVersion("", 0, "", ""), targetDeploymentId, ""));
    services.put(name, new ServiceDocument(name, target, running, previous, last));
  }

  ServiceDocument service(String name) {
    return services.getOrDefault(name, ServiceDocument.none(name));
  }

  @Override
  public synchronized Optional<Transition> apply(String client, DeployBuild build, Function<DeploymentSnapshot, Transition> decide) {
    DeploymentDocument deployment = deployments.get(build.deploymentId());
    if (deployment == null) {
      return Optional.empty();
    }
    Set<String> names = new LinkedHashSet<>(build.services());
    names.addAll(DeploymentProgress.services(deployment));
    Map<String, ServiceDocument> stored = new HashMap<>();
    for (String name : names) {
      stored.put(name, service(name));
    }
    Transition transition = decide.apply(new DeploymentSnapshot(deployment, stored, releaseImages));
    if (transition instanceof Advance advance) {
      Transition.DeploymentChange change = advance.deployment();
      deployments.put(deployment.deploymentId(), deployment.after(DeploymentDocument.progressed(change.status(),
          change.buildId(), change.logUrl(), change.reason(), change.updatedAt(), change.requestAutoRollback())));
      for (ServiceChange s : advance.services()) {
        ServiceDocument before = service(s.service());
        services.put(s.service(), new ServiceDocument(s.service(), before.target(),
            s.running().or(before::running), s.previous().or(before::previous), s.last().or(before::last)));
      }
      for (OutboxEntry entry : DeployReports.recorded(client, build, advance, DeployReports.overtook(deployment))) {
        outbox.put(entry.eventId(), entry);
        sent.remove(entry.eventId());
      }
    }
    return Optional.of(transition);
  }

  @Override
  public synchronized List<OutboxEntry> unsent(String client) {
    return new ArrayList<>(outbox.values().stream().filter(e -> !sent.contains(e.eventId())).toList());
  }

  @Override
  public synchronized void markSent(String client, List<String> eventIds) {
    sent.addAll(eventIds);
  }

  @Override
  public synchronized void markAutoRollbackPublished(String client, String deploymentId) {
    deployments.put(deploymentId, deployments.get(deploymentId).after(Map.of(DeploymentDocument.AUTO_ROLLBACK_PUBLISHED, true)));
  }
}
