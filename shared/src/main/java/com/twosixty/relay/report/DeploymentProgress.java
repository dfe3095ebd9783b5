package com.twosixty.relay.report;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.report.Transition.Advance;
import com.twosixty.relay.report.Transition.DeploymentChange;
import com.twosixty.relay.report.Transition.ServiceChange;
import com.twosixty.relay.report.Transition.Stale;
import com.twosixty.relay.state.Supersession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reporter's rules, as pure Java: how a deploy build's progress changes the stored deployment
 * and the client's services. Runs inside the store's transaction, so it may run more than once.
 */
public final class DeploymentProgress {
  public static final String ROLLBACK_REQUESTER = "deploy-reporter";

  private final String client;
  private final boolean clientWantsAutoRollback;

  public DeploymentProgress(String client, boolean clientWantsAutoRollback) {
    this.client = client;
    this.clientWantsAutoRollback = clientWantsAutoRollback;
  }

  /** The services a build reports on: those it names, or else those the deployment lists. */
  public static List<String> servicesOf(DeployBuild build, DeploymentDocument deployment) {
    return build.services().isEmpty() ? services(deployment) : build.services();
  }

  // The reporter's reading of the stored deployment: what it does not hold, the build tells.

  /** The stored release, else the build's. */
  static String releaseId(DeploymentDocument deployment, DeployBuild build) {
    return deployment.releaseId().isEmpty() ? build.releaseId() : deployment.releaseId();
  }

  /** The stored kind, else (unknown to this version) the build's. */
  static DeploymentKind kind(DeploymentDocument deployment, DeployBuild build) {
    return deployment.knownKind().orElse(build.kind());
  }

  /** The services the deployment lists (a name that is not text is left out). */
  static List<String> services(DeploymentDocument deployment) {
    return deployment.services().stream().filter(name -> !name.isEmpty()).toList();
  }

  /** The version client-deployer chose for the service, if it stored one with its release. */
  static Optional<ServiceVersion> planned(DeploymentDocument deployment, String service) {
    return Optional.ofNullable(deployment.images().get(service)).filter(version -> !version.releaseId().isEmpty());
  }

  /**
   * @param at when the build reached its status (RFC 3339)
   * @param now when this is recorded (RFC 3339), the deployment's {@code updatedAt}
   */
  public Transition decide(DeployBuild build, DeployBuild.Progress progress, String at, String now,
      DeploymentSnapshot snapshot) {
    DeploymentDocument deployment = snapshot.deployment();
    String releaseId = releaseId(deployment, build);
    DeploymentStatus stored = deployment.knownStatus().orElse(null);
    List<String> services = servicesOf(build, deployment);
    Optional<String> supersededBy = supersededBy(build, stored, deployment, services, snapshot);
    if (supersededBy.isPresent()) {
      // Cancelled by client-deployer for a newer deployment of the same services: not a failure,
      // nothing to roll back, and the services' latest events belong to the newer deployment.
      String reason = Supersession.REASON_PREFIX + supersededBy.get();
      return new Advance(new DeploymentEvent(client, releaseId, services, DeploymentStatus.SKIPPED, reason, build.buildId(),
          build.logUrl(), at), new DeploymentChange(DeploymentStatus.SKIPPED, build.buildId(), build.logUrl(), reason, now, false),
          List.of(), Optional.empty());
    }
    // Superseded is final: a late or repeated notification of its cancelled build changes nothing.
    boolean closedAsSuperseded = stored == DeploymentStatus.SKIPPED && deployment.reason().startsWith(Supersession.REASON_PREFIX);
    if (closedAsSuperseded || !progress.status().advancesFrom(stored)) {
      Optional<Command> pending = deployment.autoRollbackPending()
          ? Optional.of(rollbackCommand(releaseId, services, deployment.reason()))
          : Optional.empty();
      return new Stale(stored, progress.status(), pending);
    }

    boolean requestRollback = progress.status() == DeploymentStatus.FAILED
        && clientWantsAutoRollback
        // A rollback that fails is not rolled back again: that could loop between two bad releases.
        && kind(deployment, build) != DeploymentKind.ROLLBACK
        && !deployment.autoRollbackRequested();

    List<ServiceChange> changes = new ArrayList<>();
    for (String service : services) {
      ServiceChange change = serviceChange(service, snapshot.service(service), deployment, build, snapshot,
          progress, at);
      if (!change.isEmpty()) {
        changes.add(change);
      }
    }
    DeploymentEvent event = new DeploymentEvent(client, releaseId, services, progress.status(),
        progress.reason(), build.buildId(), build.logUrl(), at);
    return new Advance(event,
        new DeploymentChange(progress.status(), build.buildId(), build.logUrl(), progress.reason(), now, requestRollback),
        changes,
        requestRollback ? Optional.of(rollbackCommand(releaseId, services, progress.reason()))
            : Optional.empty());
  }

