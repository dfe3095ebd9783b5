package com.twosixty.relay.testing;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SchemaServiceClient;
import com.google.cloud.pubsub.v1.SchemaServiceSettings;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Google Cloud CLI's Pub/Sub emulator as a child process, with the admin calls tests need. */
public final class PubSubEmulator implements AutoCloseable {
  private final ChildProcess process;
  private final ManagedChannel channel;

  private PubSubEmulator(ChildProcess process) {
    this.process = process;
    this.channel = ManagedChannelBuilder.forTarget(host()).usePlaintext().build();
  }

  public static PubSubEmulator start(Path logDirectory) {
    int port = ChildProcess.freePort();
    List<String> command = List.of(ChildProcess.javaExecutable(), "-Xmx512m",
        "-jar", CloudSdk.pubSubEmulatorJar().toString(), "--host=127.0.0.1", "--port=" + port);
    return new PubSubEmulator(ChildProcess.start("pubsub-emulator", command, Map.of(), port, logDirectory,
        Duration.ofSeconds(60)));
  }

  /** The value for PUBSUB_EMULATOR_HOST. */
  public String host() {
    return "127.0.0.1:" + process.port();
  }

  public ChildProcess process() {
    return process;
  }

  public TransportChannelProvider channelProvider() {
    return FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
  }

  public CredentialsProvider credentials() {
    return NoCredentialsProvider.create();
  }

  public TopicAdminClient topicAdmin() {
    try {
      return TopicAdminClient.create(TopicAdminSettings.newBuilder()
          .setTransportChannelProvider(channelProvider()).setCredentialsProvider(credentials()).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public SubscriptionAdminClient subscriptionAdmin() {
    try {
      return SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
          .setTransportChannelProvider(channelProvider()).setCredentialsProvider(credentials()).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public SchemaServiceClient schemaService() {
    try {
      return SchemaServiceClient.create(SchemaServiceSettings.newBuilder()
          .setTransportChannelProvider(channelProvider()).setCredentialsProvider(credentials()).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TopicName createTopic(String project, String topic) {
    TopicName name = TopicName.of(project, topic);
    try (TopicAdminClient admin = topicAdmin()) {
      admin.createTopic(Topic.newBuilder().setName(name.toString()).build());
    }
    return name;
  }

  public SubscriptionName createSubscription(TopicName topic, String subscription) {
    SubscriptionName name = SubscriptionName.of(topic.getProject(), subscription);
    try (SubscriptionAdminClient admin = subscriptionAdmin()) {
      admin.createSubscription(Subscription.newBuilder()
          .setName(name.toString())
          .setTopic(topic.toString())
          .setAckDeadlineSeconds(10)
          .setEnableMessageOrdering(true)
          .build());
    }
    return name;
  }

  /** Publishes raw bytes with attributes, as any other tool would. */
  public String publish(TopicName topic, byte[] data, Map<String, String> attributes) {
    try (TopicAdminClient admin = topicAdmin()) {
      return admin.publish(PublishRequest.newBuilder()
              .setTopic(topic.toString())
              .addMessages(PubsubMessage.newBuilder().setData(ByteString.copyFrom(data)).putAllAttributes(attributes))
              .build())
          .getMessageIds(0);
    }
  }

  /** Pulls and acks until {@code count} messages arrived or the time is up; returns what arrived. */
  public List<PubsubMessage> pull(SubscriptionName subscription, int count, Duration within) {
    List<PubsubMessage> received = new ArrayList<>();
    Instant deadline = Instant.now().plus(within);
    try (SubscriberStub subscriber = subscriberStub()) {
      while (received.size() < count && Instant.now().isBefore(deadline)) {
        PullResponse response = subscriber.pullCallable().call(PullRequest.newBuilder()
            .setSubscription(subscription.toString())
            .setMaxMessages(count - received.size())
            .setReturnImmediately(true)
            .build());
        List<String> ackIds = new ArrayList<>();
        for (ReceivedMessage message : response.getReceivedMessagesList()) {
          received.add(message.getMessage());
          ackIds.add(message.getAckId());
        }
        if (!ackIds.isEmpty()) {
          subscriber.acknowledgeCallable().call(AcknowledgeRequest.newBuilder()
              .setSubscription(subscription.toString()).addAllAckIds(ackIds).build());
        } else {
          ChildProcess.sleep(100);
        }
      }
    }
    return received;
  }

  public SubscriberStub subscriberStub() {
    try {
      return GrpcSubscriberStub.create(SubscriberStubSettings.newBuilder()
          .setTransportChannelProvider(channelProvider()).setCredentialsProvider(credentials()).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    process.close();
  }
}
