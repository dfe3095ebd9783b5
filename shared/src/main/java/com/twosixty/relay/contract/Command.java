package com.twosixty.relay.contract;

/**
 * relay.command/v1: an operator's instruction to one client. {@code service} "" means all services;
 * {@code releaseId} "" where the command needs none (freeze, unfreeze, unpin).
 */
public record Command(
    CommandType command,
    String client,
    String releaseId,
    String service,
    String by,
    String reason) implements RelayMessage {

  public static final String SCHEMA = "relay.command/v1";

  @Override
  public String schema() {
    return SCHEMA;
  }

  public boolean allServices() {
    return service.isEmpty();
  }
}
