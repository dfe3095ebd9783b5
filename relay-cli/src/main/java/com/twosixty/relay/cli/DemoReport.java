package com.twosixty.relay.cli;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.DeploymentStatus;
import java.util.List;
import java.util.Map;

/**
 * What the demo saw: per client and service the latest outcome for the pushed release, every
 * status each went through, the commands on release-commands, the steps that did not happen, and
 * the rollout's halt ("essence: …", release-rollout's HALTED event; "" when it did not halt).
 */
record DemoReport(String releaseId, Map<String, Map<String, ServiceOutcome>> outcomes,
    Map<String, List<DeploymentStatus>> history, List<Command> commands, List<String> missedSteps, String dashboard,
    String halt) {

  /**
   * @param status the latest status for the release, null when no event came
   * @param followUp what happened to the service after its outcome (a rollback's answer), "" if nothing
   * @param running the release release-status says runs now ("" for none)
   * @param runningOnCluster the release the GKE stand-in's cluster runs ("" for none)
   */
  record ServiceOutcome(String releaseId, DeploymentStatus status, String reason, String followUp, String running,
      String runningOnCluster) {}

  /** The same report with these missed steps (the demo's, all of them, once every release is through). */
  DemoReport withMissedSteps(List<String> steps) {
    return new DemoReport(releaseId, outcomes, history, commands, List.copyOf(steps), dashboard, halt);
  }

  boolean succeeded() {
    return missedSteps.isEmpty();
  }

  List<DeploymentStatus> history(String client, String service) {
    return history.getOrDefault(client + "/" + service, List.of());
  }
}
