package com.twosixty.relay.deploy;

import com.twosixty.relay.build.BuildRunner;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.DeployImages;
import com.twosixty.relay.contract.DeploySubstitutions;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImagePolicy;
import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.gke.ClusterChecker;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ReleasePlanner;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.pubsub.EventIds;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.state.StateEvents;
import com.twosixty.relay.state.Claim;
import com.twosixty.relay.state.DeploymentDraft;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.state.StateStore;
import com.twosixty.relay.state.CommandLog;
import com.twosixty.relay.state.Supersession;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.planner.ClientState;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.rollout.RolloutPolicy;
import com.twosixty.relay.rollout.RolloutReader;
import com.twosixty.relay.rollout.WaveAdmission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One client's side of Relay: plans each release and command against the client's policy and
 * state, checks the cluster, runs the client's deploy trigger and reports every decision as a
 * {@code relay.deployment/v1} event. Transient failures propagate (the message is redelivered);
 * permanent ones become FAILED events. The events of state changes go through the client's outbox
 * ({@link DeploymentEvents}): a delivery ends by publishing them, and throws if it cannot.
 */
public final class DeploymentCoordinator {
  private static final StructuredLog LOG = StructuredLog.forComponent("client-deployer");

  /** Longest a delivery waits in-line for another instance's lease (well inside a function's timeout). */
  private static final Duration MAX_LEASE_WAIT = Duration.ofSeconds(20);
  private static final Duration LEASE_POLL = Duration.ofMillis(500);

  private final ClientDefinition client;
  private final ImagePolicy images;
  private final StateStore state;
  private final ClusterChecker clusters;
  private final BuildRunner builds;
  private final DeploymentEvents events;
  private final ClientCommands commands;
  private final CommandLog commandLog;
  private final Clock clock;
  private final StructuredLog log;
  /** Issue 22: the client's wave and the hub's record of each release's rollout. */
  private final int wave;
  private final RolloutReader rollouts;

  /**
   * @param hubImages the hub's image repositories ({@code RELAY_IMAGE_REPOSITORIES}); the client's
   *     own {@code images.allow} are added to them
   */
  public DeploymentCoordinator(ClientDefinition client, ImagePolicy hubImages, StateStore state, CommandLog commandLog,
      ClusterChecker clusters, BuildRunner builds, EventPublisher events, String deploymentsTopic, Clock clock) {
    this(client, hubImages, state, commandLog, clusters, builds, events, deploymentsTopic, clock, RolloutPolicy.NONE,
        RolloutReader.NONE);
  }

  /**
   * @param rollout the hub's waves ({@code RELAY_ROLLOUT}): in a later wave than the first, a release
   *     waits (WAITING_FOR_WAVE) until the hub opens the client's wave for it ({@link WaveAdmission})
   * @param rollouts where the hub records each release's rollout; read only when the client is in a later wave
   */
  public DeploymentCoordinator(ClientDefinition client, ImagePolicy hubImages, StateStore state, CommandLog commandLog,
      ClusterChecker clusters, BuildRunner builds, EventPublisher events, String deploymentsTopic, Clock clock,
      RolloutPolicy rollout, RolloutReader rollouts) {
    this.wave = rollout.waveOf(client.id(), client.fileWave());
    this.rollouts = rollouts;
    this.client = client;
    this.images = hubImages.plus(client.images().allow());
    this.state = state;
    this.clusters = clusters;
    this.builds = builds;
    this.events = new DeploymentEvents(client.id(), events, deploymentsTopic, clock, state);
    this.commands = new ClientCommands(client.id(), state, this.events, clock);
    this.commandLog = commandLog;
    this.clock = clock;
    this.log = LOG.with("client", client.id());
  }

  /** The same coordinator whose events go through {@code events}: one command's run, its answers observed. */
  private DeploymentCoordinator(DeploymentCoordinator base, DeploymentEvents events) {
    this.client = base.client;
    this.images = base.images;
    this.state = base.state;
    this.clusters = base.clusters;
    this.builds = base.builds;
    this.events = events;
    this.commands = new ClientCommands(client.id(), state, events, base.clock);
    this.commandLog = base.commandLog;
    this.clock = base.clock;
    this.log = base.log;
    this.wave = base.wave;
    this.rollouts = base.rollouts;
  }

