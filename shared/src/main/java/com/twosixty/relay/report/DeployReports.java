package com.twosixty.relay.report;

import com.google.cloudbuild.v1.Build;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.report.Transition.Advance;
import com.twosixty.relay.report.Transition.Stale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * deploy-reporter's work for one cloud-builds notification: read the deploy build, move the
 * deployment forward in one transaction, then publish the deployment event and, once, the rollback.
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
   */
  @FunctionalInterface
  public interface RollbackSender {
    String send(Command rollback);
  }

  /** Rollbacks published straight on {@code releaseCommandsTopic} (tests; production sends them through the command gateway). */
  public DeployReports(String client, boolean autoRollback, DeploymentLedger ledger, EventPublisher publisher,
      String deploymentsTopic, String releaseCommandsTopic, Duration maxEventAge, Clock clock) {
    this(client, autoRollback, ledger, publisher, deploymentsTopic,
        command -> publisher.publish(releaseCommandsTopic, command, client), maxEventAge, clock);
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
    Optional<Transition> transition = ledger.apply(client, build,
        snapshot -> progress.decide(build, reported.get(), at, now.toString(), snapshot));
    if (transition.isEmpty()) {
      Duration age = build.createdAt() == null ? Duration.ofDays(365) : Duration.between(build.createdAt(), now);
      if (age.compareTo(MISSING_DEPLOYMENT_GRACE) < 0) {
        throw new TransientFailure("deployment " + client + "/" + build.deploymentId()
            + " is not recorded yet (build " + build.buildId() + " is " + age.toSeconds() + "s old)");
      }
      return new UnknownDeployment(build, age);
    }
    if (transition.get() instanceof Stale stale) {
      Optional<String> rollbackId = stale.pendingRollback().map(command -> publishRollback(build, command));
      return new Unchanged(build, stale.stored(), stale.reported(), rollbackId);
    }
    Advance advance = (Advance) transition.get();
    // After the commit: a publish that fails throws, and the redelivery finds the rollback still pending.
    String eventId = publisher.publish(deploymentsTopic, advance.event(), client);
    Optional<String> rollbackId = advance.rollback().map(command -> publishRollback(build, command));
    return new Recorded(build, advance.event(), eventId, advance.rollback(), rollbackId);
  }

  private String publishRollback(DeployBuild build, Command command) {
    String messageId = rollbacks.send(command);
    ledger.markAutoRollbackPublished(client, build.deploymentId());
    return messageId;
  }
}
