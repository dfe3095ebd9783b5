package com.twosixty.relay.pubsub;

import com.twosixty.relay.contract.DeploymentEvent;

/**
 * One deployment event recorded in the transaction of the state change it announces, to be
 * published after the commit (README, "Outbox"). {@code eventId} goes out as the message's
 * {@code eventId} attribute, the same on every re-send.
 */
public record OutboxEntry(String eventId, DeploymentEvent event) {}