  public void onRelease(Release release) {
    DeploymentCoordinator delivery = new DeploymentCoordinator(this, events.forDelivery(event -> {}, ""));
    delivery.release(release);
    delivery.events.send();
  }

  private void release(Release release) {
    if (refusesImages(release)) {
      return;
    }
    Instant now = clock.instant();
    StateStore.PendingWrite saved = state.saveRelease(release, now);
    // The cluster is asked only when the release deploys here: as soon as the claim has planned a
    // deploy, beside the rest of its transaction (the query and the commit). A release skipped,
    // awaiting approval, waiting for its wave or delivered twice costs no GKE call.
    ClusterCheck cluster = new ClusterCheck(this::requireClusterRunning);
    Optional<String> waveWait = waveWait(release.releaseId());
    waveWait.ifPresent(why -> log.info("release waits for its wave: " + why, "releaseId", release.releaseId(), "wave", String.valueOf(wave)));
    act(claimWaitingOutLeases(Candidates.release(release), current -> {
      Plan plan = ReleasePlanner.plan(release, client, current, now, false, waveWait);
      if (plan.deploysAnything()) {
        cluster.start();
      }
      return plan;
    }, false), "release", cluster::await);
    saved.await();
  }

  /** What this client's wave waits for with the release; the hub's record is read only in a later wave than the first. */
  private Optional<String> waveWait(String releaseId) {
    return WaveAdmission.waveWait(wave, wave > 1 ? rollouts.rollout(releaseId) : RolloutDocument.empty(releaseId));
  }

  /**
   * One delivery's cluster check, started at most once, as soon as something will deploy; awaited
   * (started first if need be) before the build starts. A transaction that plans again does not ask twice.
   */
  private static final class ClusterCheck {
    private final Runnable check;
    private CompletableFuture<Void> running;

    ClusterCheck(Runnable check) {
      this.check = check;
    }

    synchronized void start() {
      if (running == null) {
        running = CompletableFuture.runAsync(check);
      }
    }

    void await() {
      CompletableFuture<Void> answer;
      synchronized (this) {
        start();
        answer = running;
      }
      awaitClusterCheck(answer);
    }
  }

  /**
   * A release naming any image this client may not deploy ({@link ImagePolicy}) deploys nothing
   * here: it is not stored, planned or claimed, and nothing reaches the cluster or Cloud Build. One
   * FAILED event names the offending images; the message is acked, since a redelivery cannot fix it.
   */
  private boolean refusesImages(Release release) {
    List<String> violations = images.violations(release);
    if (violations.isEmpty()) {
      return false;
    }
    String reason = "images not allowed: " + String.join("; ", violations);
    List<String> services = release.services().stream().map(Release.ServiceImage::name).filter(client::runs).toList();
    events.publish(EventIds.refusedRelease(client.id(), release.releaseId()), release.releaseId(), services,
        DeploymentStatus.FAILED, reason, "");
    log.error("release refused: " + reason, "releaseId", release.releaseId());
    return true;
  }

  /**
   * Validates the command ({@link CommandValidation}) and carries it out, or refuses it with one
   * event and no change. Either way it is answered by at least one event, and recorded once per
   * message id in the command log with the event that answered it (the last one it published).
   * A transient failure, or a recorded event that could not be published, throws before the record
   * is written: the redelivery records it.
   */
  public void onCommand(Command command, String messageId) {
    Instant received = clock.instant();
    List<DeploymentEvent> answers = new java.util.ArrayList<>();
    DeploymentCoordinator delivery = new DeploymentCoordinator(this, events.forDelivery(answers::add, messageId));
    boolean refused = delivery.handle(command, messageId);
    delivery.events.send();
    DeploymentEvent answer = answers.isEmpty() ? null : answers.get(answers.size() - 1);
    if (delivery.events.earlierAnswer().isPresent()) {
      // An earlier delivery changed the state and recorded its answer; this one only found it done.
      answer = delivery.events.earlierAnswer().get();
      refused = false;
    }
    commandLog.record(CommandDocument.of(messageId, command, received, refused, answer, clock.instant()));
  }

