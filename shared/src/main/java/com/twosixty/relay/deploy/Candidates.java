package com.twosixty.relay.deploy;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.state.DeploymentDraft;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.firestore.ServiceDocument;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a deployment would move each service to, per kind of deployment, in the order the services
 * are deployed. Pure: the coordinator reads the state, asks here, and claims what comes back.
 */
final class Candidates {
  private Candidates() {}

  /** The release's version of each of its services that {@code include} accepts, in the release's order. */
  static Map<String, ServiceVersion> of(Release release, Predicate<String> include) {
    Map<String, ServiceVersion> candidates = new LinkedHashMap<>();
    for (Release.ServiceImage image : release.services()) {
      if (include.test(image.name())) {
        candidates.put(image.name(), new ServiceVersion(release.releaseId(), release.sequence(), image.imageRef()));
      }
    }
    return candidates;
  }

  /** A release's own deployment: every service it carries; the planner decides which of them move. */
  static DeploymentDraft release(Release release) {
    return new DeploymentDraft(release.releaseId(), release.releaseId(), release.sequence(), DeploymentKind.RELEASE,
        of(release, service -> true));
  }

  /**
   * Back to the last good version of each service: what runs when the newest target is not (yet)
   * running, or what ran before when it is. With a releaseId, only services whose target is that
   * release move, so a repeated rollback of the same failure does nothing.
   */
  static Map<String, ServiceVersion> rollback(Command command, Collection<ServiceDocument> services) {
    Map<String, ServiceVersion> candidates = new LinkedHashMap<>();
    for (ServiceDocument record : services) {
      if (!command.allServices() && !record.service().equals(command.service())) {
        continue;
      }
      Optional<ServiceVersion> stored = record.targetVersion();
      if (stored.isEmpty() || (!command.releaseId().isEmpty() && !stored.get().releaseId().equals(command.releaseId()))) {
        continue;
      }
      ServiceVersion target = stored.get();
      Optional<ServiceVersion> running = record.runningVersion();
      Optional<ServiceVersion> goodOne = running.isPresent() && !running.get().equals(target)
          ? running : record.previousVersion();
      goodOne.filter(v -> !v.equals(target)).ifPresent(v -> candidates.put(record.service(), v));
    }
    return candidates;
  }

  /**
   * The releases a rollback expects to move its services off: the targets' releases of the services
   * it moves, as read before the claim (which reads their deployments in its one batch read).
   */
  static List<String> rollsBackFrom(Map<String, ServiceVersion> candidates, Collection<ServiceDocument> services) {
    return services.stream().filter(record -> candidates.containsKey(record.service()))
        .flatMap(record -> record.targetVersion().stream()).map(ServiceVersion::releaseId)
        .filter(id -> !id.isEmpty()).distinct().toList();
  }

  /** The named release's version of the service it names (all when none) that the client runs. */
  static Map<String, ServiceVersion> redeploy(Command command, Release release, ClientDefinition client) {
    return of(release, service -> client.runs(service) && (command.allServices() || command.service().equals(service)));
  }

  /**
   * A rollback's or redeploy's deployment, once-only by the command's message id. It carries one
   * release, or "mixed" when its versions come from several, at the highest sequence among them.
   */
  static DeploymentDraft command(DeploymentKind kind, String messageId, Map<String, ServiceVersion> candidates) {
    return command(kind, messageId, candidates, List.of());
  }

  /** As above; a rollback names the releases it expects to roll back from ({@link #rollsBackFrom}). */
  static DeploymentDraft command(DeploymentKind kind, String messageId, Map<String, ServiceVersion> candidates,
      List<String> rollsBackFrom) {
    ServiceVersion first = candidates.values().iterator().next();
    String releaseId = candidates.values().stream().map(ServiceVersion::releaseId).distinct().count() == 1
        ? first.releaseId() : "mixed";
    long sequence = candidates.values().stream().mapToLong(ServiceVersion::sequence).max().orElse(0);
    return new DeploymentDraft(kind.wireName() + "-" + messageId, releaseId, sequence, kind, candidates, rollsBackFrom);
  }
}
