package com.twosixty.relay.statusview;

import java.util.List;
import java.util.Map;

/** {@code clients/{client}/deployments/{deploymentId}}: what one client made of a release or command. */
public record DeploymentRecord(
    String client,
    String deploymentId,
    String releaseId,
    long sequence,
    String kind,
    String status,
    String reason,
    String buildId,
    String logUrl,
    List<String> services,
    Map<String, Decision> decisions,
    String createdAt,
    String updatedAt) {

  public DeploymentRecord {
    services = List.copyOf(services);
    decisions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(decisions));
  }

  /** client-deployer's decision for one service: {@code DEPLOY}, {@code SKIP} or {@code AWAIT_APPROVAL}. */
  public record Decision(String action, String reason) {}

  public static final String AWAITING_APPROVAL = "AWAITING_APPROVAL";

  public boolean isRelease() {
    return "release".equals(kind);
  }

  /** The services that wait for an approval. */
  public List<String> awaitingApproval() {
    return decisions.entrySet().stream()
        .filter(e -> "AWAIT_APPROVAL".equals(e.getValue().action()))
        .map(Map.Entry::getKey).sorted().toList();
  }
}
