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

  private static DeploymentDocument waitingForWave(String releaseId, long sequence, String... services) {
    return planned(releaseId, sequence, new Plan(List.of(services).stream()
        .map(service -> ServiceDecision.waitForWave(service, "wave 2 waits for wave 1: acme (IN_FLIGHT)")).toList()), Map.of());
  }

  @Test
  void aReleaseWaitingForItsWaveIsClosedOnceANewerOneReachesEachOfItsServicesWaitingDeployingOrAwaitingApproval() {
    DeploymentDocument a = waitingForWave("a", 100, "billing", "portal");
    DeploymentDocument b = waitingForWave("b", 200, "billing");
    DeploymentDocument c = waiting("c", 300, "portal"); // awaiting approval

    assertEquals(List.of(), Supersession.closedBy(b, List.of(a), Map.of(), NOW), "portal: nothing newer reached it");
    assertEquals(List.of(rejected(a, "superseded by c")), Supersession.closedBy(c, List.of(a, b), Map.of(), NOW),
        "billing waited for by b, portal awaited by c: the newest names it");
    assertEquals(List.of(rejected(a, "superseded by d")),
        Supersession.closedBy(deploying("d", 400, "billing", "portal"), List.of(a),
            Supersession.targetsAfter(Map.of(), deploying("d", 400, "billing", "portal")), NOW));
    assertEquals(List.of("billing", "portal"), Supersession.awaited(a), "its SKIPPED event names what it waited for");
  }

  @Test
  void aHaltedReleaseWaitingForItsWaveIsClosedTheSameWay() {
    DeploymentDocument halted = planned("a", 100, new Plan(List.of(
        ServiceDecision.waitForWave("billing", "rollout halted: essence FAILED in wave 1 (halt rule)"))), Map.of());
    assertEquals(List.of(rejected(halted, "superseded by b")),
        Supersession.closedBy(waitingForWave("b", 200, "billing"), List.of(halted), Map.of(), NOW));
  }

  @Test
  void anOlderReleaseOrTheSameOneNeverClosesIt() {
    DeploymentDocument b = waitingForWave("b", 200, "billing");
    assertEquals(List.of(), Supersession.closedBy(waitingForWave("a", 100, "billing"), List.of(b), Map.of(), NOW));
    assertEquals(List.of(), Supersession.closedBy(deploying("a", 100, "billing"), List.of(b),
        Map.of("billing", version("a", 100, "billing")), NOW));
    assertEquals(Optional.empty(), Supersession.overtakenBy(b, Map.of(), List.of(waitingForWave("b", 200, "billing"))));
  }

  @Test
  void aReleaseAwaitingApprovalIsClosedByANewerOneWaitingForItsWaveNotByOneAwaitingApproval() {
    DeploymentDocument a = waiting("a", 100, "billing");
    assertEquals(List.of(), Supersession.closedBy(waiting("b", 200, "billing"), List.of(a), Map.of(), NOW),
        "two releases awaiting approval: the operator chooses");
    assertEquals(List.of(rejected(a, "superseded by b")),
        Supersession.closedBy(waitingForWave("b", 200, "billing"), List.of(a), Map.of(), NOW));
  }

  @Test
  void anOlderReleaseArrivingBehindANewerOneWaitingForItsWaveSkipsWhatTheNewerOneWaitsFor() {
    Plan older = new Plan(List.of(ServiceDecision.deploy("billing"), ServiceDecision.deploy("portal"),
        ServiceDecision.skip("search", ServiceDecision.NOT_RUN_BY_CLIENT)));
    Plan behind = Supersession.behindWaiting(older, "a", 100, List.of(waitingForWave("b", 200, "billing")));
    assertEquals(new Plan(List.of(ServiceDecision.skip("billing", ServiceDecision.NOT_NEWER), ServiceDecision.deploy("portal"),
        ServiceDecision.skip("search", ServiceDecision.NOT_RUN_BY_CLIENT))), behind);

    Plan waits = new Plan(List.of(ServiceDecision.waitForWave("billing", "wave 2 has not opened")));
    assertEquals(new Plan(List.of(ServiceDecision.skip("billing", ServiceDecision.NOT_NEWER))),
        Supersession.behindWaiting(waits, "a", 100, List.of(waiting("b", 200, "billing"))),
        "a newer release awaiting approval reached it: waiting for its wave it could only deploy an older one");
    assertEquals(older, Supersession.behindWaiting(older, "a", 100, List.of(waiting("b", 200, "billing"))),
        "deploying beside a newer one awaiting approval is today's rule (approval decides)");
    assertEquals(older, Supersession.behindWaiting(older, "c", 300, List.of(waitingForWave("b", 200, "billing"))),
        "behind an older one it is not");
  }
}
