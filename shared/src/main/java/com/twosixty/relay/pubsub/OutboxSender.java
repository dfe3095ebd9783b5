package com.twosixty.relay.pubsub;

import com.twosixty.relay.failure.TransientFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes a client's outbox entries after their commit, each with its {@code eventId} and the
 * client as ordering key, and marks them sent. Stops at the first failed publish and throws
 * {@link TransientFailure}: the message is redelivered and its redelivery (or the client's next
 * message) sends what is still unsent. A re-send carries the same id; consumers drop duplicates.
 */
public final class OutboxSender {
  private final Outbox outbox;
  private final EventPublisher publisher;
  private final String topic;

  public OutboxSender(Outbox outbox, EventPublisher publisher, String topic) {
    this.outbox = outbox;
    this.publisher = publisher;
    this.topic = topic;
  }

  /**
   * Sends {@code earlier} (unsent entries found before this message's own writes) then {@code own},
   * once each by id.
   *
   * @return the message id of each entry sent, by event id
   */
  public Map<String, String> send(String client, List<OutboxEntry> earlier, List<OutboxEntry> own) {
    return send(client, earlier, own, id -> {});
  }

  /** As {@link #send(String, List, List)}; {@code onSent} learns each event id published, even when a later one fails. */
  public Map<String, String> send(String client, List<OutboxEntry> earlier, List<OutboxEntry> own,
      java.util.function.Consumer<String> onSent) {
    Map<String, OutboxEntry> entries = new LinkedHashMap<>();
    earlier.forEach(e -> entries.putIfAbsent(e.eventId(), e));
    own.forEach(e -> entries.putIfAbsent(e.eventId(), e));
    Map<String, String> sent = new LinkedHashMap<>();
    RuntimeException failure = null;
    for (OutboxEntry entry : entries.values()) {
      try {
        sent.put(entry.eventId(), publisher.publish(topic, entry.event(), client, entry.eventId()));
        onSent.accept(entry.eventId());
      } catch (RuntimeException e) {
        failure = e;
        break; // one ordering key: what follows would fail the same way, and out of order
      }
    }
    if (!sent.isEmpty()) {
      outbox.markSent(client, new ArrayList<>(sent.keySet()));
    }
    if (failure != null) {
      throw new TransientFailure("publishing " + (entries.size() - sent.size()) + " recorded event(s) of " + client
          + " failed; they stay in the outbox for the redelivery: " + failure.getMessage(), failure);
    }
    return sent;
  }

  /** Sends whatever the client's outbox holds unsent. */
  public Map<String, String> sendUnsent(String client) {
    return send(client, outbox.unsent(client), List.of());
  }
}
