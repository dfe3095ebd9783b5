package com.twosixty.relay.deployer;

import com.google.cloud.functions.CloudEventsFunction;
import com.twosixty.relay.build.CloudBuildRunner;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.config.Lazy;
import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.ContractViolation;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.contract.RelayMessage;
import com.twosixty.relay.deploy.DeploymentCoordinator;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.gke.GkeClusterChecker;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import com.twosixty.relay.pubsub.PubSubMessage;
import com.twosixty.relay.state.FirestoreStateStore;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Cloud Function of one client environment, on the client's subscriptions to {@code releases} and
 * {@code release-commands}. It checks the attributes itself (the emulator does not apply
 * subscription filters, and a filter may be misconfigured), then hands the message to the
 * {@link DeploymentCoordinator}.
 */
public final class ClientDeployer implements CloudEventsFunction {
  private static final StructuredLog LOG = StructuredLog.forComponent("client-deployer");

  private final Supplier<Wiring> wiring;

  record Wiring(ClientDefinition client, DeploymentCoordinator coordinator, Duration maxEventAge, Clock clock) {
    static Wiring from(Settings settings) {
      ClientDefinition client = ClientDefinitions.parse(Setting.RELAY_CLIENT.name(), settings.require(Setting.RELAY_CLIENT));
      String project = settings.require(Setting.RELAY_PROJECT);
      Clock clock = Clock.systemUTC();
      String deploymentsTopic = settings.get(Setting.RELAY_DEPLOYMENTS_TOPIC);
      GkeClusterChecker clusters = new GkeClusterChecker(settings.get(Setting.RELAY_CONTAINER_ENDPOINT));
      CloudBuildRunner builds = new CloudBuildRunner(settings.get(Setting.RELAY_CLOUDBUILD_ENDPOINT));
      PubSubEventPublisher events = new PubSubEventPublisher(project, settings.raw("PUBSUB_EMULATOR_HOST"));
      // The first event needs every client; build the ones it needs later while Firestore's is built
      // and used (measured in BENCHMARKS.md: a cold start).
      CompletableFuture.runAsync(clusters::warmUp);
      CompletableFuture.runAsync(builds::warmUp);
      CompletableFuture.runAsync(() -> events.warmUp(deploymentsTopic));
      DeploymentCoordinator coordinator = new DeploymentCoordinator(client,
          new FirestoreStateStore(FirestoreClients.create(project, settings.get(Setting.RELAY_FIRESTORE_DATABASE),
              settings.raw("FIRESTORE_EMULATOR_HOST"))),
          clusters, builds, events, deploymentsTopic, clock);
      return new Wiring(client, coordinator, settings.getDuration(Setting.RELAY_MAX_EVENT_AGE), clock);
    }
  }

  /** The instance the invoker creates: its clients start building now, beside the invoker's own start. */
  public ClientDeployer() {
    this(Lazy.of(() -> Wiring.from(Settings.fromEnvironment())).buildInBackground("client-deployer-start"));
  }

  ClientDeployer(Settings settings) {
    this(Lazy.of(() -> Wiring.from(settings)));
  }

  ClientDeployer(Supplier<Wiring> wiring) {
    this.wiring = wiring;
  }

  @Override
  public void accept(CloudEvent event) {
    Wiring w;
    try {
      w = wiring.get();
    } catch (RuntimeException e) {
      // Misconfiguration: fail loudly on every event (Pub/Sub retries, then dead-letters) rather than ack.
      LOG.error("client-deployer is misconfigured: " + e.getMessage(), "eventId", event.getId());
      throw e;
    }
    String client = w.client().id();
    PubSubMessage message;
    try {
      message = PubSubMessage.fromCloudEventData(event.getData() == null ? null : event.getData().toBytes());
    } catch (ContractViolation e) {
      LOG.error("malformed event dropped: " + e.getMessage(), "client", client, "eventId", event.getId());
      return;
    }
    if (tooOld(message, w)) {
      LOG.warn("event older than " + w.maxEventAge() + " dropped", "client", client, "messageId", message.messageId(),
          "publishTime", message.publishTime());
      return;
    }
    String addressedTo = message.attribute("client");
    if (!addressedTo.isEmpty() && !addressedTo.equals(client)) {
      LOG.info("message for client '" + addressedTo + "' ignored", "client", client, "messageId", message.messageId());
      return;
    }
    RelayMessage decoded;
    try {
      decoded = ContractCodec.decode(message.data());
    } catch (ContractViolation e) {
      LOG.error("malformed message dropped: " + e.getMessage(), "client", client, "messageId", message.messageId());
      return;
    }
    if (decoded instanceof Release release) {
      w.coordinator().onRelease(release);
    } else if (decoded instanceof Command command) {
      if (!command.client().equals(client)) {
        LOG.info("command for client '" + command.client() + "' ignored", "client", client, "messageId", message.messageId());
        return;
      }
      LOG.info("command received: " + command.command().wireName(), "client", client, "releaseId", command.releaseId(),
          "service", command.service(), "by", command.by(), "messageId", message.messageId());
      w.coordinator().onCommand(command, message.messageId());
    } else {
      LOG.error("unexpected " + decoded.schema() + " message dropped", "client", client, "messageId", message.messageId());
    }
  }

  private static boolean tooOld(PubSubMessage message, Wiring w) {
    return message.publishedAt().map(at -> at.plus(w.maxEventAge()).isBefore(w.clock().instant())).orElse(false);
  }
}
