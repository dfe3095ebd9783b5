package com.twosixty.relay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.deploy.CommandValidation.Facts;
import com.twosixty.relay.deploy.CommandValidation.Refusal;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.state.DeploymentDraft;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks alone: each refusal, its status and words, from facts as the store would give them. */
class CommandValidationTest {
  private static final ClientDefinition ACME = ClientDefinitions.loadFile(Path.of("..", "clients", "acme.yaml"));
  private static final ClientDefinition NORTHWIND = ClientDefinitions.loadFile(Path.of("..", "clients", "northwind.yaml"));
  private static final String A = "2026.11.24-aaaaaaa";
  private static final String B = "2026.11.25-bbbbbbb";
  private static final Release RELEASE_A = DeploymentCoordinatorTest.release(A, 100, "billing", "portal");
  private static final Facts NOTHING = new Facts(Optional.empty(), Optional.empty(), Map.of());

  private static Command command(CommandType type, String client, String releaseId, String service) {
    return new Command(type, client, releaseId, service, "ops", "");
  }

  private static DeploymentDocument waitingA(DeploymentStatus status) {
    Plan plan = new Plan(List.of(ServiceDecision.awaitApproval("billing"), ServiceDecision.awaitApproval("portal")));
    return new DeploymentDraft(A, A, 100, DeploymentKind.RELEASE, Map.of())
        .planned("acme", plan, Instant.parse("2026-11-24T12:00:00Z"))
        .after(Map.of(DeploymentDocument.STATUS, status.name()));
  }

