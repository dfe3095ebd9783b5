package com.twosixty.relay.deployer;

import com.twosixty.relay.contract.MessageAttributes;
import com.twosixty.relay.deploy.CommandKeys;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.twosixty.relay.build.CloudBuildRunner;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.config.Lazy;
import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.ContractViolation;
import com.twosixty.relay.contract.ImagePolicy;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.contract.RelayMessage;
import com.twosixty.relay.deploy.DeploymentCoordinator;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.gke.GkeClusterChecker;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import com.twosixty.relay.pubsub.PubSubMessage;
import com.twosixty.relay.pubsub.PushBody;
import com.twosixty.relay.pubsub.PushEndpoint;
import com.twosixty.relay.state.FirestoreCommandLog;
import com.twosixty.relay.state.FirestoreStateStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Cloud Function of one client environment, fed by the client project's Pub/Sub push subscriptions
 * to the hub's {@code releases} and {@code release-commands} (not Eventarc, whose own subscription
 * carries no filter, dead-letter topic or retry policy of ours). So it is an HTTP function that
 * decodes the documented push body itself: 204 acks, 500 nacks (a transient failure), and a malformed
 * body is acked with one ERROR line. Cloud Run checks the push's OIDC token before the request
 * arrives. It checks the attributes itself (the emulator does not apply subscription filters, and a
 * filter may be misconfigured), then hands the message to the {@link DeploymentCoordinator}.
 */
public final class ClientDeployer implements HttpFunction {
  private static final StructuredLog LOG = StructuredLog.forComponent("client-deployer");
  /**
   * A contract body is at most 256 KiB (ContractCodec); base64 and the envelope make it about a third
   * more. Anything larger is not a Relay message: it is acked with an ERROR line, and at most this plus
   * one byte of it is held in memory.
   */
  static final int MAX_BODY_BYTES = 512 * 1024;

  private final PushEndpoint<Wiring> endpoint;

  record Wiring(ClientDefinition client, DeploymentCoordinator coordinator, Duration maxEventAge, Clock clock) {
    static Wiring from(Settings settings) {
      ClientDefinition client = ClientDefinitions.parse(Setting.RELAY_CLIENT.name(), settings.require(Setting.RELAY_CLIENT));
      String hubProject = settings.require(Setting.RELAY_HUB_PROJECT);
      ImagePolicy hubImages = ImagePolicy.parse(settings.require(Setting.RELAY_IMAGE_REPOSITORIES));
      com.twosixty.relay.rollout.RolloutPolicy rollout;
      try {
        rollout = com.twosixty.relay.rollout.RolloutPolicy.parse(settings.get(Setting.RELAY_ROLLOUT));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e); // misconfigured: every delivery fails (500) until fixed
      }
      Clock clock = Clock.systemUTC();
      String deploymentsTopic = settings.get(Setting.RELAY_DEPLOYMENTS_TOPIC);
      GkeClusterChecker clusters = new GkeClusterChecker(settings.get(Setting.RELAY_CONTAINER_ENDPOINT));
      CloudBuildRunner builds = new CloudBuildRunner(settings.get(Setting.RELAY_CLOUDBUILD_ENDPOINT));
      PubSubEventPublisher events = new PubSubEventPublisher(hubProject, settings.raw("PUBSUB_EMULATOR_HOST"));
      // The first event needs every client; build the ones it needs later while Firestore's is built
      // and used (measured in BENCHMARKS.md: a cold start).
      CompletableFuture.runAsync(clusters::warmUp);
      CompletableFuture.runAsync(builds::warmUp);
      CompletableFuture.runAsync(() -> events.warmUp(deploymentsTopic));
      Firestore firestore = FirestoreClients.create(hubProject, settings.get(Setting.RELAY_FIRESTORE_DATABASE),
          settings.raw("FIRESTORE_EMULATOR_HOST"));
      DeploymentCoordinator coordinator = new DeploymentCoordinator(client, hubImages, new FirestoreStateStore(firestore),
          new FirestoreCommandLog(firestore), clusters, builds, events, deploymentsTopic, clock, rollout,
          new com.twosixty.relay.rollout.FirestoreRolloutReader(firestore));
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
    this.endpoint = new PushEndpoint<>("client-deployer", MAX_BODY_BYTES, wiring, w -> LOG.with("client", w.client().id()),
        ClientDeployer::deliver);
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    int status = endpoint.answer(request.getMethod(), request.getInputStream());
    if (status == PushEndpoint.METHOD_NOT_ALLOWED) {
      response.appendHeader("Allow", "POST");
    }
    response.setStatusCode(status);
  }

  /**
   * Acts on one push body. Returns normally to ack: done, ignored, or malformed (one ERROR line;
   * redelivering it cannot help). Throws to nack.
   */
  private static void deliver(Wiring w, PushBody push) {
    String client = w.client().id();
    PubSubMessage message = push.message();
    if (tooOld(message, w)) {
      LOG.warn("message older than " + w.maxEventAge() + " dropped", "client", client, "messageId", message.messageId(),
          "publishTime", message.publishTime(), "subscription", push.subscription());
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
      LOG.error("malformed message dropped: " + e.getMessage(), "client", client, "messageId", message.messageId(),
          "subscription", push.subscription(), "deliveryAttempt", push.deliveryAttempt());
      return;
    }
    if (decoded instanceof Release release) {
      w.coordinator().onRelease(release);
    } else if (decoded instanceof Command command) {
      if (!command.client().equals(client)) {
        LOG.info("command for client '" + command.client() + "' ignored", "client", client, "messageId", message.messageId());
        return;
      }
      // A command the sender gave an id (the eventId attribute) is keyed by it: its copies, however
      // many messages carry them, are one command (CommandKeys).
      String key = CommandKeys.of(message.messageId(), command.by(), message.attribute(MessageAttributes.EVENT_ID));
      LOG.info("command received: " + command.command().wireName(), "client", client, "releaseId", command.releaseId(),
          "service", command.service(), "by", command.by(), "messageId", message.messageId(), "commandKey", key);
      w.coordinator().onCommand(command, key);
    } else {
      LOG.error("unexpected " + decoded.schema() + " message dropped", "client", client, "messageId", message.messageId());
    }
  }

  private static boolean tooOld(PubSubMessage message, Wiring w) {
    return message.publishedAt().map(at -> at.plus(w.maxEventAge()).isBefore(w.clock().instant())).orElse(false);
  }
}
