package com.twosixty.relay.contract;

import java.util.List;

/** relay.deployment/v1: what happened to a release at one client. */
public record DeploymentEvent(
    String client,
    String releaseId,
    List<String> services,
    DeploymentStatus status,
    String reason,
    String buildId,
    String logUrl,
    String at) implements RelayMessage {

  public static final String SCHEMA = "relay.deployment/v1";

  public DeploymentEvent {
    services = List.copyOf(services);
  }

  @Override
  public String schema() {
    return SCHEMA;
  }
}
