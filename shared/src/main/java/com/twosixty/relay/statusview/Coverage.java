package com.twosixty.relay.statusview;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceDecision.Action;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a client deployed all of a release it takes, or some of it: a release deployment that
 * SUCCEEDED but held services back (pinned, frozen, superseded, not approved) is {@link #PARTIAL},
 * never plain SUCCEEDED. Services the client does not take (another channel, a service it does not
 * run, one it already runs newer) are no part of it.
 */
public final class Coverage {
  /** The status release-status shows for a release deployment that SUCCEEDED for some of the services the client takes. */
  public static final String PARTIAL = "PARTIAL";

  /** Skip reasons that mean the client does not take the service from this release at all. */
  private static final Set<String> NOT_TAKEN = Set.of(ServiceDecision.CHANNEL, ServiceDecision.NOT_RUN_BY_CLIENT,
      ServiceDecision.NOT_NEWER);

  private Coverage() {}

  /** The services of the release the client takes that this deployment left out: service → reason, in the release's order. */
  public static Map<String, String> heldBack(DeploymentDocument deployment) {
    if (!deployment.isRelease()) {
      return Map.of();
    }
    Map<String, String> held = new LinkedHashMap<>();
    for (String service : order(deployment)) {
      DeploymentDocument.Decision decision = deployment.decisions().get(service);
      if (decision.is(Action.SKIP) && !NOT_TAKEN.contains(decision.reason())) {
        held.put(service, decision.reason().isEmpty() ? "skipped" : decision.reason());
      } else if (decision.is(Action.AWAIT_APPROVAL) && !deployment.hasStatus(DeploymentStatus.AWAITING_APPROVAL)
          && !deployment.services().contains(service)) {
        held.put(service, "not approved");
      }
    }
    return Collections.unmodifiableMap(held);
  }

  /** The deployment's status, except {@link #PARTIAL} for a release deployment that SUCCEEDED and held services back. */
  public static String status(DeploymentDocument deployment) {
    return deployment.hasStatus(DeploymentStatus.SUCCEEDED) && !heldBack(deployment).isEmpty()
        ? PARTIAL : deployment.status();
  }

  /** The decided services in the release's order ({@code decisionOrder}), then any others by name. */
  private static List<String> order(DeploymentDocument deployment) {
    List<String> services = new ArrayList<>();
    for (String service : deployment.decisionOrder()) {
      if (deployment.decisions().containsKey(service) && !services.contains(service)) {
        services.add(service);
      }
    }
    deployment.decisions().keySet().stream().sorted().filter(s -> !services.contains(s)).forEach(services::add);
    return services;
  }
}