  /** @return whether the command was refused (it changed nothing) */
  private boolean handle(Command command, String messageId) {
    CommandValidation.Facts facts = facts(command);
    Optional<CommandValidation.Refusal> refusal = CommandValidation.check(command, client, facts);
    if (refusal.isPresent()) {
      events.refuse(command, refusal.get().status(), refusal.get().why());
      return true;
    }
    if (command.command() == com.twosixty.relay.contract.CommandType.APPROVE) {
      // Approval applies on top of the wave: a rollout halted since the release began waiting for
      // approval here keeps it from deploying, approved or not. Approve again once it is resumed.
      Optional<String> waveWait = waveWait(command.releaseId());
      if (waveWait.isPresent()) {
        events.refuse(command, DeploymentStatus.SKIPPED, command.releaseId() + " waits for its wave: " + waveWait.get());
        return true;
      }
    }
    switch (command.command()) {
      case APPROVE -> {
        return command.allServices() ? approve(command, facts.release().orElseThrow())
            : approveService(command, facts.release().orElseThrow(), messageId);
      }
      case REJECT -> {
        return commands.reject(command);
      }
      case PIN, UNPIN -> commands.pin(command);
      case FREEZE, UNFREEZE -> commands.freeze(command);
      case ROLLBACK -> {
        Map<String, ServiceVersion> candidates = Candidates.rollback(command, facts.services().values());
        commandDeployment(DeploymentKind.ROLLBACK, messageId, command, candidates,
            Candidates.rollsBackFrom(candidates, facts.services().values()));
      }
      case REDEPLOY -> commandDeployment(DeploymentKind.REDEPLOY, messageId, command,
          Candidates.redeploy(command, facts.release().orElseThrow(), client), List.of());
      case PROMOTE -> release(facts.release().orElseThrow());
      case HALT, RESUME -> throw new IllegalStateException("refused by CommandValidation");
    }
    return false;
  }

  /** What {@link CommandValidation} needs to know about this command, read only where it needs it. */
  private CommandValidation.Facts facts(Command command) {
    boolean namesRelease = !command.releaseId().isEmpty() && switch (command.command()) {
      case APPROVE, REJECT, PIN, REDEPLOY, PROMOTE -> true;
      default -> false;
    };
    boolean needsDeployment = namesRelease && command.command() != com.twosixty.relay.contract.CommandType.REDEPLOY
        && command.command() != com.twosixty.relay.contract.CommandType.PROMOTE;
    boolean needsServices = switch (command.command()) {
      case APPROVE, REJECT, ROLLBACK -> true;
      default -> false;
    };
    return new CommandValidation.Facts(
        namesRelease ? state.release(command.releaseId()) : Optional.empty(),
        needsDeployment ? state.deployment(client.id(), command.releaseId()) : Optional.empty(),
        needsServices ? state.services(client.id()) : Map.of());
  }

  /**
   * Plans the waiting release again, approved. Between the check and the claim another delivery may
   * have approved, rejected or overtaken it: that approve is answered too, never left silent.
   */
  private boolean approve(Command command, Release r) {
    Instant now = clock.instant();
    Claim claim = claimWaitingOutLeases(Candidates.release(r), current -> ReleasePlanner.plan(r, client, current, now, true), true);
    if (claim instanceof Claim.Duplicate duplicate) {
      DeploymentDocument d = duplicate.deployment();
      events.refuse(command, DeploymentStatus.SKIPPED, r.releaseId() + " waits for nothing: its deployment is " + d.deploymentStatus());
      return true;
    }
    DeploymentDocument planned = claim instanceof Claim.Planned p ? p.deployment()
        : claim instanceof Claim.Resumed resumed ? resumed.deployment() : null;
    if (planned != null && !planned.plan().deploysAnything()) {
      // Planned again, approved, it deploys nothing (overtaken meanwhile, or frozen): it no longer waits.
      events.refuse(command, DeploymentStatus.SKIPPED, r.releaseId() + " waits for nothing: " + planned.plan().skipSummary());
      return true;
    }
    log.info("release approved", "releaseId", r.releaseId(), "by", command.by());
    act(claim, "approve by " + command.by(), this::requireClusterRunning);
    return false;
  }