  private static ServiceDocument target(String service, String releaseId, long sequence) {
    ServiceVersion version = new ServiceVersion(releaseId, sequence, "gcr.io/relay-hub/" + service, "sha256:" + "a".repeat(64));
    return new ServiceDocument(service, Optional.of(new ServiceDocument.Target(version, releaseId, "")), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  private static Optional<Refusal> check(Command command, ClientDefinition client, Facts facts) {
    return CommandValidation.check(command, client, facts);
  }

  @Test
  void aBlankByIsRefusedBeforeAnythingElse() {
    Command blank = new Command(CommandType.FREEZE, "acme", "", "", " ", "");
    assertEquals(Optional.of(new Refusal(DeploymentStatus.FAILED, "by is empty: a command names who sends it")),
        check(blank, ACME, NOTHING));
  }

  @Test
  void aServiceTheClientDoesNotRunIsRefused() {
    assertEquals(Optional.of(new Refusal(DeploymentStatus.FAILED, "reports is not run by acme")),
        check(command(CommandType.UNPIN, "acme", "", "reports"), ACME, NOTHING));
    assertEquals(Optional.empty(), check(command(CommandType.UNPIN, "acme", "", "billing"), ACME, NOTHING));
  }

  @Test
  void approveAndRejectNeedAReleaseThatWaitsHereAndCanStillDeploy() {
    Command approve = command(CommandType.APPROVE, "northwind", A, "");
    assertEquals(Optional.of(new Refusal(DeploymentStatus.FAILED, "unknown release " + A)), check(approve, NORTHWIND, NOTHING));
    assertEquals(Optional.of(new Refusal(DeploymentStatus.FAILED, "a releaseId is required")),
        check(command(CommandType.REJECT, "northwind", "", ""), NORTHWIND, NOTHING));
    assertEquals(Optional.of(new Refusal(DeploymentStatus.SKIPPED, A + " waits for nothing: it was not planned for northwind")),
        check(approve, NORTHWIND, new Facts(Optional.of(RELEASE_A), Optional.empty(), Map.of())));
    assertEquals(Optional.of(new Refusal(DeploymentStatus.SKIPPED, A + " waits for nothing: its deployment is TRIGGERED")),
        check(approve, NORTHWIND, new Facts(Optional.of(RELEASE_A), Optional.of(waitingA(DeploymentStatus.TRIGGERED)), Map.of())));
    assertEquals(Optional.empty(), check(approve, NORTHWIND,
        new Facts(Optional.of(RELEASE_A), Optional.of(waitingA(DeploymentStatus.AWAITING_APPROVAL)), Map.of())));
    assertEquals(Optional.empty(), check(approve, NORTHWIND,
        new Facts(Optional.of(RELEASE_A), Optional.of(waitingA(DeploymentStatus.PLANNED)), Map.of())),
        "an approve redelivered after its build failed to start takes its deployment over");
  }

  @Test
  void aWaitingReleaseWhoseEveryServiceIsOvertakenWaitsForNothing() {
    Command reject = command(CommandType.REJECT, "northwind", A, "");
    Facts partly = new Facts(Optional.of(RELEASE_A), Optional.of(waitingA(DeploymentStatus.AWAITING_APPROVAL)),
        Map.of("billing", target("billing", B, 200)));
    assertEquals(Optional.empty(), check(reject, NORTHWIND, partly), "portal still waits");
    Facts wholly = new Facts(Optional.of(RELEASE_A), Optional.of(waitingA(DeploymentStatus.AWAITING_APPROVAL)),
        Map.of("billing", target("billing", B, 200), "portal", target("portal", "2026.11.26-ccccccc", 300)));
    assertEquals(Optional.of(new Refusal(DeploymentStatus.SKIPPED, A + " waits for nothing: superseded by 2026.11.26-ccccccc")),
        check(reject, NORTHWIND, wholly));
  }

  @Test
  void aPinNamesASeenReleaseThatCarriesTheService() {
    Command pin = command(CommandType.PIN, "acme", A, "billing");
    assertEquals(Optional.of(new Refusal(DeploymentStatus.FAILED, "release " + A + " has not been seen by acme")),
        check(pin, ACME, NOTHING));
    assertEquals(Optional.of(new Refusal(DeploymentStatus.FAILED, "release " + A + " has not been seen by acme")),
        check(pin, ACME, new Facts(Optional.of(RELEASE_A), Optional.empty(), Map.of())), "stored, but not planned here");
    Facts seen = new Facts(Optional.of(RELEASE_A), Optional.of(waitingA(DeploymentStatus.SKIPPED)), Map.of());
    assertEquals(Optional.empty(), check(pin, ACME, seen));
    Release portalOnly = DeploymentCoordinatorTest.release(A, 100, "portal");
    assertEquals(Optional.of(new Refusal(DeploymentStatus.FAILED, "release " + A + " does not contain billing")),
        check(pin, ACME, new Facts(Optional.of(portalOnly), Optional.of(waitingA(DeploymentStatus.SKIPPED)), Map.of())));
    assertEquals(Optional.of(new Refusal(DeploymentStatus.FAILED, "a service is required")),
        check(command(CommandType.PIN, "acme", A, ""), ACME, seen));
  }

  @Test
  void rollbackWithNothingToReturnToAndRedeployOfNothingHaveNothingToDo() {
    assertEquals(Optional.of(new Refusal(DeploymentStatus.SKIPPED, "nothing to roll back to")),
        check(command(CommandType.ROLLBACK, "acme", "", ""), ACME, NOTHING));
    assertEquals(Optional.of(new Refusal(DeploymentStatus.FAILED, "unknown release " + A)),
        check(command(CommandType.REDEPLOY, "acme", A, ""), ACME, NOTHING));
    Release reportsOnly = DeploymentCoordinatorTest.release(A, 100, "reports");
    assertEquals(Optional.of(new Refusal(DeploymentStatus.SKIPPED, "release " + A + " has no service acme runs")),
        check(command(CommandType.REDEPLOY, "acme", A, ""), ACME, new Facts(Optional.of(reportsOnly), Optional.empty(), Map.of())));
    assertEquals(Optional.of(new Refusal(DeploymentStatus.FAILED, "release " + A + " does not contain billing")),
        check(command(CommandType.REDEPLOY, "acme", A, "billing"), ACME, new Facts(Optional.of(reportsOnly), Optional.empty(), Map.of())));
  }
}
