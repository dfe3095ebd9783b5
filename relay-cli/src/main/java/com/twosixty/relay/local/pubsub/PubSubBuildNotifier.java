package com.twosixty.relay.local.pubsub;

import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloudbuild.v1.Build;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.cloudbuild.BuildNotifications;
import com.twosixty.relay.local.standin.BuildNotifier;

/**
 * Publishes what Cloud Build publishes: on {@code projects/P/topics/cloud-builds}, data = the Build
 * as JSON, attributes {@code buildId} and {@code status}.
 */
public final class PubSubBuildNotifier implements BuildNotifier {
  public static final String TOPIC = "cloud-builds";

  private final TopicAdminClient topics;

  public PubSubBuildNotifier(TopicAdminClient topics) {
    this.topics = topics;
  }

  @Override
  public void notify(String project, Build build) {
    topics.publish(PublishRequest.newBuilder()
        .setTopic(TopicName.of(project, TOPIC).toString())
        .addMessages(PubsubMessage.newBuilder()
            .setData(ByteString.copyFromUtf8(BuildNotifications.toJson(build)))
            .putAttributes("buildId", build.getId())
            .putAttributes("status", build.getStatus().name()))
        .build());
  }
}