  /**
   * Approves one service of a waiting release: a deployment of its own ({@code approve-<messageId>},
   * kind release, once-only by the message id) that deploys that service at the release, planned as
   * the release's own deployment would be (pins, freezes, never a downgrade). The release's
   * deployment keeps waiting for its other services: approving it later deploys what is left (the
   * approved service is then not newer), and once every service it waits for has moved, a claim
   * closes it as superseded.
   */
  private boolean approveService(Command command, Release r, String messageId) {
    Instant now = clock.instant();
    String service = command.service();
    DeploymentDraft draft = new DeploymentDraft("approve-" + messageId, r.releaseId(), r.sequence(), DeploymentKind.RELEASE,
        Candidates.of(r, service::equals));
    Claim claim = claimWaitingOutLeases(draft, current -> new Plan(ReleasePlanner.plan(r, client, current, now, true)
        .decisions().stream().filter(d -> d.service().equals(service)).toList()), false);
    DeploymentDocument planned = claim instanceof Claim.Planned p ? p.deployment()
        : claim instanceof Claim.Resumed resumed ? resumed.deployment() : null;
    if (planned != null && !planned.plan().deploysAnything()) {
      events.refuse(command, DeploymentStatus.SKIPPED, r.releaseId() + " waits for nothing: " + planned.plan().skipSummary());
      return true;
    }
    log.info("release approved for one service", "releaseId", r.releaseId(), "service", service, "by", command.by());
    act(claim, "approve of " + service + " by " + command.by(), this::requireClusterRunning);
    return false;
  }

  /**
   * Rollback and redeploy deploy what they name, downgrade or not; the message id makes them
   * once-only. A rollback's claim marks the deployments of the releases it rolls back from
   * ROLLED_BACK ({@link com.twosixty.relay.state.Rollbacks}); their events go out with the claim's.
   */
  private void commandDeployment(DeploymentKind kind, String messageId, Command command, Map<String, ServiceVersion> candidates,
      List<String> rollsBackFrom) {
    DeploymentDraft draft = Candidates.command(kind, messageId, candidates, rollsBackFrom);
    Plan plan = new Plan(candidates.keySet().stream().map(ServiceDecision::deploy).toList());
    act(claimWaitingOutLeases(draft, current -> plan, false), kind.wireName() + " by " + command.by(), this::requireClusterRunning);
  }

  /**
   * Claims; when another instance holds the deployment's lease (it is starting the build, or died
   * doing so), waits for the lease to run out once and claims again, so that the redelivery after a
   * crash deploys instead of being acked as a duplicate. A lease too far off is a retry later.
   */
  private Claim claimWaitingOutLeases(DeploymentDraft draft, Function<ClientState, Plan> planner, boolean approving) {
    Claim claim = state.claim(client.id(), draft, planner, approving, clock.instant(), events::outboxListed);
    if (!(claim instanceof Claim.Held held)) {
      return claim;
    }
    if (Duration.between(clock.instant(), held.leaseUntil()).compareTo(MAX_LEASE_WAIT) > 0) {
      throw new TransientFailure("deployment " + draft.deploymentId() + " is being started elsewhere until " + held.leaseUntil());
    }
    log.info("deployment being started elsewhere; waiting for it or for its lease to end",
        "deploymentId", draft.deploymentId(), "leaseUntil", held.leaseUntil().toString());
    // Usually the holder is alive and records its build within a second: look again every half
    // second rather than sleeping through the whole lease.
    while (claim instanceof Claim.Held current && !clock.instant().isAfter(current.leaseUntil().plusMillis(200))) {
      sleep(LEASE_POLL);
      claim = state.claim(client.id(), draft, planner, approving, clock.instant(), events::outboxListed);
    }
    if (claim instanceof Claim.Held stillHeld) {
      throw new TransientFailure("deployment " + draft.deploymentId() + " is still being started elsewhere until " + stillHeld.leaseUntil());
    }
    return claim;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(0, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while waiting for a lease", e);
    }
  }

  private void requireClusterRunning() {
    clusters.requireRunning(client.gcp().project(), client.cluster().location(), client.cluster().name());
  }

