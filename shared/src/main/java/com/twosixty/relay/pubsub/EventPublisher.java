package com.twosixty.relay.pubsub;

import com.twosixty.relay.contract.RelayMessage;

/** Port: publishes Relay's messages. Throws on failure so that the caller's event is retried. */
public interface EventPublisher {
  /**
   * Publishes and waits for the server's acknowledgement.
   *
   * @param topic short topic name or full resource name
   * @param orderingKey "" for none
   * @return the message id the server assigned
   */
  String publish(String topic, RelayMessage message, String orderingKey);

  /**
   * The same, with an {@code eventId} attribute (a stable id consumers drop duplicates by,
   * {@link EventIds}). Fakes that ignore attributes need not override it.
   */
  default String publish(String topic, RelayMessage message, String orderingKey, String eventId) {
    return publish(topic, message, orderingKey);
  }
}
