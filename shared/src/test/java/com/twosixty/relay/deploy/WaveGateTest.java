package com.twosixty.relay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImagePolicy;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.pubsub.OutboxEntry;
import com.twosixty.relay.rollout.RolloutControl;
import com.twosixty.relay.rollout.RolloutPolicy;
import com.twosixty.relay.rollout.RolloutReader;
import com.twosixty.relay.state.InMemoryCommandLog;
import com.twosixty.relay.state.InMemoryStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * client-deployer's side of the wave gate (issue 22) at its ports: the in-memory state store, the
 * hub's rollout record as a map. A client in a later wave records WAITING_FOR_WAVE and deploys
 * nothing until its wave opens; then the same release (or the hub's wake-up) deploys it once.
 */
class WaveGateTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private static final String A = "2026.11.24-aaaaaaa";
  private static final String B = "2026.11.25-bbbbbbb";
  private static final RolloutPolicy THREE_WAVES = RolloutPolicy.parse(
      "{\"waves\":[{\"soak\":\"PT30M\"},{\"soak\":\"PT1H\"},{}]}");
  private static final String WAITING_FOR = "wave 2 waits for wave 1: essence (STARTED)";

  private final InMemoryStateStore state = new InMemoryStateStore();
  private final DeploymentCoordinatorTest.FakeBuilds builds = new DeploymentCoordinatorTest.FakeBuilds();
  private final DeploymentCoordinatorTest.FakeCluster cluster = new DeploymentCoordinatorTest.FakeCluster();
  private final List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
  private final Map<String, RolloutDocument> rollouts = new ConcurrentHashMap<>();
  private final List<String> read = new CopyOnWriteArrayList<>();
  private final RolloutReader reader = releaseId -> {
    read.add(releaseId);
    return rollouts.getOrDefault(releaseId, RolloutDocument.empty(releaseId));
  };

  /** essence's file, put in {@code wave} (0: none). */
  private static ClientDefinition essenceIn(int wave) throws Exception {
    String file = Files.readString(Path.of("..", "clients", "essence.yaml"));
    return ClientDefinitions.parse("essence.yaml", wave == 0 ? file.replace("wave: 1 ", "")
        : file.replace("wave: 1 ", "wave: " + wave + " "));
  }

  private DeploymentCoordinator coordinator(ClientDefinition client, RolloutPolicy policy) {
    return new DeploymentCoordinator(client, ImagePolicy.parse("gcr.io/relay-hub/"), state, new InMemoryCommandLog(), cluster,
        builds, (topic, message, key) -> {
          events.add((DeploymentEvent) message);
          return "id";
        }, "deployments", NOW, policy, reader);
  }

  private void hubRecords(String releaseId, RolloutControl control) {
    rollouts.put(releaseId, new RolloutDocument(releaseId, 200, "stable", control, Map.of(2, WAITING_FOR), NOW.instant().toString()));
  }

  private List<DeploymentStatus> statuses() {
    return events.stream().map(DeploymentEvent::status).toList();
  }

  @Test
  void aLaterWaveWaitsDeploysNothingAndSaysWhatItWaitsForOnce() throws Exception {
    DeploymentCoordinator deployer = coordinator(essenceIn(2), THREE_WAVES);
    Release release = DeploymentCoordinatorTest.release(B, 200, "billing", "portal");
    hubRecords(B, RolloutControl.NONE);

    for (int delivery = 0; delivery < 3; delivery++) {
      deployer.onRelease(release);
    }

    assertEquals(List.of(), builds.runs, "nothing deployed");
    assertEquals(List.of(DeploymentStatus.WAITING_FOR_WAVE), statuses(), "one event, however often it arrives");
    DeploymentEvent waiting = events.get(0);
    assertEquals(List.of("billing", "portal"), waiting.services());
    assertEquals(WAITING_FOR, waiting.reason());
    assertEquals(DeploymentStatus.WAITING_FOR_WAVE, state.deployment("essence", B).orElseThrow().deploymentStatus());
    assertTrue(state.services("essence").values().stream().allMatch(s -> s.targetVersion().isEmpty()),
        "a waiting release moves no target, so a newer one is not refused as not newer");
  }

  @Test
  void onceTheHubOpensItsWaveTheSameReleaseDeploysOnceAndNeverAgain() throws Exception {
    DeploymentCoordinator deployer = coordinator(essenceIn(2), THREE_WAVES);
    Release release = DeploymentCoordinatorTest.release(B, 200, "billing", "portal");
    deployer.onRelease(release);
    assertEquals(List.of(), builds.runs);

    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant()));
    for (int delivery = 0; delivery < 3; delivery++) {
      deployer.onRelease(release);
    }

    assertEquals(1, builds.runs.size(), "one deploy per client and service");
    assertEquals(List.of(DeploymentStatus.WAITING_FOR_WAVE, DeploymentStatus.TRIGGERED), statuses());
    assertEquals(DeploymentStatus.TRIGGERED, state.deployment("essence", B).orElseThrow().deploymentStatus());
  }

  @Test
  void aHaltedRolloutKeepsAnOpenedWaveFromStartingIt() throws Exception {
    DeploymentCoordinator deployer = coordinator(essenceIn(2), THREE_WAVES);
    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant())
        .halted(new RolloutControl.Halt("acme", "acme FAILED in wave 1: FAILURE", "halt rule", NOW.instant())));

    deployer.onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));

    assertEquals(List.of(), builds.runs);
    assertEquals(List.of(DeploymentStatus.WAITING_FOR_WAVE), statuses());
    assertEquals("rollout halted: acme FAILED in wave 1: FAILURE (halt rule)", events.get(0).reason());
  }

  @Test
  void theFirstWaveAndAnUnstagedHubNeverReadTheRollout() throws Exception {
    coordinator(essenceIn(1), THREE_WAVES).onRelease(DeploymentCoordinatorTest.release(A, 100, "billing"));
    coordinator(essenceIn(3), RolloutPolicy.NONE).onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));

    assertEquals(List.of(), read, "no Firestore read where no wave can hold the release");
    assertEquals(2, builds.runs.size());
  }

  @Test
  void noWaveInTheFileIsTheLastWave() throws Exception {
    coordinator(essenceIn(0), THREE_WAVES).onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));
    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant()));
    coordinator(essenceIn(0), THREE_WAVES).onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));

    assertEquals(List.of(), builds.runs, "wave 2 open, the client is in wave 3");
    assertEquals(List.of(DeploymentStatus.WAITING_FOR_WAVE), statuses());
  }

  @Test
  void aWaitingReleaseOvertakenByANewerOneIsSkippedWhenItsWaveOpens() throws Exception {
    DeploymentCoordinator deployer = coordinator(essenceIn(2), THREE_WAVES);
    deployer.onRelease(DeploymentCoordinatorTest.release(A, 100, "billing"));
    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant()));
    deployer.onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));
    hubRecords(A, RolloutControl.NONE.withOpened(2, NOW.instant()));
    deployer.onRelease(DeploymentCoordinatorTest.release(A, 100, "billing"));

    assertEquals(1, builds.runs.size(), "never a downgrade");
    assertEquals(B, builds.runs.get(0).get("_RELEASE_ID"));
    assertEquals(List.of(DeploymentStatus.WAITING_FOR_WAVE, DeploymentStatus.SKIPPED, DeploymentStatus.TRIGGERED), statuses(),
        "closed by the newer one's claim, not planned again when its own wave opens");
    assertEquals(A, events.get(1).releaseId());
    assertEquals("superseded by " + B, events.get(1).reason());
    assertEquals(DeploymentStatus.SKIPPED, state.deployment("essence", A).orElseThrow().deploymentStatus());
  }

  private static final String HALTED = "rollout halted: acme FAILED in wave 1: FAILURE (halt rule)";

  private static RolloutControl halted() {
    return RolloutControl.NONE.halted(new RolloutControl.Halt("acme", "acme FAILED in wave 1: FAILURE", "halt rule", NOW.instant()));
  }

  private List<DeploymentEvent> of(String releaseId) {
    return events.stream().filter(e -> e.releaseId().equals(releaseId)).toList();
  }

  @Test
  void aWaitingReleaseIsClosedWhenANewerOneReachesTheClientWaitingTooAndNeverDeploysLater() throws Exception {
    DeploymentCoordinator deployer = coordinator(essenceIn(2), THREE_WAVES);
    Release older = DeploymentCoordinatorTest.release(A, 100, "billing", "portal");
    Release newer = DeploymentCoordinatorTest.release(B, 200, "billing", "portal");
    deployer.onRelease(older);
    deployer.onRelease(newer);

    DeploymentEvent closed = of(A).get(of(A).size() - 1);
    assertEquals(DeploymentStatus.SKIPPED, closed.status());
    assertEquals("superseded by " + B, closed.reason());
    assertEquals(List.of("billing", "portal"), closed.services(), "the services it waited for");
    assertEquals(DeploymentStatus.SKIPPED, state.deployment("essence", A).orElseThrow().deploymentStatus(),
        "it leaves the waiting list");

    hubRecords(A, RolloutControl.NONE.withOpened(2, NOW.instant())); // the older one's wave opens first
    deployer.onRelease(older);
    deployer.onCommand(new com.twosixty.relay.contract.Command(com.twosixty.relay.contract.CommandType.PROMOTE, "essence", A, "",
        "release-rollout", "wave 2 opened"), "wake-a");
    assertEquals(List.of(), builds.runs, "the older release never deploys");
    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant()));
    deployer.onRelease(newer);
    deployer.onRelease(newer);
    assertEquals(1, builds.runs.size());
    assertEquals(B, builds.runs.get(0).get("_RELEASE_ID"));
  }

  @Test
  void aHaltedReleasesWaitingDeploymentIsClosedByANewerOneAndAResumeDeploysNothingOfIt() throws Exception {
    DeploymentCoordinator deployer = coordinator(essenceIn(2), THREE_WAVES);
    Release older = DeploymentCoordinatorTest.release(A, 100, "billing");
    hubRecords(A, halted());
    deployer.onRelease(older);
    assertEquals(HALTED, state.deployment("essence", A).orElseThrow().reason(), "its reason says what it waits for");

    deployer.onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));
    assertEquals("superseded by " + B, state.deployment("essence", A).orElseThrow().reason());
    hubRecords(A, RolloutControl.NONE.withOpened(2, NOW.instant())); // resumed and opened
    deployer.onRelease(older);

    assertEquals(List.of(), builds.runs);
    assertEquals(DeploymentStatus.SKIPPED, state.deployment("essence", A).orElseThrow().deploymentStatus());
  }

  @Test
  void anOlderReleaseArrivingAfterANewerOneWaitsForItsWaveIsSkippedEvenWithItsOwnWaveOpen() throws Exception {
    DeploymentCoordinator deployer = coordinator(essenceIn(2), THREE_WAVES);
    deployer.onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));
    hubRecords(A, RolloutControl.NONE.withOpened(2, NOW.instant()));
    deployer.onRelease(DeploymentCoordinatorTest.release(A, 100, "billing", "portal"));

    assertEquals(1, builds.runs.size(), "portal: nothing newer reached it");
    assertEquals("portal", builds.runs.get(0).get("_SERVICES"));
    assertEquals(DeploymentStatus.WAITING_FOR_WAVE, state.deployment("essence", B).orElseThrow().deploymentStatus(),
        "the newer one keeps waiting");
    assertEquals("billing: not-newer", of(A).get(0).reason());
  }

  @Test
  void approvingAReleaseThatWaitsForItsWaveIsRefusedNamingWhatItWaitsFor() throws Exception {
    DeploymentCoordinator deployer = coordinator(northwindIn(2), THREE_WAVES);
    hubRecords(B, RolloutControl.NONE);
    deployer.onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));

    deployer.onCommand(approve(B), "m-1");

    assertEquals(List.of(), builds.runs);
    DeploymentEvent refused = events.get(events.size() - 1);
    assertEquals(DeploymentStatus.SKIPPED, refused.status());
    assertEquals("approve refused: " + B + " waits for its wave, not for approval: " + WAITING_FOR
        + "; it asks for approval once its wave opens", refused.reason());
    assertEquals(DeploymentStatus.WAITING_FOR_WAVE, state.deployment("northwind", B).orElseThrow().deploymentStatus(),
        "the approval is not kept: the wave opens to AWAITING_APPROVAL");
    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant()));
    deployer.onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));
    assertEquals(List.of(), builds.runs);
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, state.deployment("northwind", B).orElseThrow().deploymentStatus());
  }

  @Test
  void aManualClientInALaterWaveAwaitsApprovalOnlyOnceItsWaveOpensAndAHaltKeepsAnApprovalFromDeploying() throws Exception {
    DeploymentCoordinator deployer = coordinator(northwindIn(2), THREE_WAVES);
    Release release = DeploymentCoordinatorTest.release(B, 200, "billing");
    deployer.onRelease(release);
    assertEquals(List.of(DeploymentStatus.WAITING_FOR_WAVE), statuses(), "no approval asked before its wave opens");

    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant()));
    deployer.onRelease(release);
    assertEquals(List.of(DeploymentStatus.WAITING_FOR_WAVE, DeploymentStatus.AWAITING_APPROVAL), statuses());

    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant())
        .halted(new RolloutControl.Halt("", "bad canary", "oncall@twosixty.example", NOW.instant())));
    deployer.onCommand(approve(B), "m-1");
    assertEquals(List.of(), builds.runs, "approved while halted: nothing deploys");
    assertEquals("approve refused: " + B + " waits for its wave: rollout halted: bad canary (oncall@twosixty.example)",
        events.get(events.size() - 1).reason());
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, state.deployment("northwind", B).orElseThrow().deploymentStatus());

    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant())); // resumed
    deployer.onCommand(approve(B), "m-2");
    assertEquals(1, builds.runs.size());
  }

  private static com.twosixty.relay.contract.Command approve(String releaseId) {
    return new com.twosixty.relay.contract.Command(com.twosixty.relay.contract.CommandType.APPROVE, "northwind", releaseId, "",
        "release-manager@northwind.example", "");
  }

  /** northwind's file (manual approval; its weekend freeze does not cover {@link #NOW}, a Wednesday), put in {@code wave}. */
  private static ClientDefinition northwindIn(int wave) throws Exception {
    String file = Files.readString(Path.of("..", "clients", "northwind.yaml")).replaceAll("(?m)^wave:.*$", "");
    return ClientDefinitions.parse("northwind.yaml", file + "\nwave: " + wave + "\n");
  }

  @Test
  void aFrozenClientWaitsWithItsWaveAndIsSkippedFrozenWhenItOpens() throws Exception {
    DeploymentCoordinator deployer = coordinator(essenceIn(2), THREE_WAVES);
    state.setFrozen("essence", true, "ops", "incident", NOW.instant(), new OutboxEntry("essence~freeze", 
        com.twosixty.relay.state.StateEvents.event("essence", "", List.of(), DeploymentStatus.SKIPPED, "frozen", "", NOW.instant().toString())));
    Release release = DeploymentCoordinatorTest.release(B, 200, "billing");
    deployer.onRelease(release);
    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant()));
    deployer.onRelease(release);

    assertEquals(List.of(), builds.runs);
    assertEquals(List.of(DeploymentStatus.WAITING_FOR_WAVE, DeploymentStatus.SKIPPED),
        statuses().subList(statuses().size() - 2, statuses().size()), "after the freeze's own event");
    assertEquals("billing: frozen", events.get(events.size() - 1).reason());
  }

  @Test
  void theHubsWakeUpPlansTheStoredReleaseAgainAndTheGateStillDecides() throws Exception {
    DeploymentCoordinator deployer = coordinator(essenceIn(2), THREE_WAVES);
    Release release = DeploymentCoordinatorTest.release(B, 200, "billing");
    deployer.onRelease(release);
    com.twosixty.relay.contract.Command wake = new com.twosixty.relay.contract.Command(
        com.twosixty.relay.contract.CommandType.PROMOTE, "essence", B, "", "release-rollout", "wave 2 opened");

    deployer.onCommand(wake, "m-1"); // a forged or early wake-up: the wave is still closed
    assertEquals(List.of(), builds.runs);
    hubRecords(B, RolloutControl.NONE.withOpened(2, NOW.instant()));
    deployer.onCommand(wake, "m-2");
    deployer.onCommand(wake, "m-2");
    deployer.onRelease(release);

    assertEquals(1, builds.runs.size(), "one deploy, however many wake-ups and deliveries");
    assertEquals(List.of(DeploymentStatus.WAITING_FOR_WAVE, DeploymentStatus.TRIGGERED), statuses());
  }

  @Test
  void aRolloutsCommandAddressedToAClientIsRefused() throws Exception {
    coordinator(essenceIn(2), THREE_WAVES).onCommand(new com.twosixty.relay.contract.Command(
        com.twosixty.relay.contract.CommandType.HALT, "essence", B, "", "ops", ""), "m-1");
    assertEquals(List.of(DeploymentStatus.FAILED), statuses());
    assertEquals("halt refused: halt is a rollout's command: send it for the release with no client", events.get(0).reason());
  }
}