  private static void awaitClusterCheck(CompletableFuture<Void> check) {
    try {
      check.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure; // TransientFailure or PermanentFailure, as a direct call would have thrown it
      }
      throw e;
    }
  }

  /** @param clusterCheck throws unless the client's cluster can take a deployment now */
  private void act(Claim claim, String cause, Runnable clusterCheck) {
    if (claim instanceof Claim.Held held) {
      throw new TransientFailure("deployment " + held.deployment().deploymentId() + " is being started elsewhere");
    }
    if (claim instanceof Claim.Duplicate duplicate) {
      log.info("duplicate delivery: deployment already " + duplicate.deployment().status(),
          "deploymentId", duplicate.deployment().deploymentId());
      return;
    }
    DeploymentDocument deployment = claim instanceof Claim.Planned planned ? planned.deployment() : ((Claim.Resumed) claim).deployment();
    logSuperseded(claim instanceof Claim.Planned planned ? planned.superseded() : ((Claim.Resumed) claim).superseded());
    if (claim instanceof Claim.Planned planned) {
      planned.rolledBack().forEach(marked -> log.info("release rolled back: " + marked.deployment().reason(),
          "releaseId", marked.deployment().releaseId(), "services", String.join(",", marked.services())));
    }
    Plan plan = deployment.plan();
    // The claim's transaction wrote its SKIPPED, AWAITING_APPROVAL, supersession and overtaken
    // deployments' events to the outbox; they go out now, before the build is announced, or at the delivery's end.
    events.recorded(StateEvents.claimed(client.id(), claim));
    events.sendQuietly();
    if (!plan.deploysAnything()) {
      return;
    }
    if (claim instanceof Claim.Resumed && adoptStartedBuild(deployment)) {
      return;
    }
    List<DeploymentDocument> overtaken = claim instanceof Claim.Planned p ? p.overtaken() : ((Claim.Resumed) claim).overtaken();
    trigger(deployment, cause, () -> {
      clusterCheck.run();
      cancelOvertaken(deployment, overtaken);
    });
  }

  /**
   * One deploy at a time per service ({@link com.twosixty.relay.state.OneDeployAtATime}): the older
   * builds this deployment overtakes are cancelled before its own starts. A build not yet recorded
   * (its claimant died after starting it) is found by its _DEPLOYMENT_ID. A transient failure to
   * cancel is retried with the message; the newer build never starts while an older one may run.
   */
  private void cancelOvertaken(DeploymentDocument newer, List<DeploymentDocument> overtaken) {
    for (DeploymentDocument older : overtaken) {
      Optional<String> buildId = older.buildId().isEmpty() ? startedBuild(older) : Optional.of(older.buildId());
      if (buildId.isEmpty()) {
        continue;
      }
      builds.cancel(client.gcp().project(), client.deploy().trigger(), buildId.get());
      log.info("deploy build superseded: cancelled", "deploymentId", older.deploymentId(), "releaseId", older.releaseId(),
          "buildId", buildId.get(), "supersededBy", newer.releaseId());
    }
  }

  /** The releases waiting for approval or their wave that this claim closed ({@link Supersession}); their SKIPPED events are in the claim's outbox entries. */
  private void logSuperseded(List<DeploymentDocument> superseded) {
    for (DeploymentDocument closed : superseded) {
      log.info("waiting release closed: " + closed.reason(), "releaseId", closed.releaseId());
    }
  }

  /**
   * A taken-over deployment whose first claimant died, or failed to announce or record the build,
   * after Cloud Build accepted the trigger: its build exists, carrying our _DEPLOYMENT_ID. Adopt it
   * instead of deploying twice. When the lookup itself fails, deploying again is the lesser harm.
   */
  private boolean adoptStartedBuild(DeploymentDocument deployment) {
    Optional<String> started;
    try {
      started = builds.findRecentBuild(client.gcp().project(), client.deploy().trigger(), "_DEPLOYMENT_ID",
          deployment.deploymentId());
    } catch (RuntimeException e) {
      log.warn("could not look for an already started build: " + e.getMessage(), "deploymentId", deployment.deploymentId());
      return false;
    }
    if (started.isEmpty()) {
      return false;
    }
    recordTriggered(deployment, started.get(), "adopted the build an interrupted delivery started");
    log.info("adopted a deploy build an interrupted delivery started", "deploymentId", deployment.deploymentId(),
        "buildId", started.get());
    return true;
  }

  /** The build an overtaken deployment's claimant started but never recorded, if any; a runner that cannot list finds none. */
  private Optional<String> startedBuild(DeploymentDocument older) {
    try {
      return builds.findRecentBuild(client.gcp().project(), client.deploy().trigger(), "_DEPLOYMENT_ID", older.deploymentId());
    } catch (PermanentFailure e) {
      log.warn("could not look for the build of a superseded deployment: " + e.getMessage(), "deploymentId", older.deploymentId());
      return Optional.empty();
    }
  }

  private void trigger(DeploymentDocument deployment, String cause, Runnable clusterCheck) {
    Instant now = clock.instant();
    String buildId;
    try {
      requireAllowedImages(deployment);
      clusterCheck.run();
      buildId = builds.runTrigger(client.gcp().project(), client.deploy().trigger(), "", substitutions(deployment));
    } catch (TransientFailure e) {
      state.releaseLease(client.id(), deployment.deploymentId());
      log.warn("deployment postponed, will retry: " + e.getMessage(), "deploymentId", deployment.deploymentId());
      throw e;
    } catch (PermanentFailure e) {
      state.markFailed(client.id(), deployment.deploymentId(), e.getMessage(), now);
      events.recorded(List.of(StateEvents.failed(client.id(), deployment.after(DeploymentDocument.failed(e.getMessage(), now)))));
      log.error("deployment failed: " + e.getMessage(), "deploymentId", deployment.deploymentId());
      return;
    }
    recordTriggered(deployment, buildId, deployment.deploymentKind() == DeploymentKind.RELEASE ? "" : cause);
    log.info("deploy triggered", "deploymentId", deployment.deploymentId(),
        "releaseId", deployment.releaseId(), "services", String.join(",", deployment.services()), "buildId", buildId);
  }

  /**
   * A started build is announced first and recorded second. If either step fails, the deployment
   * is still PLANNED and its lease is let go. The redelivery then finds the build by its
   * _DEPLOYMENT_ID, adopts it and announces it: the TRIGGERED event may go out twice, never not at all.
   * In the other order, a failed publish after the commit left a deployment that every redelivery
   * took for a duplicate, and its event was never sent.
   */
  private void recordTriggered(DeploymentDocument deployment, String buildId, String reason) {
    try {
      events.publish(EventIds.build(client.id(), deployment.deploymentId(), DeploymentStatus.TRIGGERED, buildId),
          deployment.releaseId(), deployment.services(), DeploymentStatus.TRIGGERED, reason, buildId);
      state.markTriggered(client.id(), deployment.deploymentId(), buildId, clock.instant());
    } catch (RuntimeException e) {
      log.warn("build " + buildId + " started but not yet announced and recorded, will retry: " + e.getMessage(),
          "deploymentId", deployment.deploymentId(), "buildId", buildId);
      try {
        state.releaseLease(client.id(), deployment.deploymentId());
      } catch (RuntimeException leaseKept) {
        // the lease runs out by itself; the redelivery waits for it
      }
      throw new TransientFailure("deployment " + deployment.deploymentId() + ": build " + buildId
          + " started, announcing or recording it failed: " + e.getMessage(), e);
    }
  }

  /**
   * The last gate before Cloud Build, for every kind of deployment: a rollback or redeploy names
   * versions stored before the allow-list changed, and they are held to today's list.
   */
  private void requireAllowedImages(DeploymentDocument deployment) {
    List<String> violations = new java.util.ArrayList<>();
    for (String service : deployment.services()) {
      ServiceVersion version = deployment.images().get(service);
      images.violation(version.image(), version.digest()).ifPresent(v -> violations.add(service + " " + v));
    }
    if (!violations.isEmpty()) {
      throw new PermanentFailure("images not allowed: " + String.join("; ", violations));
    }
  }

  /** The deploy trigger's substitutions; the client repo's cloudbuild.yaml reads them. */
  Map<String, String> substitutions(DeploymentDocument deployment) {
    Map<String, ImageRef> images = new LinkedHashMap<>();
    deployment.services().forEach(s -> images.put(s, deployment.images().get(s).imageRef()));
    return new DeploySubstitutions(deployment.releaseId(), deployment.deploymentId(), deployment.deploymentKind(),
        deployment.services(), new DeployImages(images), client.cluster().name(), client.cluster().location()).toMap();
  }
}
