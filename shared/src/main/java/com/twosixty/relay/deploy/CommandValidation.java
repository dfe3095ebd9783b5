package com.twosixty.relay.deploy;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.state.Supersession;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a command may act, before anything changes. Pure: the coordinator reads the
 * {@link Facts}, asks here and, when refused, answers with one event and changes nothing.
 *
 * <p>FAILED: the command cannot be carried out as sent (no {@code by}, a service the client does
 * not run, an unknown release, a pin to a release the client has not seen or that lacks the
 * service). SKIPPED: it is valid but has nothing to do (an approve or reject of a release that waits
 * for nothing here, a rollback with nothing to roll back to, a redeploy of no service the client runs).
 */
public final class CommandValidation {
  private CommandValidation() {}

  /** Why a command does nothing; the event's reason is "{@code <command> refused: <why>}". */
  public record Refusal(DeploymentStatus status, String why) {
    static Refusal invalid(String why) {
      return new Refusal(DeploymentStatus.FAILED, why);
    }

    static Refusal nothingToDo(String why) {
      return new Refusal(DeploymentStatus.SKIPPED, why);
    }
  }

  /**
   * What the checks read.
   *
   * @param release the stored release the command names, if any
   * @param deployment this client's deployment of that release (its deployment id is the release id)
   * @param services this client's services (targets, what runs)
   */
  public record Facts(Optional<Release> release, Optional<DeploymentDocument> deployment,
      Map<String, ServiceDocument> services) {
    public Facts {
      services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services)); // the store's order
    }
  }

  public static Optional<Refusal> check(Command command, ClientDefinition client, Facts facts) {
    if (command.by().isBlank()) {
      return Optional.of(Refusal.invalid("by is empty: a command names who sends it"));
    }
    if (!command.allServices() && !client.runs(command.service())) {
      return Optional.of(Refusal.invalid(command.service() + " is not run by " + client.id()));
    }
    return switch (command.command()) {
      case APPROVE, REJECT -> waiting(command, client, facts);
      case PIN -> pin(command, client, facts);
      case UNPIN -> command.allServices() ? Optional.of(Refusal.invalid("a service is required")) : Optional.empty();
      case FREEZE, UNFREEZE -> Optional.empty();
      case ROLLBACK -> Candidates.rollback(command, facts.services().values()).isEmpty()
          ? Optional.of(Refusal.nothingToDo("nothing to roll back to")) : Optional.empty();
      case REDEPLOY -> redeploy(command, client, facts);
      case PROMOTE -> wake(command, facts);
      case HALT, RESUME -> Optional.of(Refusal.invalid(command.command().wireName()
          + " is a rollout's command: send it for the release with no client"));
    };
  }

  /**
   * A promote addressed to this client: the hub's wake-up once its wave opened (or an operator's
   * nudge). It plans the stored release again, as its redelivery would; the wave gate still decides.
   */
  private static Optional<Refusal> wake(Command command, Facts facts) {
    if (command.releaseId().isEmpty()) {
      return Optional.of(Refusal.invalid("a releaseId is required"));
    }
    if (facts.release().isEmpty()) {
      return Optional.of(Refusal.invalid("unknown release " + command.releaseId()));
    }
    return Optional.empty();
  }

  /** An approve or reject needs a release that waits for this client's approval and can still deploy something. */
  private static Optional<Refusal> waiting(Command command, ClientDefinition client, Facts facts) {
    String releaseId = command.releaseId();
    if (releaseId.isEmpty()) {
      return Optional.of(Refusal.invalid("a releaseId is required"));
    }
    if (facts.release().isEmpty() && (command.command() == CommandType.APPROVE
        || facts.deployment().isEmpty())) {
      return Optional.of(Refusal.invalid("unknown release " + releaseId));
    }
    if (facts.deployment().isEmpty()) {
      return Optional.of(Refusal.nothingToDo(releaseId + " waits for nothing: it was not planned for " + client.id()));
    }
    DeploymentDocument deployment = facts.deployment().get();
    if (command.command() == CommandType.APPROVE && deployment.hasStatus(DeploymentStatus.PLANNED)) {
      // Approved before, and that delivery failed before its build started: this redelivery takes it over.
      return Optional.empty();
    }
    if (deployment.hasStatus(DeploymentStatus.WAITING_FOR_WAVE)) {
      // Approval is asked once the client's wave opens (never before): an approve sent earlier is not kept.
      return Optional.of(Refusal.nothingToDo(releaseId + " waits for its wave, not for approval: " + deployment.reason()
          + "; it asks for approval once its wave opens"));
    }
    if (!deployment.hasStatus(DeploymentStatus.AWAITING_APPROVAL)) {
      return Optional.of(Refusal.nothingToDo(releaseId + " waits for nothing: its deployment is " + deployment.deploymentStatus()
          + (deployment.reason().isEmpty() ? "" : " (" + deployment.reason() + ")")));
    }
    Optional<String> newer = Supersession.overtakenBy(deployment, targets(facts));
    if (newer.isPresent()) {
      return newer.map(id -> Refusal.nothingToDo(releaseId + " waits for nothing: " + Supersession.REASON_PREFIX + id));
    }
    return command.allServices() ? Optional.empty() : oneService(command, client, facts, deployment);
  }

  /**
   * An approve of one service: the release carries it and waits for its approval here, and nothing
   * has moved it to this release or a newer one since. A reject is of the whole release: its
   * deployment is closed, so it cannot keep waiting for the services not named.
   */
  private static Optional<Refusal> oneService(Command command, ClientDefinition client, Facts facts,
      DeploymentDocument deployment) {
    String releaseId = command.releaseId();
    String service = command.service();
    if (command.command() == CommandType.REJECT) {
      return Optional.of(Refusal.invalid("reject takes a whole release: give no service"));
    }
    if (facts.release().isPresent() && !carries(facts.release().get(), service)) {
      return Optional.of(Refusal.invalid("release " + releaseId + " does not contain " + service));
    }
    DeploymentDocument.Decision decision = deployment.decisions().get(service);
    if (decision == null || !decision.is(com.twosixty.relay.planner.ServiceDecision.Action.AWAIT_APPROVAL)) {
      return Optional.of(Refusal.nothingToDo(releaseId + " waits for nothing from " + service + " on " + client.id()
          + (decision == null ? "" : ": " + decision.action().toLowerCase(java.util.Locale.ROOT)
              + (decision.reason().isEmpty() ? "" : " " + decision.reason()))));
    }
    ServiceVersion target = targets(facts).get(service);
    if (target != null && target.sequence() >= deployment.sequence()) {
      return Optional.of(Refusal.nothingToDo(releaseId + " waits for nothing from " + service + ": it is at "
          + target.releaseId() + " already"));
    }
    return Optional.empty();
  }

  /** A pin names a release this client has seen (stored and planned here) that carries the service. */
  private static Optional<Refusal> pin(Command command, ClientDefinition client, Facts facts) {
    if (command.allServices()) {
      return Optional.of(Refusal.invalid("a service is required"));
    }
    if (command.releaseId().isEmpty()) {
      return Optional.of(Refusal.invalid("a releaseId is required"));
    }
    if (facts.release().isEmpty() || facts.deployment().isEmpty()) {
      return Optional.of(Refusal.invalid("release " + command.releaseId() + " has not been seen by " + client.id()));
    }
    if (!carries(facts.release().get(), command.service())) {
      return Optional.of(Refusal.invalid("release " + command.releaseId() + " does not contain " + command.service()));
    }
    return Optional.empty();
  }

  private static Optional<Refusal> redeploy(Command command, ClientDefinition client, Facts facts) {
    if (command.releaseId().isEmpty()) {
      return Optional.of(Refusal.invalid("a releaseId is required"));
    }
    if (facts.release().isEmpty()) {
      return Optional.of(Refusal.invalid("unknown release " + command.releaseId()));
    }
    Release release = facts.release().get();
    if (!command.allServices() && !carries(release, command.service())) {
      return Optional.of(Refusal.invalid("release " + command.releaseId() + " does not contain " + command.service()));
    }
    if (Candidates.redeploy(command, release, client).isEmpty()) {
      return Optional.of(Refusal.nothingToDo("release " + command.releaseId() + " has no service " + client.id() + " runs"));
    }
    return Optional.empty();
  }

  private static boolean carries(Release release, String service) {
    return release.services().stream().anyMatch(image -> image.name().equals(service));
  }

  private static Map<String, ServiceVersion> targets(Facts facts) {
    Map<String, ServiceVersion> targets = new HashMap<>();
    facts.services().forEach((service, record) -> record.targetVersion().ifPresent(target -> targets.put(service, target)));
    return targets;
  }
}
