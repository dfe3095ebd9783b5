package com.twosixty.relay.reporter;

import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloudbuild.v1.Build;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.cloudbuild.BuildNotifications;
import com.twosixty.relay.config.Lazy;
import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import com.twosixty.relay.contract.ContractViolation;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.operator.GatewayClient;
import com.twosixty.relay.operator.GatewayRollbacks;
import com.twosixty.relay.operator.GoogleIdTokenSource;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import com.twosixty.relay.pubsub.PubSubMessage;
import com.twosixty.relay.report.DeployReports;
import com.twosixty.relay.report.DeployReports.InvalidDeployBuild;
import com.twosixty.relay.report.DeployReports.NoProgress;
import com.twosixty.relay.report.DeployReports.NotADeployBuild;
import com.twosixty.relay.report.DeployReports.Outcome;
import com.twosixty.relay.report.DeployReports.Recorded;
import com.twosixty.relay.report.DeployReports.TooOld;
import com.twosixty.relay.report.DeployReports.Unchanged;
import com.twosixty.relay.report.DeployReports.UnknownDeployment;
import com.twosixty.relay.report.FirestoreDeploymentLedger;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Cloud Function on a client project's {@code cloud-builds} topic: each notification of a deploy
 * build moves that client's deployment forward, becomes a {@code relay.deployment/v1} event and,
 * when the client wants it, a rollback command for a failed deployment.
 */
public final class DeployReporter implements CloudEventsFunction {
  private static final StructuredLog LOG = StructuredLog.forComponent("deploy-reporter");

  private final Supplier<Wiring> wiring;

  /** What one instance is built from: when it starts, in the background, or else by its first event. */
  record Wiring(ClientDefinition client, DeployReports reports) {
    static Wiring from(Settings settings) {
      ClientDefinition client = ClientDefinitions.parse(Setting.RELAY_CLIENT.name(), settings.require(Setting.RELAY_CLIENT));
      String hubProject = settings.require(Setting.RELAY_HUB_PROJECT);
      PubSubEventPublisher events = new PubSubEventPublisher(hubProject, settings.raw("PUBSUB_EMULATOR_HOST"));
      String deploymentsTopic = settings.get(Setting.RELAY_DEPLOYMENTS_TOPIC);
      // The publisher is built while Firestore's is built and used (a cold start, BENCHMARKS.md).
      CompletableFuture.runAsync(() -> events.warmUp(deploymentsTopic));
      return new Wiring(client, new DeployReports(
          client.id(),
          client.autoRollback(),
          new FirestoreDeploymentLedger(FirestoreClients.create(hubProject, settings.get(Setting.RELAY_FIRESTORE_DATABASE),
              settings.raw("FIRESTORE_EMULATOR_HOST"))),
          events,
          deploymentsTopic,
          rollbacks(settings),
          settings.getDuration(Setting.RELAY_MAX_EVENT_AGE),
          Clock.systemUTC()));
    }
  }

  /**
   * Auto rollbacks go through the command gateway with this function's own ID token: its service
   * account's, from the metadata server, as every function on Cloud Run has it
   * ({@code ComputeEngineCredentials}, which honours {@code GCE_METADATA_HOST}: the local stack's
   * stand-in). Not Application Default Credentials' search, which on a developer's machine would
   * find their own gcloud login first.
   */
  static DeployReports.RollbackSender rollbacks(Settings settings) {
    // Built by the first rollback: most notifications never need it (nor its HTTP client's classes).
    Lazy<GatewayRollbacks> gateway = Lazy.of(() -> new GatewayRollbacks(new GatewayClient(
        settings.require(Setting.RELAY_COMMAND_GATEWAY_URL), new GoogleIdTokenSource(ComputeEngineCredentials.create()))));
    return (command, commandId) -> gateway.get().send(command, commandId);
  }

  /** The instance the invoker creates: its clients start building now, beside the invoker's own start. */
  public DeployReporter() {
    this(Lazy.of(() -> Wiring.from(Settings.fromEnvironment())).buildInBackground("deploy-reporter-start"));
  }

