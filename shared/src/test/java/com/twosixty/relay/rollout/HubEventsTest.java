package com.twosixty.relay.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.RelayMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * release-rollout receives its own HALTED back on {@code deployments}, with client {@code hub} for an
 * operator's halt: neither it nor any other event of a client it does not know moves a rollout.
 */
class HubEventsTest {
  private static final String R = "2026.12.07-aaaaaaa";

  @Test
  void theHubsOwnEventsAndUnknownClientsMoveNoRollout() {
    RolloutCoordinatorTest.InMemoryLedger ledger = new RolloutCoordinatorTest.InMemoryLedger();
    List<RelayMessage> published = new CopyOnWriteArrayList<>();
    RolloutCoordinator hub = new RolloutCoordinator(ClientDefinitions.loadDirectory(Path.of("..", "clients")),
        RolloutPolicy.parse("{\"waves\":[{\"soak\":\"PT30M\"},{}]}"), ledger, (topic, message, key) -> {
          published.add(message);
          return "id";
        }, "release-commands", "deployments", Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));

    for (DeploymentEvent event : List.of(
        new DeploymentEvent(RolloutCoordinator.HUB, R, List.of(), DeploymentStatus.HALTED, "error budget (oncall)", "", "", ""),
        new DeploymentEvent("essence", R, List.of(), DeploymentStatus.HALTED, "essence FAILED in wave 1 (halt rule)", "", "", ""),
        new DeploymentEvent(RolloutCoordinator.HUB, R, List.of("billing"), DeploymentStatus.FAILED, "", "", "", ""))) {
      hub.onDeployment(event);
    }

    assertEquals(List.of(), published);
    assertEquals(Map.of(), ledger.rollouts, "no rollout read as moved, none written");
  }
}
