package com.twosixty.relay.waves;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.config.Lazy;
import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.ContractViolation;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.RelayMessage;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import com.twosixty.relay.pubsub.PubSubMessage;
import com.twosixty.relay.pubsub.PushBody;
import com.twosixty.relay.pubsub.PushEndpoint;
import com.twosixty.relay.rollout.FirestoreRolloutLedger;
import com.twosixty.relay.rollout.RolloutCoordinator;
import com.twosixty.relay.rollout.RolloutPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * release-rollout (README: Waves), an HTTP function fed by three push subscriptions in the hub:
 * {@code deployments} (every client's progress), {@code release-commands} (only the rollout's own
 * commands: {@code NOT attributes:client}) and {@code rollout-ticks} (Cloud Scheduler's tick, an
 * attribute {@code tick}). Thin: decode, hand to {@link RolloutCoordinator}, which records each rollout
 * command once per message id ({@code rollouts/{releaseId}/commands/{messageId}}). 204 acks; 500 nacks.
 */
public final class ReleaseRollout implements HttpFunction {
  private static final StructuredLog LOG = StructuredLog.forComponent("release-rollout");
  static final int MAX_BODY_BYTES = 512 * 1024;
  /** The attribute Cloud Scheduler's job sets on each tick (terraform/modules/release-hub). */
  public static final String TICK_ATTRIBUTE = "tick";

  record Wiring(RolloutCoordinator rollout, Duration maxEventAge, Clock clock) {
    static Wiring from(Settings settings) {
      String hubProject = settings.require(Setting.RELAY_HUB_PROJECT);
      RolloutPolicy policy;
      try {
        policy = RolloutPolicy.parse(settings.get(Setting.RELAY_ROLLOUT));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      Clock clock = Clock.systemUTC();
      Firestore firestore = FirestoreClients.create(hubProject, settings.get(Setting.RELAY_FIRESTORE_DATABASE),
          settings.raw("FIRESTORE_EMULATOR_HOST"));
      PubSubEventPublisher publisher = new PubSubEventPublisher(hubProject, settings.raw("PUBSUB_EMULATOR_HOST"));
      RolloutCoordinator rollout = new RolloutCoordinator(
          ClientDefinitions.parseAll(Setting.RELAY_CLIENTS.name(), settings.require(Setting.RELAY_CLIENTS)), policy,
          new FirestoreRolloutLedger(firestore), publisher, settings.get(Setting.RELAY_RELEASE_COMMANDS_TOPIC),
          settings.get(Setting.RELAY_DEPLOYMENTS_TOPIC), clock);
      return new Wiring(rollout, settings.getDuration(Setting.RELAY_MAX_EVENT_AGE), clock);
    }
  }

  private final PushEndpoint<Wiring> endpoint;

  public ReleaseRollout() {
    this(Lazy.of(() -> Wiring.from(Settings.fromEnvironment())).buildInBackground("release-rollout-start"));
  }

  ReleaseRollout(Supplier<Wiring> wiring) {
    this.endpoint = new PushEndpoint<>("release-rollout", MAX_BODY_BYTES, wiring, w -> LOG, ReleaseRollout::deliver);
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    int status = endpoint.answer(request.getMethod(), request.getInputStream());
    if (status == PushEndpoint.METHOD_NOT_ALLOWED) {
      response.appendHeader("Allow", "POST");
    }
    response.setStatusCode(status);
  }

  /** Returns to ack (done, ignored, malformed: one ERROR line); throws to nack. */
  private static void deliver(Wiring w, PushBody push) {
    PubSubMessage message = push.message();
    if (!message.attribute(TICK_ATTRIBUTE).isEmpty()) {
      w.rollout().onTick(); // a late tick is as good as a timely one: never dropped for its age
      return;
    }
    if (message.publishedAt().map(at -> at.plus(w.maxEventAge()).isBefore(w.clock().instant())).orElse(false)) {
      LOG.warn("message older than " + w.maxEventAge() + " dropped", "messageId", message.messageId());
      return;
    }
    RelayMessage decoded;
    try {
      decoded = ContractCodec.decode(message.data());
    } catch (ContractViolation e) {
      LOG.error("malformed message dropped: " + e.getMessage(), "messageId", message.messageId(),
          "subscription", push.subscription());
      return;
    }
    if (decoded instanceof DeploymentEvent event) {
      w.rollout().onDeployment(event);
    } else if (decoded instanceof Command command) {
      if (!command.client().isEmpty()) {
        LOG.info("command for client '" + command.client() + "' ignored", "messageId", message.messageId());
        return;
      }
      if (message.messageId().isBlank()) {
        LOG.error("rollout command without a Pub/Sub message id dropped: it could not be recorded once",
            "releaseId", command.releaseId());
        return;
      }
      LOG.info("rollout command received: " + command.command().wireName(), "releaseId", command.releaseId(),
          "by", command.by(), "messageId", message.messageId());
      w.rollout().onCommand(command, message.messageId());
    } else {
      LOG.error("unexpected " + decoded.schema() + " message dropped", "messageId", message.messageId());
    }
  }
}
