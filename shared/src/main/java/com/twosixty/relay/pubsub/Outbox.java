package com.twosixty.relay.pubsub;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Port: a client's outbox, written by the state stores in the transaction of each state change
 * that has an event ({@code clients/{client}/outbox/{eventId}}), read and marked here once sent.
 */
public interface Outbox {

  /** The client's entries not yet marked sent, oldest first (in the order each transaction wrote them). */
  List<OutboxEntry> unsent(String client);

  /**
   * As {@link #unsent(String)}, knowing which entries the client's record lists unsent (read with the
   * claim, in the same round trip); empty {@code listed}: the record keeps no list yet.
   */
  default List<OutboxEntry> unsent(String client, Optional<Set<String>> listed) {
    return unsent(client);
  }

  /** The entries are on the topic; a failure here only means they are sent again, with the same ids. */
  void markSent(String client, List<String> eventIds);
}
