package com.twosixty.relay.report;

import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.report.Transition.Advance;
import com.twosixty.relay.report.Transition.ServiceChange;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** A {@link DeploymentLedger} in memory for one client: applies transitions as the Firestore adapter writes them. */
final class InMemoryLedger implements DeploymentLedger {
  final Map<String, StoredDeployment> deployments = new HashMap<>();
  final Map<String, ServiceDocument> services = new HashMap<>();
  final Map<String, ImageRef> releaseImages = new HashMap<>();

  record ServiceDocument(Optional<RunningRelease> running, Optional<RunningRelease> previous,
      Optional<LastEvent> last, String targetDeploymentId) {
    static ServiceDocument empty() {
      return new ServiceDocument(Optional.empty(), Optional.empty(), Optional.empty(), "");
    }
  }

  void put(StoredDeployment deployment) {
    deployments.put(deployment.deploymentId(), deployment);
  }

  void putService(String name, ServiceDocument document) {
    services.put(name, document);
  }

  ServiceDocument service(String name) {
    return services.getOrDefault(name, ServiceDocument.empty());
  }

  @Override
  public Optional<Transition> apply(String client, DeployBuild build, Function<DeploymentSnapshot, Transition> decide) {
    StoredDeployment deployment = deployments.get(build.deploymentId());
    if (deployment == null) {
      return Optional.empty();
    }
    Set<String> names = new LinkedHashSet<>(build.services());
    names.addAll(deployment.services());
    Map<String, StoredService> stored = new HashMap<>();
    for (String name : names) {
      ServiceDocument document = service(name);
      stored.put(name, new StoredService(name, document.running(), document.targetDeploymentId()));
    }
    Transition transition = decide.apply(new DeploymentSnapshot(deployment, stored, releaseImages));
    if (transition instanceof Advance advance) {
      Transition.DeploymentChange change = advance.deployment();
      deployments.put(deployment.deploymentId(), new StoredDeployment(deployment.deploymentId(),
          deployment.releaseId(), deployment.sequence(), deployment.kind(), change.status(), change.reason(),
          deployment.services(), deployment.images(), deployment.autoRollbackRequested() || change.requestAutoRollback(),
          !change.requestAutoRollback() && deployment.autoRollbackPublished()));
      for (ServiceChange s : advance.services()) {
        ServiceDocument before = service(s.service());
        services.put(s.service(), new ServiceDocument(
            s.running().or(before::running), s.previous().or(before::previous), s.last().or(before::last),
            before.targetDeploymentId()));
      }
    }
    return Optional.of(transition);
  }

  @Override
  public void markAutoRollbackPublished(String client, String deploymentId) {
    StoredDeployment d = deployments.get(deploymentId);
    deployments.put(deploymentId, new StoredDeployment(d.deploymentId(), d.releaseId(), d.sequence(), d.kind(),
        d.status(), d.reason(), d.services(), d.images(), d.autoRollbackRequested(), true));
  }
}
