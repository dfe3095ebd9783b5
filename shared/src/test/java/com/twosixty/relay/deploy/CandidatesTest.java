package com.twosixty.relay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.state.DeploymentDraft;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CandidatesTest {
  private static final ServiceVersion A = version("2026.11.24-aaaaaaa", 100);
  private static final ServiceVersion B = version("2026.11.25-bbbbbbb", 200);
  private static final ServiceVersion C = version("2026.11.26-ccccccc", 300);

  private static ServiceVersion version(String releaseId, long sequence) {
    return new ServiceVersion(releaseId, sequence, "gcr.io/relay-hub/billing", "sha256:" + "0".repeat(64));
  }

  private static Command rollback(String releaseId, String service) {
    return new Command(CommandType.ROLLBACK, "essence", releaseId, service, "ops", "");
  }

  private static ServiceDocument record(String service, ServiceVersion target, ServiceVersion running, ServiceVersion previous) {
    return new ServiceDocument(service, Optional.ofNullable(target).map(v -> new ServiceDocument.Target(v, "", "")),
        Optional.ofNullable(running).map(v -> new RunningRelease(v, "")),
        Optional.ofNullable(previous).map(v -> new RunningRelease(v, "")), Optional.empty());
  }

  @Test
  void aReleaseDraftCarriesEveryServiceInTheReleasesOrder() {
    Release release = DeploymentCoordinatorTest.release("2026.11.25-bbbbbbb", 200, "portal", "billing");

    DeploymentDraft draft = Candidates.release(release);

    assertEquals(new DeploymentDraft("2026.11.25-bbbbbbb", "2026.11.25-bbbbbbb", 200, DeploymentKind.RELEASE,
        Candidates.of(release, s -> true)), draft);
    assertEquals(List.of("portal", "billing"), List.copyOf(Candidates.of(release, s -> true).keySet()));
    assertEquals(List.of("billing"), List.copyOf(Candidates.of(release, "billing"::equals).keySet()));
  }

  @Test
  void rollbackReturnsToWhatRunsWhileTheTargetDoesNotAndToThePreviousWhenItDoes() {
    assertEquals(Map.of("billing", A), Candidates.rollback(rollback("", "billing"), List.of(record("billing", B, A, null))));
    assertEquals(Map.of("billing", A), Candidates.rollback(rollback("", "billing"), List.of(record("billing", B, B, A))));
  }

  @Test
  void rollbackFindsNothingWithoutATargetOrAnotherVersionOrForAnotherRelease() {
    assertEquals(Map.of(), Candidates.rollback(rollback("", ""), List.of(record("billing", null, A, null))));
    assertEquals(Map.of(), Candidates.rollback(rollback("", ""), List.of(record("billing", B, B, null))));
    assertEquals(Map.of(), Candidates.rollback(rollback("", ""), List.of(record("billing", B, null, B))));
    assertEquals(Map.of(), Candidates.rollback(rollback(A.releaseId(), ""), List.of(record("billing", B, A, null))),
        "the target is not the release named");
    assertEquals(Map.of("billing", A), Candidates.rollback(rollback(B.releaseId(), ""), List.of(record("billing", B, A, null))));
  }

  @Test
  void rollbackOfOneServiceLeavesTheOthers() {
    List<ServiceDocument> services = List.of(record("billing", B, A, null), record("portal", B, A, null));
    assertEquals(Map.of("portal", A), Candidates.rollback(rollback("", "portal"), services));
    assertEquals(List.of("billing", "portal"), List.copyOf(Candidates.rollback(rollback("", ""), services).keySet()));
  }

  @Test
  void redeployTakesTheNamedServiceOrAllThatTheClientRuns() {
    ClientDefinition acme = ClientDefinitions.loadFile(Path.of("..", "clients", "acme.yaml")); // billing, portal
    Release release = DeploymentCoordinatorTest.release("2026.11.24-aaaaaaa", 100, "billing", "portal", "reports");
    Command all = new Command(CommandType.REDEPLOY, "acme", release.releaseId(), "", "ops", "");
    Command reports = new Command(CommandType.REDEPLOY, "acme", release.releaseId(), "reports", "ops", "");
    Command portal = new Command(CommandType.REDEPLOY, "acme", release.releaseId(), "portal", "ops", "");

    assertEquals(List.of("billing", "portal"), List.copyOf(Candidates.redeploy(all, release, acme).keySet()));
    assertEquals(Map.of(), Candidates.redeploy(reports, release, acme));
    assertEquals(List.of("portal"), List.copyOf(Candidates.redeploy(portal, release, acme).keySet()));
  }

  @Test
  void aCommandDraftIsOnceOnlyByMessageAndMixedWhenItsVersionsComeFromSeveralReleases() {
    Map<String, ServiceVersion> one = Map.of("billing", A);
    assertEquals(new DeploymentDraft("rollback-m1", A.releaseId(), 100, DeploymentKind.ROLLBACK, one),
        Candidates.command(DeploymentKind.ROLLBACK, "m1", one));

    Map<String, ServiceVersion> several = new LinkedHashMap<>();
    several.put("billing", A);
    several.put("portal", C);
    several.put("reports", B);
    assertEquals(new DeploymentDraft("redeploy-m2", "mixed", 300, DeploymentKind.REDEPLOY, several),
        Candidates.command(DeploymentKind.REDEPLOY, "m2", several));
  }
}
