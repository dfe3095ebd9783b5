package com.twosixty.relay.report;

import com.google.cloudbuild.v1.Build;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.pubsub.EventIds;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.pubsub.OutboxEntry;
import com.twosixty.relay.pubsub.OutboxSender;
import com.twosixty.relay.report.Transition.Advance;
import com.twosixty.relay.report.Transition.Stale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * deploy-reporter's work for one cloud-builds notification: read the deploy build, move the
 * deployment forward in one transaction, its event written to the client's outbox in it, then
 * publish the event (and whatever earlier notifications left unsent) and, once, the rollback. A
 * publish that fails throws {@link TransientFailure} after the rollback was tried: the notification
 * is redelivered, finds its transition stale and sends what is still unsent, with the same ids.
 */
public final class DeployReports {
  /**
   * client-deployer writes the deployment before it triggers the build, so a missing document
   * usually means that write is still in flight; after this long it is not coming.
   */
  public static final Duration MISSING_DEPLOYMENT_GRACE = Duration.ofMinutes(5);

  private final String client;
  private final DeploymentProgress progress;
  private final DeploymentLedger ledger;
  private final EventPublisher publisher;
  private final String deploymentsTopic;
  private final RollbackSender rollbacks;
  private final Duration maxEventAge;
  private final Clock clock;

  /**
   * Sends an auto rollback; returns the message id it was published as. Throws to have the
   * notification redelivered (the rollback stays pending in the ledger until it is sent).
   * {@code commandId} ({@link #rollbackId}) is the same for every send of one failed deployment's
   * rollback, so the client handles copies (concurrent notifications, redeliveries) once.
   */
  @FunctionalInterface
  public interface RollbackSender {
    String send(Command rollback, String commandId);
  }

  /** The id of the auto rollback of a failed deployment: derived from the deployment alone. */
  public static String rollbackId(String deploymentId) {
    return "auto-rollback-" + deploymentId;
  }

  /** Rollbacks published straight on {@code releaseCommandsTopic} (tests; production sends them through the command gateway). */
  public DeployReports(String client, boolean autoRollback, DeploymentLedger ledger, EventPublisher publisher,
      String deploymentsTopic, String releaseCommandsTopic, Duration maxEventAge, Clock clock) {
    this(client, autoRollback, ledger, publisher, deploymentsTopic,
        (command, commandId) -> publisher.publish(releaseCommandsTopic, command, client, commandId), maxEventAge, clock);
  }

  public DeployReports(String client, boolean autoRollback, DeploymentLedger ledger, EventPublisher publisher,
      String deploymentsTopic, RollbackSender rollbacks, Duration maxEventAge, Clock clock) {
    this.client = client;
    this.progress = new DeploymentProgress(client, autoRollback);
    this.ledger = ledger;
    this.publisher = publisher;
    this.deploymentsTopic = deploymentsTopic;
    this.rollbacks = rollbacks;
    this.maxEventAge = maxEventAge;
    this.clock = clock;
  }

  /** What became of one notification, for the function's one log line. */
  public sealed interface Outcome {}

  public record NotADeployBuild(String reason) implements Outcome {}

  public record InvalidDeployBuild(String reason) implements Outcome {}

  /** QUEUED, PENDING and the like: the deployment has not moved. */
  public record NoProgress(DeployBuild build) implements Outcome {}

  public record TooOld(DeployBuild build, Duration age) implements Outcome {}

  /** The deployment document never appeared: acked, as retrying cannot make it. */
  public record UnknownDeployment(DeployBuild build, Duration buildAge) implements Outcome {}

  /** A duplicate or late notification; {@code rollbackMessageId} when it completed a pending rollback. */
  public record Unchanged(DeployBuild build, DeploymentStatus stored, DeploymentStatus reported,
      Optional<String> rollbackMessageId) implements Outcome {}

  public record Recorded(DeployBuild build, DeploymentEvent event, String eventMessageId,
      Optional<Command> rollback, Optional<String> rollbackMessageId) implements Outcome {}

