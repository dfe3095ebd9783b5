package com.twosixty.relay.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.MessageAttributes;
import com.twosixty.relay.contract.RelayMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Adapter over the Pub/Sub client. One {@link Publisher} per topic, built on first use and kept for
 * the instance's life; with {@code PUBSUB_EMULATOR_HOST} set, all of them share one plaintext channel.
 */
public final class PubSubEventPublisher implements EventPublisher, AutoCloseable {
  private static final long PUBLISH_TIMEOUT_SECONDS = 30;

  private final String project;
  private final String emulatorHost;
  private final Map<TopicName, Publisher> publishers = new ConcurrentHashMap<>();
  private volatile ManagedChannel emulatorChannel;

  /**
   * @param project the project of topics given by short name
   * @param emulatorHost value of PUBSUB_EMULATOR_HOST, "" for Google's service
   */
  public PubSubEventPublisher(String project, String emulatorHost) {
    this.project = project;
    this.emulatorHost = emulatorHost == null ? "" : emulatorHost;
  }

  @Override
  public String publish(String topic, RelayMessage message, String orderingKey) {
    return publish(topic, message, orderingKey, "");
  }

  @Override
  public String publish(String topic, RelayMessage message, String orderingKey, String eventId) {
    PubsubMessage.Builder pubsubMessage = PubsubMessage.newBuilder()
        .setData(ByteString.copyFrom(ContractCodec.encode(message)))
        .putAllAttributes(MessageAttributes.of(message, eventId));
    if (!orderingKey.isEmpty()) {
      pubsubMessage.setOrderingKey(orderingKey);
    }
    Publisher publisher = publishers.computeIfAbsent(Topics.resolve(project, topic), this::newPublisher);
    ApiFuture<String> id = publisher.publish(pubsubMessage.build());
    try {
      return id.get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      if (!orderingKey.isEmpty()) {
        // An ordered publisher stops accepting a key after a failure until told to resume.
        publisher.resumePublish(orderingKey);
      }
      throw new IllegalStateException("publish to " + topic + " failed: " + rootMessage(e), e);
    }
  }

  /** Builds the topic's publisher now (for an instance's first event, in parallel with its other clients). */
  public void warmUp(String topic) {
    publishers.computeIfAbsent(Topics.resolve(project, topic), this::newPublisher);
  }

  private Publisher newPublisher(TopicName topic) {
    try {
      Publisher.Builder builder = Publisher.newBuilder(topic).setEnableMessageOrdering(true);
      if (!emulatorHost.isEmpty()) {
        builder.setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel())))
            .setCredentialsProvider(NoCredentialsProvider.create());
      }
      return builder.build();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create a publisher for " + topic, e);
    }
  }

  private synchronized ManagedChannel emulatorChannel() {
    if (emulatorChannel == null) {
      emulatorChannel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
    }
    return emulatorChannel;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    for (Publisher publisher : publishers.values()) {
      publisher.shutdown();
    }
    if (emulatorChannel != null) {
      emulatorChannel.shutdownNow();
    }
  }
}
