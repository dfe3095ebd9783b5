package com.twosixty.relay.state;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a rollback does to the releases it rolls back from. A rollback is its own deployment
 * ({@code rollback-<messageId>}) whose release is the one it goes back to; the release it leaves
 * keeps its own deployment ({@code clients/{client}/deployments/{releaseId}}). The claim that plans
 * the rollback marks that deployment ROLLED_BACK, reason {@code rolled back by <rollback's id>}, in
 * its own transaction, with one ROLLED_BACK event, so that a rollout's halt rule sees it (README:
 * Waves). Pure; the {@link StateStore} reads the documents and writes what comes back.
 *
 * <p>A release is rolled back from when a service the rollback deploys had it as its target before
 * the claim (and the rollback does not put that same release back). Its deployment is marked only
 * when it deployed or tried to (TRIGGERED, STARTED, SUCCEEDED or FAILED): ROLLED_BACK ranks above
 * them all, so a late build notification of it cannot lower it; one already ROLLED_BACK (a
 * redelivery, a second rollback) or one that never deployed here (skipped, waiting) is left alone.
 */
public final class Rollbacks {
  public static final String REASON_PREFIX = "rolled back by ";

  private static final List<DeploymentStatus> DEPLOYED = List.of(DeploymentStatus.TRIGGERED, DeploymentStatus.STARTED,
      DeploymentStatus.SUCCEEDED, DeploymentStatus.FAILED);

  private Rollbacks() {}

  /**
   * A release's deployment marked by a rollback, as stored afterwards.
   *
   * @param services the rollback's services that had this release as their target: what it moved off it
   */
  public record Marked(DeploymentDocument deployment, List<String> services) {
    public Marked {
      services = List.copyOf(services);
    }
  }

  /**
   * The releases a rollback moves its services off, in the order of its services by name, each once: the
   * release of each one's target before the claim, unless the rollback puts that release back.
   * None for any other kind of deployment.
   *
   * @param kind the claimed deployment's kind
   * @param candidates per service, the version the rollback moves it to (services carried over from
   *     an overtaken deployment are not the rollback's and are not among them)
   * @param targetsBefore per service, its target as read before the claim writes
   * @return release id → the services moved off it
   */
  public static Map<String, List<String>> from(DeploymentKind kind, Map<String, ServiceVersion> candidates,
      Map<String, ServiceVersion> targetsBefore) {
    Map<String, List<String>> from = new LinkedHashMap<>();
    if (kind != DeploymentKind.ROLLBACK) {
      return from;
    }
    for (String service : new TreeSet<>(candidates.keySet())) {
      ServiceVersion target = targetsBefore.get(service);
      if (target != null && !target.releaseId().isEmpty() && !target.releaseId().equals(candidates.get(service).releaseId())) {
        from.computeIfAbsent(target.releaseId(), id -> new ArrayList<>()).add(service);
      }
    }
    return from;
  }

  /**
   * The release deployments the rollback marks, each as stored afterwards.
   *
   * @param rollbackId the claimed rollback's deployment id
   * @param from {@link #from}
   * @param stored the client's deployment by id, as the claim read it (empty when it does not exist)
   */
  public static List<Marked> marked(String rollbackId, Map<String, List<String>> from,
      Function<String, Optional<DeploymentDocument>> stored, Instant now) {
    List<Marked> marked = new ArrayList<>();
    from.forEach((releaseId, services) -> {
      if (releaseId.equals(rollbackId)) {
        return;
      }
      stored.apply(releaseId).filter(Rollbacks::deployedHere).ifPresent(deployment ->
          marked.add(new Marked(deployment.after(DeploymentDocument.rolledBack(REASON_PREFIX + rollbackId, now)), services)));
    });
    return marked;
  }

  /** The draft's own candidates that its plan deploys (not those carried over from an overtaken deployment). */
  public static Map<String, ServiceVersion> deployed(DeploymentDraft draft, Plan plan) {
    Map<String, ServiceVersion> deployed = new LinkedHashMap<>();
    for (String service : plan.services(ServiceDecision.Action.DEPLOY)) {
      ServiceVersion version = draft.candidates().get(service);
      if (version != null) {
        deployed.put(service, version);
      }
    }
    return deployed;
  }

  /** The release's own deployment, which deployed or tried to: what a rollback of it marks. */
  static boolean deployedHere(DeploymentDocument deployment) {
    return deployment.isRelease() && DEPLOYED.stream().anyMatch(deployment::hasStatus);
  }
}
