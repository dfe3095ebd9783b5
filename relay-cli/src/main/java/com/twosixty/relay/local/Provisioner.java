package com.twosixty.relay.local;

import com.google.cloud.pubsub.v1.SchemaServiceClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.Duration;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.Encoding;
import com.google.pubsub.v1.ProjectName;
import com.google.pubsub.v1.Schema;
import com.google.pubsub.v1.SchemaName;
import com.google.pubsub.v1.SchemaSettings;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.testing.PubSubEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Creates a {@link Topology} on the Pub/Sub emulator, as {@code terraform apply} creates it on GCP. */
public final class Provisioner {
  /** Terraform's ack_deadline_seconds: longer than a function may take. */
  private static final int ACK_DEADLINE_SECONDS = 180;

  private Provisioner() {}

  public static void apply(Topology topology, PubSubEmulator pubsub) {
    try (SchemaServiceClient schemas = pubsub.schemaService();
        TopicAdminClient topics = pubsub.topicAdmin();
        SubscriptionAdminClient subscriptions = pubsub.subscriptionAdmin()) {
      for (Topology.TopicSpec spec : topology.topics()) {
        Topic.Builder topic = Topic.newBuilder().setName(spec.name().toString());
        spec.schema().ifPresent(schema -> {
          String project = spec.name().getProject();
          schemas.createSchema(ProjectName.of(project),
              Schema.newBuilder().setType(Schema.Type.AVRO).setDefinition(resource(schema.resource())).build(), schema.id());
          topic.setSchemaSettings(SchemaSettings.newBuilder()
              .setSchema(SchemaName.of(project, schema.id()).toString())
              .setEncoding(Encoding.JSON));
        });
        topics.createTopic(topic.build());
      }
      for (Topology.SubscriptionSpec spec : topology.subscriptions()) {
        Subscription.Builder subscription = Subscription.newBuilder()
            .setName(spec.name().toString())
            .setTopic(spec.topic().toString())
            .setFilter(spec.filter())
            .setAckDeadlineSeconds(ACK_DEADLINE_SECONDS)
            .setMessageRetentionDuration(Duration.newBuilder().setSeconds(7 * 24 * 3600));
        spec.deadLetter().ifPresent(deadLetter -> subscription.setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
            .setDeadLetterTopic(deadLetter.toString())
            .setMaxDeliveryAttempts(RelayFunction.MAX_DELIVERY_ATTEMPTS)));
        subscriptions.createSubscription(subscription.build());
      }
    }
  }

  private static String resource(String path) {
    try (InputStream in = Provisioner.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("schema " + path + " is not on the classpath (it comes with relay-shared)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
