package com.twosixty.relay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OneDeployAtATimeTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private static ServiceVersion version(String releaseId, long sequence, String service) {
    return new ServiceVersion(releaseId, sequence, "gcr.io/relay-hub/" + service, "sha256:" + "b".repeat(64));
  }

  private static DeploymentDocument deploying(String id, DeploymentKind kind, String releaseId, long sequence, String... services) {
    Map<String, ServiceVersion> images = new LinkedHashMap<>();
    for (String service : services) {
      images.put(service, version(releaseId, sequence, service));
    }
    Plan plan = new Plan(List.of(services).stream().map(ServiceDecision::deploy).toList());
    return new DeploymentDraft(id, releaseId, sequence, kind, images).planned("essence", plan, NOW);
  }

  private static DeploymentDocument release(String releaseId, long sequence, String... services) {
    return deploying(releaseId, DeploymentKind.RELEASE, releaseId, sequence, services);
  }

  private static DeploymentDocument with(DeploymentDocument deployment, DeploymentStatus status) {
    return deployment.after(DeploymentDocument.progressed(status, "build-" + deployment.deploymentId(), "", "", NOW.toString(), false));
  }

  private static DeploymentDocument triggered(DeploymentDocument deployment) {
    return deployment.after(DeploymentDocument.triggered("build-" + deployment.deploymentId(), true, NOW));
  }

  @Test
  void aNewerReleaseOvertakesTheOlderDeploymentsInFlightOnItsServices() {
    DeploymentDocument older = triggered(release("a", 100, "billing", "portal"));
    DeploymentDocument started = with(release("b", 200, "billing"), DeploymentStatus.STARTED);
    DeploymentDocument newer = release("c", 300, "billing", "portal");

    OneDeployAtATime.Overtaking overtaking = OneDeployAtATime.decide(newer, List.of(older, started, newer), NOW);

    assertEquals(List.of(older, started), overtaking.overtaken());
    assertEquals(Map.of(), overtaking.carriedOver());
    assertEquals(Optional.empty(), overtaking.waitFor());
  }

  @Test
  void aReleaseNeverOvertakesADeploymentOfANewerReleaseOfAService() {
    DeploymentDocument newer = triggered(release("c", 300, "billing", "portal"));
    DeploymentDocument older = release("a", 100, "billing");
    DeploymentDocument sameSequence = release("c-again", 300, "portal");

    assertEquals(List.of(), OneDeployAtATime.decide(older, List.of(newer), NOW).overtaken());
    assertEquals(List.of(), OneDeployAtATime.decide(sameSequence, List.of(newer), NOW).overtaken());
  }

  @Test
  void aRollbackOrRedeployOvertakesWhateverIsInFlightOnItsServices() {
    DeploymentDocument newer = triggered(release("c", 300, "billing"));
    for (DeploymentKind kind : List.of(DeploymentKind.ROLLBACK, DeploymentKind.REDEPLOY)) {
      DeploymentDocument command = deploying(kind.wireName() + "-m1", kind, "a", 100, "billing");
      assertEquals(List.of(newer), OneDeployAtATime.decide(command, List.of(newer), NOW).overtaken(), kind.wireName());
    }
  }

  @Test
  void finishedDeploymentsAndOnesOnOtherServicesAreLeftAlone() {
    DeploymentDocument succeeded = with(release("a", 100, "billing"), DeploymentStatus.SUCCEEDED);
    DeploymentDocument failed = with(release("b", 150, "billing"), DeploymentStatus.FAILED);
    DeploymentDocument otherService = triggered(release("x", 160, "portal"));
    DeploymentDocument waiting = new DeploymentDraft("w", "w", 170, DeploymentKind.RELEASE, Map.of())
        .planned("essence", new Plan(List.of(ServiceDecision.awaitApproval("billing"))), NOW);
    DeploymentDocument newer = release("c", 300, "billing");

    assertEquals(OneDeployAtATime.Overtaking.NONE,
        OneDeployAtATime.decide(newer, List.of(succeeded, failed, otherService, waiting), NOW));
  }

  @Test
  void servicesOfAnOvertakenDeploymentThatTheNewerOneDoesNotDeployAreCarriedOver() {
    DeploymentDocument older = triggered(release("a", 100, "billing", "portal", "search"));
    DeploymentDocument newer = release("c", 300, "billing");

    OneDeployAtATime.Overtaking overtaking = OneDeployAtATime.decide(newer, List.of(older), NOW);

    assertEquals(Map.of("portal", version("a", 100, "portal"), "search", version("a", 100, "search")),
        overtaking.carriedOver());
    Plan plan = OneDeployAtATime.withCarriedOver(new Plan(List.of(ServiceDecision.deploy("billing"),
        ServiceDecision.skip("portal", ServiceDecision.PINNED))), overtaking.carriedOver());
    assertEquals(List.of("billing", "portal", "search"), plan.services(ServiceDecision.Action.DEPLOY).stream().sorted().toList());
    assertTrue(plan.decisions().stream().filter(d -> d.service().equals("portal")).allMatch(
        d -> d.reason().equals(OneDeployAtATime.CARRIED_OVER + "a")));
    DeploymentDraft draft = OneDeployAtATime.withCarriedOver(
        new DeploymentDraft("c", "c", 300, DeploymentKind.RELEASE, Map.of("billing", version("c", 300, "billing"))),
        overtaking.carriedOver());
    assertEquals(version("a", 100, "portal"), draft.candidates().get("portal"));
  }

  @Test
  void anOlderDeploymentStillBeingStartedIsWaitedForAndOneWhoseClaimantDiedIsOvertaken() {
    DeploymentDocument starting = release("a", 100, "billing").leased("other", NOW.plusSeconds(10));
    DeploymentDocument abandoned = release("b", 150, "billing").leased("dead", NOW.minusSeconds(1));
    DeploymentDocument newer = release("c", 300, "billing");

    assertEquals(Optional.of(starting), OneDeployAtATime.decide(newer, List.of(starting), NOW).waitFor());
    assertEquals(List.of(abandoned), OneDeployAtATime.decide(newer, List.of(abandoned), NOW).overtaken());

    Claim held = Claims.overtaking(new Claim.Planned(newer), OneDeployAtATime.decide(newer, List.of(starting), NOW));
    assertEquals(NOW.plusSeconds(10), assertInstanceOf(Claim.Held.class, held).leaseUntil());
  }

  @Test
  void theInMemoryStoreClaimsWithTheRuleAndClosesAnAbandonedOlderDeployment() {
    InMemoryStateStore store = new InMemoryStateStore();
    store.putDeployment(triggered(release("a", 100, "billing", "portal")));
    store.putDeployment(release("b", 150, "search").leased("dead", NOW.minusSeconds(1)));
    DeploymentDraft draft = new DeploymentDraft("c", "c", 300, DeploymentKind.RELEASE,
        Map.of("billing", version("c", 300, "billing"), "search", version("c", 300, "search")));
    Function<com.twosixty.relay.planner.ClientState, Plan> deployAll = state -> new Plan(
        List.of(ServiceDecision.deploy("billing"), ServiceDecision.deploy("search")));

    Claim.Planned claim = assertInstanceOf(Claim.Planned.class, store.claim("essence", draft, deployAll, false, NOW));

    assertEquals(List.of("a", "b"), claim.overtaken().stream().map(DeploymentDocument::deploymentId).sorted().toList());
    assertEquals(List.of("billing", "portal", "search"), claim.deployment().services().stream().sorted().toList());
    assertEquals(DeploymentStatus.SKIPPED, store.deployment("essence", "b").orElseThrow().deploymentStatus());
    assertEquals("superseded by c", store.deployment("essence", "b").orElseThrow().reason());
    assertEquals(DeploymentStatus.TRIGGERED, store.deployment("essence", "a").orElseThrow().deploymentStatus(),
        "a running build is closed by its CANCELLED notification, not by the claim");
    assertInstanceOf(Claim.Duplicate.class, store.claim("essence",
        new DeploymentDraft("b", "b", 150, DeploymentKind.RELEASE, Map.of()), deployAll, false, NOW.plusSeconds(60)),
        "the abandoned older deployment is never resumed after the newer one");
  }

  /**
   * The claim reads the deployments the client document lists as open: every status in flight, and
   * both waits, are open, so that none a claim must overtake or close is left off the list.
   */
  @Test
  void everyStatusInFlightOrWaitingIsOpenAndNoOtherIs() {
    List<DeploymentStatus> open = new java.util.ArrayList<>(OneDeployAtATime.IN_FLIGHT);
    open.add(DeploymentStatus.AWAITING_APPROVAL);
    open.add(DeploymentStatus.WAITING_FOR_WAVE);
    assertEquals(java.util.Set.copyOf(open), DeploymentDocument.OPEN);
  }
}
