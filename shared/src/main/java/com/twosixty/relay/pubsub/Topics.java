package com.twosixty.relay.pubsub;

import com.google.pubsub.v1.TopicName;

public final class Topics {
  private Topics() {}

  /** {@code releases} in project P becomes {@code projects/P/topics/releases}; full names pass through. */
  public static TopicName resolve(String project, String topic) {
    if (topic.startsWith("projects/")) {
      return TopicName.parse(topic);
    }
    return TopicName.of(project, topic);
  }
}
