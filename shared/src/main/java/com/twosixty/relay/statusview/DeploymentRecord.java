package com.twosixty.relay.statusview;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.planner.ServiceDecision.Action;
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

  /**
   * client-deployer's decision for one service: a {@link Action} ({@code DEPLOY}, {@code SKIP} or
   * {@code AWAIT_APPROVAL}) as stored; an action this version does not know is kept as read.
   */
  public record Decision(String action, String reason) {
    public boolean is(Action expected) {
      return expected.name().equals(action);
    }
  }

  /** Whether the stored status is this one (a status this version does not know is none of them). */
  public boolean hasStatus(DeploymentStatus expected) {
    return DeploymentStatus.fromStored(status).equals(java.util.Optional.of(expected));
  }

  public boolean isRelease() {
    return "release".equals(kind);
  }

  /** The services that wait for an approval. */
  public List<String> awaitingApproval() {
    return decisions.entrySet().stream()
        .filter(e -> e.getValue().is(Action.AWAIT_APPROVAL))
        .map(Map.Entry::getKey).sorted().toList();
  }
}
