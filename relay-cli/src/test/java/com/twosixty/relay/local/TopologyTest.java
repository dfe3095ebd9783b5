package com.twosixty.relay.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.config.RelayFunction.Delivery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The local topology is RelayFunction's wiring, with Terraform's names (terraform-checks hold Terraform to the same). */
class TopologyTest {
  static final Topology TOPOLOGY = new Topology("relay-local",
      List.of(ClientDefinitions.loadFile(Path.of("..", "clients", "essence.yaml"))));

  @Test
  void eachFunctionIsFedByOneSubscriptionPerFeedInItsDeliveryShape() {
    Map<String, List<Topology.SubscriptionSpec>> byFunction = TOPOLOGY.subscriptions().stream()
        .filter(s -> s.target().isPresent())
        .collect(Collectors.groupingBy(s -> s.target().orElseThrow().name()));
    for (FunctionDeployment function : TOPOLOGY.functions()) {
      List<Topology.SubscriptionSpec> feeding = byFunction.getOrDefault(function.name(), List.of());
      assertEquals(function.function().feeds().size(), feeding.size(), function.name() + ": " + feeding);
      for (Topology.SubscriptionSpec subscription : feeding) {
        boolean push = function.function().delivery() == Delivery.PUSH_SUBSCRIPTION;
        assertEquals(push, subscription.deadLetter().isPresent(),
            subscription.name() + ": push subscriptions dead-letter; Eventarc's own subscriptions cannot");
      }
    }
  }

  @Test
  void namesFiltersAndDeadLettersAreTerraforms() {
    Map<String, Topology.SubscriptionSpec> byName = TOPOLOGY.subscriptions().stream()
        .collect(Collectors.toMap(s -> s.name().toString(), s -> s));
    Topology.SubscriptionSpec releases = byName.get("projects/relay-essence-prod/subscriptions/relay-essence-releases");
    assertEquals("projects/relay-local/topics/releases", releases.topic().toString());
    assertEquals(Optional.of("projects/relay-local/topics/releases-dead-letter"), releases.deadLetter().map(Object::toString));
    Topology.SubscriptionSpec commands = byName.get("projects/relay-essence-prod/subscriptions/relay-essence-commands");
    assertEquals("attributes.client = \"essence\"", commands.filter());
    assertEquals(Optional.of("projects/relay-local/topics/release-commands-dead-letter"), commands.deadLetter().map(Object::toString));
    assertTrue(byName.containsKey("projects/relay-essence-prod/subscriptions/eventarc-deploy-reporter"));
    assertTrue(byName.containsKey("projects/relay-local/subscriptions/eventarc-release-publisher"));
    assertFalse(TOPOLOGY.topics().stream().anyMatch(t -> t.name().getTopic().equals("cloud-builds-dead-letter")),
        "Terraform makes no dead-letter topic for Cloud Build's notifications");
  }

  @Test
  void releaseRolloutIsFedInTheHubAsRolloutTfNamesAndFiltersIt() {
    Map<String, Topology.SubscriptionSpec> byName = TOPOLOGY.subscriptions().stream()
        .collect(Collectors.toMap(s -> s.name().toString(), s -> s));
    Topology.SubscriptionSpec commands = byName.get("projects/relay-local/subscriptions/relay-rollout-commands");
    assertEquals("NOT attributes:client", commands.filter(), "only the rollout's own commands");
    assertEquals("projects/relay-local/topics/deployments",
        byName.get("projects/relay-local/subscriptions/relay-rollout-deployments").topic().toString());
    assertEquals(Optional.of("projects/relay-local/topics/rollout-ticks-dead-letter"),
        byName.get("projects/relay-local/subscriptions/relay-rollout-ticks").deadLetter().map(Object::toString));
  }

  @Test
  void directFunctionsHaveNoSubscription() {
    for (RelayFunction function : RelayFunction.values()) {
      assertEquals(function.delivery() == Delivery.DIRECT, function.feeds().isEmpty(), function.name());
    }
  }
}
