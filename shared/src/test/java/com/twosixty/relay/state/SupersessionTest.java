package com.twosixty.relay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupersessionTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private static ServiceVersion version(String releaseId, long sequence, String service) {
    return new ServiceVersion(releaseId, sequence, "gcr.io/relay-hub/" + service, "sha256:" + "b".repeat(64));
  }

  private static DeploymentDocument planned(String releaseId, long sequence, Plan plan, Map<String, ServiceVersion> candidates) {
    return new DeploymentDraft(releaseId, releaseId, sequence, DeploymentKind.RELEASE, candidates).planned("essence", plan, NOW);
  }

  private static DeploymentDocument waiting(String releaseId, long sequence, String... services) {
    return planned(releaseId, sequence, new Plan(List.of(services).stream().map(ServiceDecision::awaitApproval).toList()), Map.of());
  }

  private static DeploymentDocument deploying(String releaseId, long sequence, String... services) {
    Plan plan = new Plan(List.of(services).stream().map(ServiceDecision::deploy).toList());
    Map<String, ServiceVersion> images = new java.util.HashMap<>();
    for (String service : services) {
      images.put(service, version(releaseId, sequence, service));
    }
    return planned(releaseId, sequence, plan, images);
  }

  private static DeploymentDocument rejected(DeploymentDocument deployment, String reason) {
    return deployment.after(DeploymentDocument.rejected(DeploymentStatus.SKIPPED, reason, NOW));
  }

  @Test
  void aDeployingClaimClosesTheWaitingReleasesWhoseEveryServiceItOrAnEarlierOneOvertook() {
    DeploymentDocument a = waiting("a", 100, "billing", "portal");
    DeploymentDocument b = waiting("b", 200, "billing");
    DeploymentDocument d = waiting("d", 400, "billing");
    DeploymentDocument c = deploying("c", 300, "billing");
    Map<String, ServiceVersion> before = Map.of("portal", version("x", 150, "portal"));

    List<DeploymentDocument> closed = Supersession.closedBy(c, List.of(a, b, c, d), Supersession.targetsAfter(before, c), NOW);

    assertEquals(List.of(rejected(a, "superseded by c"), rejected(b, "superseded by c")), closed);
    assertEquals(DeploymentStatus.SKIPPED, closed.get(0).deploymentStatus());
    assertEquals("superseded by c", closed.get(0).reason());
    assertEquals(List.of("billing", "portal"), Supersession.awaited(a));
  }

  @Test
  void aWaitingReleaseWithAServiceNothingNewerReachedStaysOpen() {
    DeploymentDocument a = waiting("a", 100, "billing", "portal");
    DeploymentDocument c = deploying("c", 300, "billing");
    assertEquals(List.of(), Supersession.closedBy(c, List.of(a), Supersession.targetsAfter(Map.of(), c), NOW));
    assertEquals(Optional.empty(), Supersession.overtakenBy(a, Map.of("billing", version("c", 300, "billing"))));
  }

  @Test
  void aClaimThatDeploysNothingClosesNothing() {
    DeploymentDocument a = waiting("a", 100, "billing");
    DeploymentDocument skipped = planned("c", 300, new Plan(List.of(ServiceDecision.skip("billing", ServiceDecision.FROZEN))), Map.of());
    assertEquals(List.of(), Supersession.closedBy(skipped, List.of(a), Map.of("billing", version("z", 999, "billing")), NOW));
  }
}