  /**
   * The release that superseded this deployment, when its build was CANCELLED while it was in flight
   * and every service it deploys has since been targeted by another deployment
   * ({@link com.twosixty.relay.state.OneDeployAtATime}); empty for any other cancellation (an
   * operator's, say), which stays a failure.
   */
  static Optional<String> supersededBy(DeployBuild build, DeploymentStatus stored, DeploymentDocument deployment,
      List<String> services, DeploymentSnapshot snapshot) {
    if (build.status() != com.google.cloudbuild.v1.Build.Status.CANCELLED || services.isEmpty() || stored == null
        || !com.twosixty.relay.state.OneDeployAtATime.IN_FLIGHT.contains(stored)) {
      return Optional.empty();
    }
    ServiceVersion newest = null;
    for (String service : services) {
      ServiceDocument document = snapshot.service(service);
      Optional<ServiceVersion> target = document.targetVersion();
      if (target.isEmpty() || document.targetDeploymentId().isEmpty()
          || document.targetDeploymentId().equals(deployment.deploymentId())) {
        return Optional.empty();
      }
      if (newest == null || target.get().sequence() > newest.sequence()) {
        newest = target.get();
      }
    }
    return Optional.of(newest.releaseId());
  }

  private ServiceChange serviceChange(String service, ServiceDocument stored, DeploymentDocument deployment,
      DeployBuild build, DeploymentSnapshot snapshot, DeployBuild.Progress progress, String at) {
    RunningRelease deployed = runningAfter(service, deployment, build, snapshot, at);
    // Once client-deployer has triggered a newer deployment of this service, a late report of an
    // older one must not overwrite the service's latest event.
    boolean latestForService = stored.targetDeploymentId().isEmpty()
        || stored.targetDeploymentId().equals(deployment.deploymentId());
    Optional<LastEvent> last = latestForService
        ? Optional.of(new LastEvent(progress.status().name(), deployed.version().releaseId(), progress.reason(), build.buildId(),
            build.logUrl(), at))
        : Optional.empty();
    if (progress.status() != DeploymentStatus.SUCCEEDED) {
      return new ServiceChange(service, last, Optional.empty(), Optional.empty());
    }
    Optional<RunningRelease> running = stored.running();
    boolean moves = switch (kind(deployment, build)) {
      // Never downgrade: a release only replaces an older one.
      case RELEASE -> running.map(r -> deployed.version().sequence() > r.version().sequence()).orElse(true);
      // The operator asked for exactly this release.
      case ROLLBACK, REDEPLOY -> true;
    };
    if (!moves) {
      return new ServiceChange(service, last, Optional.empty(), Optional.empty());
    }
    // Redeploying what already runs keeps `previous`, the release a rollback would go back to.
    Optional<RunningRelease> previous = running.filter(r -> !r.version().releaseId().equals(deployed.version().releaseId()));
    return new ServiceChange(service, last, Optional.of(deployed), previous);
  }

  /**
   * What runs once the deployment succeeded: the service's entry in the deployment's images (a
   * rollback's services may each go back to a different release), else the deployment's release
   * with the image the build or the release names.
   */
  private static RunningRelease runningAfter(String service, DeploymentDocument deployment, DeployBuild build,
      DeploymentSnapshot snapshot, String at) {
    Optional<ServiceVersion> planned = planned(deployment, service);
    if (planned.isPresent()) {
      return new RunningRelease(planned.get(), at);
    }
    ImageRef image = build.images().getOrDefault(service,
        snapshot.releaseImages().getOrDefault(service, new ImageRef("", "")));
    return new RunningRelease(new ServiceVersion(releaseId(deployment, build), deployment.sequence(), image), at);
  }

  /** One command: for a single service by name, for several as "" (all services of the failed release's deployment). */
  private Command rollbackCommand(String releaseId, List<String> services, String failure) {
    String service = services.size() == 1 ? services.get(0) : "";
    return new Command(CommandType.ROLLBACK, client, releaseId, service, ROLLBACK_REQUESTER,
        "auto rollback: " + failure);
  }
}
