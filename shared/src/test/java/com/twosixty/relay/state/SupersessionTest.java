package com.twosixty.relay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupersessionTest {
  private static ServiceVersion version(String releaseId, long sequence, String service) {
    return new ServiceVersion(releaseId, sequence, "gcr.io/relay-hub/" + service, "sha256:" + "b".repeat(64));
  }

  private static Deployment waiting(String releaseId, long sequence, String... services) {
    return new Deployment(releaseId, releaseId, sequence, DeploymentKind.RELEASE, DeploymentStatus.AWAITING_APPROVAL,
        new Plan(List.of(services).stream().map(ServiceDecision::awaitApproval).toList()), Map.of(), "", "");
  }

  private static Deployment deploying(String releaseId, long sequence, String... services) {
    Plan plan = new Plan(List.of(services).stream().map(ServiceDecision::deploy).toList());
    Map<String, ServiceVersion> images = new java.util.HashMap<>();
    for (String service : services) {
      images.put(service, version(releaseId, sequence, service));
    }
    return new Deployment(releaseId, releaseId, sequence, DeploymentKind.RELEASE, DeploymentStatus.PLANNED, plan, images, "", "");
  }

  @Test
  void aDeployingClaimClosesTheWaitingReleasesWhoseEveryServiceItOrAnEarlierOneOvertook() {
    Deployment a = waiting("a", 100, "billing", "portal");
    Deployment b = waiting("b", 200, "billing");
    Deployment d = waiting("d", 400, "billing");
    Deployment c = deploying("c", 300, "billing");
    Map<String, ServiceVersion> before = Map.of("portal", version("x", 150, "portal"));

    List<Deployment> closed = Supersession.closedBy(c, List.of(a, b, c, d), Supersession.targetsAfter(before, c));

    assertEquals(List.of(a.rejected("superseded by c"), b.rejected("superseded by c")), closed);
    assertEquals(DeploymentStatus.SKIPPED, closed.get(0).status());
    assertEquals(List.of("billing", "portal"), Supersession.awaited(a));
  }

  @Test
  void aWaitingReleaseWithAServiceNothingNewerReachedStaysOpen() {
    Deployment a = waiting("a", 100, "billing", "portal");
    Deployment c = deploying("c", 300, "billing");
    assertEquals(List.of(), Supersession.closedBy(c, List.of(a), Supersession.targetsAfter(Map.of(), c)));
    assertEquals(Optional.empty(), Supersession.overtakenBy(a, Map.of("billing", version("c", 300, "billing"))));
  }

  @Test
  void aClaimThatDeploysNothingClosesNothing() {
    Deployment a = waiting("a", 100, "billing");
    Deployment skipped = new Deployment("c", "c", 300, DeploymentKind.RELEASE, DeploymentStatus.SKIPPED,
        new Plan(List.of(ServiceDecision.skip("billing", ServiceDecision.FROZEN))), Map.of(), "", "");
    assertEquals(List.of(), Supersession.closedBy(skipped, List.of(a), Map.of("billing", version("z", 999, "billing"))));
  }
}
