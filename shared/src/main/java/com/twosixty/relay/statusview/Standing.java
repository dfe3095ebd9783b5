package com.twosixty.relay.statusview;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceDecision.Action;
import com.twosixty.relay.planner.ServiceVersion;
import java.util.Optional;

/**
 * Whether a client runs the newest release of a service that it takes (its channel, a service it
 * runs), and if not, why. Pure: release-status reads the inputs, this decides.
 */
public final class Standing {
  private Standing() {}

  /** Why a service is where it is. Only {@link #CURRENT} is not behind. */
  public enum Why {
    /** Runs the newest release it takes (or none was released yet). */
    CURRENT,
    /** A pin (client file or command) holds it on another release. */
    PINNED,
    /** The newest release waits for a person's approval. */
    AWAITING_APPROVAL,
    /** The newest release waits for the hub to open this client's wave (README: Waves). */
    WAITING_FOR_WAVE,
    /** The client was frozen (an operator's freeze or a freeze window) when the release came, or is now. */
    FROZEN,
    /** The newest release's deploy failed. */
    FAILED,
    /** The newest release was skipped for another reason (superseded, rejected). */
    SKIPPED,
    /** The newest release was deployed (or failed), and a rollback (or a redeploy) has since put an older one back. */
    ROLLED_BACK,
    /** The newest release's deploy is under way. */
    DEPLOYING,
    /** The client has not dealt with the newest release yet. */
    NOT_DEPLOYED
  }

  /**
   * One service of one client.
   *
   * @param running the release it runs, {@code ""} for none
   * @param newest the newest release it takes, {@code ""} when none was seen
   * @param detail the reason in words
   */
  public record ServiceStanding(String service, String running, String newest, Why why, String detail) {
    public boolean behind() {
      return why != Why.CURRENT;
    }
  }

  /**
   * @param newest the newest release on the client's channel that carries the service
   * @param running what the client runs
   * @param pin the service's pin as the planner applies it
   * @param frozenNow why the client is frozen now, {@code ""} when it is not
   * @param deployment the client's deployment of {@code newest}, if it made one
   */
  public static ServiceStanding of(String service, Optional<ReleaseRecord> newest, Optional<ServiceVersion> running,
      Optional<Pin> pin, String frozenNow, Optional<DeploymentDocument> deployment) {
    String runs = running.map(ServiceVersion::releaseId).orElse("");
    if (newest.isEmpty()) {
      return new ServiceStanding(service, runs, "", Why.CURRENT, "no release of it seen yet");
    }
    ReleaseRecord release = newest.get();
    String id = release.releaseId();
    if (running.isPresent() && running.get().sequence() >= release.sequence()) {
      return new ServiceStanding(service, runs, id, Why.CURRENT, "runs the newest release it takes");
    }
    if (deployment.isPresent()) {
      return decided(service, runs, id, deployment.get(), pin);
    }
    if (pin.isPresent() && pin.get().holds() && !pin.get().releaseId().equals(id)) {
      return new ServiceStanding(service, runs, id, Why.PINNED, pinned(pin.get()));
    }
    if (!frozenNow.isEmpty()) {
      return new ServiceStanding(service, runs, id, Why.FROZEN, frozenNow);
    }
    return new ServiceStanding(service, runs, id, Why.NOT_DEPLOYED, id + " not deployed yet");
  }

  private static ServiceStanding decided(String service, String runs, String id, DeploymentDocument deployment,
      Optional<Pin> pin) {
    DeploymentDocument.Decision decision = deployment.decisions().get(service);
    if (decision != null && decision.is(Action.SKIP)) {
      String reason = decision.reason();
      if (reason.equals(ServiceDecision.PINNED)) {
        return new ServiceStanding(service, runs, id, Why.PINNED,
            pin.filter(Pin::holds).map(Standing::pinned).orElse("skipped " + id + ": it was pinned"));
      }
      if (reason.equals(ServiceDecision.CHANNEL) || reason.equals(ServiceDecision.NOT_RUN_BY_CLIENT)) {
        // The client does not take it (a client without a file is assumed to take every service on every channel).
        return new ServiceStanding(service, runs, id, Why.CURRENT, "does not take it (" + reason + ")");
      }
      if (reason.equals(ServiceDecision.FROZEN)) {
        return new ServiceStanding(service, runs, id, Why.FROZEN, "skipped " + id + ": the client was frozen");
      }
      return new ServiceStanding(service, runs, id, Why.SKIPPED, "skipped " + id + ": " + reason);
    }
    if (decision != null && decision.is(Action.AWAIT_APPROVAL) && !deployment.services().contains(service)) {
      return deployment.hasStatus(DeploymentStatus.AWAITING_APPROVAL)
          ? new ServiceStanding(service, runs, id, Why.AWAITING_APPROVAL, id + " waits for approval")
          : new ServiceStanding(service, runs, id, Why.SKIPPED, id + " was not approved"
              + (deployment.reason().isEmpty() ? "" : ": " + deployment.reason()));
    }
    DeploymentStatus status = deployment.knownStatus().orElse(DeploymentStatus.PLANNED);
    String reason = deployment.reason().isEmpty() ? "" : ": " + deployment.reason();
    return switch (status) {
      case FAILED -> new ServiceStanding(service, runs, id, Why.FAILED, "deploying " + id + " failed" + reason);
      // A rollback's claim marked it (state/Rollbacks): deployed or failed, then taken back.
      case ROLLED_BACK -> new ServiceStanding(service, runs, id, Why.ROLLED_BACK,
          id + (deployment.reason().isEmpty() ? " rolled back" : " " + deployment.reason()) + (runs.isEmpty() ? "" : "; runs " + runs));
      case SKIPPED -> new ServiceStanding(service, runs, id, Why.SKIPPED, "skipped " + id + reason);
      // Deployed, yet something older runs: a rollback or a redeploy put it there since (or the report is still to come).
      case SUCCEEDED -> runs.isEmpty() ? new ServiceStanding(service, runs, id, Why.CURRENT, "deployed " + id)
          : new ServiceStanding(service, runs, id, Why.ROLLED_BACK, "deployed " + id + ", since rolled back to " + runs);
      case AWAITING_APPROVAL -> new ServiceStanding(service, runs, id, Why.AWAITING_APPROVAL, id + " waits for approval");
      case WAITING_FOR_WAVE -> new ServiceStanding(service, runs, id, Why.WAITING_FOR_WAVE, id + " waits for its wave" + reason);
      // Never a deployment's status (only an event's), so a stored one is a release whose rollout stopped.
      case HALTED -> new ServiceStanding(service, runs, id, Why.SKIPPED, id + "'s rollout halted" + reason);
      case PLANNED, TRIGGERED, STARTED -> new ServiceStanding(service, runs, id, Why.DEPLOYING,
          "deploying " + id + " (" + status.name() + ")");
    };
  }

  private static String pinned(Pin pin) {
    return "pinned to " + pin.releaseId() + " (" + (Pin.FILE.equals(pin.source()) ? "client file" : "pin command") + ")";
  }
}