  DeployReporter(Settings settings) {
    this(Lazy.of(() -> Wiring.from(settings)));
  }

  DeployReporter(Supplier<Wiring> wiring) {
    this.wiring = wiring;
  }

  @Override
  public void accept(CloudEvent event) {
    Build build;
    PubSubMessage message;
    try {
      message = PubSubMessage.fromCloudEventData(event.getData() == null ? null : event.getData().toBytes());
      build = BuildNotifications.parse(message);
    } catch (ContractViolation e) {
      // Acked on purpose: a message that cannot be read now never will be.
      LOG.error("malformed cloud-builds message dropped: " + e.getMessage(), "eventId", event.getId());
      return;
    }
    Wiring w = wiring.get();
    Outcome outcome;
    try {
      outcome = w.reports().handle(build, publishTime(message, event));
    } catch (PermanentFailure e) {
      // The command gateway refused the auto rollback: retrying cannot change that; it stays pending.
      LOG.error("auto rollback not sent: " + e.getMessage(), "client", w.client().id(), "buildId", build.getId(),
          "status", build.getStatus().name());
      return;
    } catch (TransientFailure e) {
      // Rethrown so that Pub/Sub redelivers: the deployment is not recorded yet, or Firestore is away.
      LOG.warn("deploy build notification postponed, will retry: " + e.getMessage(), "client", w.client().id(),
          "buildId", build.getId(), "status", build.getStatus().name());
      throw e;
    }
    log(w.client().id(), build, message, outcome);
  }

  private static void log(String client, Build build, PubSubMessage message, Outcome outcome) {
    String buildId = build.getId();
    String status = build.getStatus().name();
    if (outcome instanceof NotADeployBuild not) {
      LOG.info("not a deploy build: " + not.reason(), "buildId", buildId, "status", status,
          "messageId", message.messageId());
    } else if (outcome instanceof InvalidDeployBuild invalid) {
      LOG.error("deploy build dropped: " + invalid.reason(), "client", client, "buildId", buildId, "status", status,
          "messageId", message.messageId());
    } else if (outcome instanceof NoProgress) {
      LOG.info("deploy build " + status + ": no deployment change", "client", client, "buildId", buildId);
    } else if (outcome instanceof TooOld old) {
      LOG.warn("deploy build notification dropped: " + old.age().toMinutes() + " minutes old, over RELAY_MAX_EVENT_AGE",
          "client", client, "buildId", buildId, "status", status, "deploymentId", old.build().deploymentId());
    } else if (outcome instanceof UnknownDeployment unknown) {
      LOG.error("deploy build of an unknown deployment dropped: no clients/" + client + "/deployments/"
              + unknown.build().deploymentId() + " after " + unknown.buildAge().toMinutes() + " minutes",
          "client", client, "buildId", buildId, "status", status, "deploymentId", unknown.build().deploymentId());
    } else if (outcome instanceof Unchanged unchanged) {
      LOG.info("duplicate or out-of-order deploy build notification: deployment is " + unchanged.stored()
              + ", build reports " + unchanged.reported(),
          "client", client, "buildId", buildId, "status", status, "deploymentId", unchanged.build().deploymentId(),
          "rollbackMessageId", unchanged.rollbackMessageId().orElse(""));
    } else if (outcome instanceof Recorded recorded) {
      LOG.info("deployment " + recorded.event().status(), "client", client, "buildId", buildId, "status", status,
          "deploymentId", recorded.build().deploymentId(), "releaseId", recorded.event().releaseId(),
          "services", String.join(",", recorded.event().services()), "eventMessageId", recorded.eventMessageId(),
          "rollbackMessageId", recorded.rollbackMessageId().orElse(""));
    }
  }

  /** The message's publish time, else the CloudEvent's own time; null when neither says. */
  private static Instant publishTime(PubSubMessage message, CloudEvent event) {
    return message.publishedAt().orElseGet(() -> event.getTime() == null ? null : event.getTime().toInstant());
  }
}
