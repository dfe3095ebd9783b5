package com.twosixty.relay.publisher;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloudbuild.v1.Build;
import com.twosixty.relay.cloudbuild.BranchPolicy;
import com.twosixty.relay.cloudbuild.BuildNotifications;
import com.twosixty.relay.cloudbuild.ReleaseFactory;
import com.twosixty.relay.config.Lazy;
import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import com.twosixty.relay.contract.ContractViolation;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import com.twosixty.relay.pubsub.PubSubMessage;
import io.cloudevents.CloudEvent;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Cloud Function on the {@code cloud-builds} topic: a successful build of the monorepo trigger on a
 * release or hotfix branch becomes one {@link Release} on the releases topic.
 */
public final class ReleasePublisher implements CloudEventsFunction {
  private static final StructuredLog LOG = StructuredLog.forComponent("release-publisher");

  private final Supplier<Wiring> wiring;

  /** What one instance is built from: when it starts, in the background, or else by its first event. */
  record Wiring(ReleaseFactory factory, EventPublisher publisher, String releasesTopic) {
    static Wiring from(Settings settings) {
      PubSubEventPublisher publisher =
          new PubSubEventPublisher(settings.require(Setting.RELAY_HUB_PROJECT), settings.raw("PUBSUB_EMULATOR_HOST"));
      String releasesTopic = settings.get(Setting.RELAY_RELEASES_TOPIC);
      // The topic's publisher is built while the first notification is parsed (a cold start, BENCHMARKS.md).
      CompletableFuture.runAsync(() -> publisher.warmUp(releasesTopic));
      return new Wiring(new ReleaseFactory(settings.require(Setting.RELAY_MONOREPO_TRIGGER), BranchPolicy.from(settings)),
          publisher, releasesTopic);
    }
  }

  /** The instance the invoker creates: its clients start building now, beside the invoker's own start. */
  public ReleasePublisher() {
    this(Lazy.of(() -> Wiring.from(Settings.fromEnvironment())).buildInBackground("release-publisher-start"));
  }

  ReleasePublisher(Settings settings) {
    this(Lazy.of(() -> Wiring.from(settings)));
  }

  ReleasePublisher(Supplier<Wiring> wiring) {
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
    ReleaseFactory.Outcome outcome = w.factory().fromBuild(build);
    if (outcome instanceof ReleaseFactory.Ignore ignore) {
      LOG.info("no release: " + ignore.reason(), "buildId", build.getId(), "status", build.getStatus().name(),
          "messageId", message.messageId());
      return;
    }
    Release release = ((ReleaseFactory.Publish) outcome).release();
    // Throws on failure, so Pub/Sub redelivers the notification.
    String messageId = w.publisher().publish(w.releasesTopic(), release, release.source().repo());
    LOG.info("release published", "releaseId", release.releaseId(), "buildId", build.getId(),
        "channel", release.channel().wireName(), "services", release.services().size(),
        "releaseMessageId", messageId);
  }
}
