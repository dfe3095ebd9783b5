package com.twosixty.relay.cli;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloudbuild.v1.Build;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.cloudbuild.BuildNotifications;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.contract.RelayMessage;
import com.twosixty.relay.pubsub.PubSubMessage;
import com.twosixty.relay.testing.PubSubEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Watches the stack's topics through subscriptions of its own, as an operator's tool would: the
 * cloud-builds topics, releases, release-commands and deployments. What it sees arrives in order of
 * arrival on one queue.
 */
final class DemoObserver implements AutoCloseable {

  /** Something that happened on a topic. */
  sealed interface Seen permits BuildSeen, ReleaseSeen, DeploymentSeen, CommandSeen {}

  record BuildSeen(String project, Build build) implements Seen {}

  record ReleaseSeen(Release release) implements Seen {}

  record DeploymentSeen(DeploymentEvent event) implements Seen {}

  record CommandSeen(Command command) implements Seen {}

  private final SubscriberStub subscriber;
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private final List<Thread> pullers = new ArrayList<>();
  private volatile boolean running = true;

  private DemoObserver(SubscriberStub subscriber) {
    this.subscriber = subscriber;
  }

  static DemoObserver watch(PubSubEmulator pubsub, List<TopicName> topics) {
    DemoObserver observer = new DemoObserver(pubsub.subscriberStub());
    List<SubscriptionName> subscriptions = new ArrayList<>();
    try (SubscriptionAdminClient admin = pubsub.subscriptionAdmin()) {
      for (TopicName topic : topics) {
        SubscriptionName name = SubscriptionName.of(topic.getProject(), "relay-demo-" + topic.getTopic());
        admin.createSubscription(Subscription.newBuilder().setName(name.toString()).setTopic(topic.toString())
            .setAckDeadlineSeconds(60).build());
        subscriptions.add(name);
      }
    }
    for (SubscriptionName subscription : subscriptions) {
      Thread puller = new Thread(() -> observer.pull(subscription), "demo-observer-" + subscription.getSubscription());
      puller.setDaemon(true);
      observer.pullers.add(puller);
      puller.start();
    }
    return observer;
  }

  /** The next thing seen, waiting at most {@code within}. */
  Optional<Seen> next(Duration within) throws InterruptedException {
    return Optional.ofNullable(seen.poll(within.toMillis(), TimeUnit.MILLISECONDS));
  }

  private void pull(SubscriptionName subscription) {
    while (running) {
      List<ReceivedMessage> messages;
      try {
        messages = subscriber.pullCallable().call(PullRequest.newBuilder()
            .setSubscription(subscription.toString()).setMaxMessages(50).build()).getReceivedMessagesList();
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        continue;
      }
      if (messages.isEmpty()) {
        continue;
      }
      for (ReceivedMessage received : messages) {
        decode(subscription.getProject(), received).ifPresent(seen::add);
      }
      subscriber.acknowledgeCallable().call(AcknowledgeRequest.newBuilder().setSubscription(subscription.toString())
          .addAllAckIds(messages.stream().map(ReceivedMessage::getAckId).toList()).build());
    }
  }

  private static Optional<Seen> decode(String project, ReceivedMessage received) {
    byte[] data = received.getMessage().getData().toByteArray();
    try {
      if (received.getMessage().getAttributesMap().containsKey("buildId")) {
        PubSubMessage message = new PubSubMessage(received.getMessage().getMessageId(),
            received.getMessage().getAttributesMap(), data, "");
        return Optional.of(new BuildSeen(project, BuildNotifications.parse(message)));
      }
      RelayMessage message = ContractCodec.decode(data);
      if (message instanceof Release release) {
        return Optional.of(new ReleaseSeen(release));
      } else if (message instanceof DeploymentEvent event) {
        return Optional.of(new DeploymentSeen(event));
      } else if (message instanceof Command command) {
        return Optional.of(new CommandSeen(command));
      }
    } catch (RuntimeException unreadable) {
      // Not the demo's concern: the functions report malformed messages themselves.
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    running = false;
    subscriber.shutdownNow();
    pullers.forEach(Thread::interrupt);
  }
}