  /**
   * @param publishedAt when Pub/Sub accepted the notification, or null when unknown
   * @throws TransientFailure when the deployment is not recorded yet or the store is unavailable
   */
  public Outcome handle(Build notification, Instant publishedAt) {
    DeployBuild.Reading reading = DeployBuild.read(notification);
    if (reading instanceof DeployBuild.NotADeployBuild not) {
      return new NotADeployBuild(not.reason());
    }
    if (reading instanceof DeployBuild.Invalid invalid) {
      return new InvalidDeployBuild(invalid.reason());
    }
    DeployBuild build = ((DeployBuild.Deploy) reading).build();
    Instant now = clock.instant();
    if (publishedAt != null && Duration.between(publishedAt, now).compareTo(maxEventAge) > 0) {
      return new TooOld(build, Duration.between(publishedAt, now));
    }
    Optional<DeployBuild.Progress> reported = build.progress();
    if (reported.isEmpty()) {
      return new NoProgress(build);
    }
    String at = (build.statusAt() == null ? now : build.statusAt()).toString();
    CompletableFuture<List<OutboxEntry>> earlier = CompletableFuture.supplyAsync(() -> ledger.unsent(client));
    com.twosixty.relay.firestore.DeploymentDocument[] stored = new com.twosixty.relay.firestore.DeploymentDocument[1];
    Optional<Transition> transition = ledger.apply(client, build, snapshot -> {
      stored[0] = snapshot.deployment();
      return progress.decide(build, reported.get(), at, now.toString(), snapshot);
    });
    if (transition.isEmpty()) {
      Duration age = build.createdAt() == null ? Duration.ofDays(365) : Duration.between(build.createdAt(), now);
      if (age.compareTo(MISSING_DEPLOYMENT_GRACE) < 0) {
        throw new TransientFailure("deployment " + client + "/" + build.deploymentId()
            + " is not recorded yet (build " + build.buildId() + " is " + age.toSeconds() + "s old)");
      }
      return new UnknownDeployment(build, age);
    }
    if (transition.get() instanceof Stale stale) {
      RuntimeException unsent = sendOutbox(earlier, List.of());
      Optional<String> rollbackId = stale.pendingRollback().map(command -> publishRollback(build, command));
      throwIfUnsent(unsent);
      return new Unchanged(build, stale.stored(), stale.reported(), rollbackId);
    }
    Advance advance = (Advance) transition.get();
    // After the commit: the event is in the outbox. A publish that fails throws once the rollback was
    // tried, and the redelivery sends the event (and the rollback, if it is still pending).
    OutboxEntry entry = announced(client, build, advance);
    Map<String, String> sent = new java.util.HashMap<>();
    RuntimeException unsent = sendOutbox(earlier, recorded(client, build, advance, overtook(stored[0])), sent);
    Optional<String> rollbackId = advance.rollback().map(command -> publishRollback(build, command));
    throwIfUnsent(unsent);
    return new Recorded(build, advance.event(), sent.getOrDefault(entry.eventId(), ""), advance.rollback(), rollbackId);
  }

  /** The outbox entry of a transition's event; its id is the deployment's, the status's and the build's. */
  public static OutboxEntry announced(String client, DeployBuild build, Advance advance) {
    return new OutboxEntry(EventIds.build(client, build.deploymentId(), advance.event().status(), build.buildId()),
        advance.event());
  }

  /**
   * What an advance writes to the outbox: its event, after a TRIGGERED when it {@code overtook}
   * client-deployer ({@link #overtook}). The build's notification can reach us while client-deployer's TRIGGERED is still
   * unannounced (its publish failed, and the redelivery will find the deployment already moved on and
   * take it for a duplicate): the TRIGGERED goes out from here then, under the same id as the
   * deployer's, so a consumer keeps one.
   */
  public static List<OutboxEntry> recorded(String client, DeployBuild build, Advance advance, boolean overtook) {
    if (!overtook) {
      return List.of(announced(client, build, advance));
    }
    com.twosixty.relay.contract.DeploymentEvent e = advance.event();
    com.twosixty.relay.contract.DeploymentEvent triggered = new com.twosixty.relay.contract.DeploymentEvent(e.client(),
        e.releaseId(), e.services(), DeploymentStatus.TRIGGERED, "", build.buildId(), e.logUrl(), e.at());
    return List.of(new OutboxEntry(EventIds.build(client, build.deploymentId(), DeploymentStatus.TRIGGERED, build.buildId()),
        triggered), announced(client, build, advance));
  }

  /** The deployment was still PLANNED when its build reported: client-deployer had not recorded TRIGGERED. */
  public static boolean overtook(com.twosixty.relay.firestore.DeploymentDocument stored) {
    return stored != null && stored.hasStatus(DeploymentStatus.PLANNED);
  }

  private RuntimeException sendOutbox(CompletableFuture<List<OutboxEntry>> earlier, List<OutboxEntry> own) {
    return sendOutbox(earlier, own, new java.util.HashMap<>());
  }

  /** @return the failure, if a publish failed (the rest of the outbox stays unsent) */
  private RuntimeException sendOutbox(CompletableFuture<List<OutboxEntry>> earlier, List<OutboxEntry> own,
      Map<String, String> sent) {
    try {
      sent.putAll(new OutboxSender(ledger, publisher, deploymentsTopic).send(client, unsent(earlier), own));
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static List<OutboxEntry> unsent(CompletableFuture<List<OutboxEntry>> earlier) {
    try {
      return earlier.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure : e;
    }
  }

  private static void throwIfUnsent(RuntimeException failure) {
    if (failure instanceof TransientFailure transientFailure) {
      throw transientFailure;
    }
    if (failure != null) {
      throw new TransientFailure("deployment events recorded but not sent: " + failure.getMessage(), failure);
    }
  }

  private String publishRollback(DeployBuild build, Command command) {
    String messageId = rollbacks.send(command, rollbackId(build.deploymentId()));
    ledger.markAutoRollbackPublished(client, build.deploymentId());
    return messageId;
  }
}
