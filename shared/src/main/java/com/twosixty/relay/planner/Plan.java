package com.twosixty.relay.planner;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.planner.ServiceDecision.Action;
import java.util.List;
import java.util.stream.Collectors;

/** One client's decisions for every service of one release. */
public record Plan(List<ServiceDecision> decisions) {

  public Plan {
    decisions = List.copyOf(decisions);
  }

  public List<String> services(Action action) {
    return decisions.stream().filter(d -> d.action() == action).map(ServiceDecision::service).toList();
  }

  public boolean deploysAnything() {
    return !services(Action.DEPLOY).isEmpty();
  }

  /** The status this plan reports before any build runs. */
  public DeploymentStatus status() {
    if (deploysAnything()) {
      return DeploymentStatus.PLANNED;
    }
    if (!services(Action.AWAIT_APPROVAL).isEmpty()) {
      return DeploymentStatus.AWAITING_APPROVAL;
    }
    return services(Action.WAIT_FOR_WAVE).isEmpty() ? DeploymentStatus.SKIPPED : DeploymentStatus.WAITING_FOR_WAVE;
  }

  /** What the services that wait for their wave wait for; {@code ""} when none does. */
  public String waveWait() {
    return decisions.stream().filter(d -> d.action() == Action.WAIT_FOR_WAVE).map(ServiceDecision::reason)
        .findFirst().orElse("");
  }

  /** "billing: pinned, portal: not-newer", for SKIPPED events. */
  public String skipSummary() {
    return decisions.stream().filter(d -> d.action() == Action.SKIP)
        .map(d -> d.service() + ": " + d.reason()).collect(Collectors.joining(", "));
  }
}
