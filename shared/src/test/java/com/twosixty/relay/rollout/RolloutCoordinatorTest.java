package com.twosixty.relay.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.contract.RelayMessage;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ReleaseDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.state.DeploymentDraft;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The hub's release-rollout at its ports: essence in wave 1, northwind in wave 2, acme (no wave) in wave 3. */
class RolloutCoordinatorTest {
  private static final String R = "2026.12.07-aaaaaaa";
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final RolloutPolicy POLICY = RolloutPolicy.parse("{\"waves\":[{\"soak\":\"PT30M\"},{\"soak\":\"PT1H\"},{}]}");

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    volatile Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** The ledger in memory: a transaction is a synchronized read-change-write. */
  static final class InMemoryLedger implements RolloutLedger {
    final Map<String, ReleaseDocument> releases = new ConcurrentHashMap<>();
    final Map<String, Map<String, DeploymentDocument>> deployments = new ConcurrentHashMap<>();
    final Map<String, RolloutDocument> rollouts = new ConcurrentHashMap<>();
    /** releaseId → messageId → record, in the order recorded. */
    final Map<String, Map<String, RolloutCommandDocument>> commands = new ConcurrentHashMap<>();

    @Override
    public Optional<ReleaseDocument> release(String releaseId) {
      return Optional.ofNullable(releases.get(releaseId));
    }

    @Override
    public Map<String, DeploymentDocument> deployments(String releaseId) {
      return Map.copyOf(deployments.getOrDefault(releaseId, Map.of()));
    }

    @Override
    public RolloutDocument rollout(String releaseId) {
      return rollouts.getOrDefault(releaseId, RolloutDocument.empty(releaseId));
    }

    @Override
    public synchronized RolloutDocument update(String releaseId, UnaryOperator<RolloutDocument> change) {
      RolloutDocument after = change.apply(rollout(releaseId));
      rollouts.put(releaseId, after);
      return after;
    }

    @Override
    public synchronized RolloutCommandDocument command(String releaseId, String messageId,
        java.util.function.Function<RolloutDocument, Handled> handle) {
      Map<String, RolloutCommandDocument> recorded = commands.computeIfAbsent(releaseId, r -> new java.util.LinkedHashMap<>());
      if (recorded.containsKey(messageId)) {
        return recorded.get(messageId);
      }
      RolloutDocument before = rollout(releaseId);
      Handled handled = handle.apply(before);
      if (!handled.after().equals(before)) {
        rollouts.put(releaseId, handled.after());
      }
      recorded.put(messageId, handled.record());
      return handled.record();
    }

    @Override
    public List<String> active() {
      return rollouts.values().stream().filter(RolloutDocument::active).map(RolloutDocument::releaseId).toList();
    }
  }

  private final MovingClock clock = new MovingClock();
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final List<RelayMessage> published = new CopyOnWriteArrayList<>();
  private final RolloutCoordinator hub;

  RolloutCoordinatorTest() {
    List<ClientDefinition> clients = ClientDefinitions.loadDirectory(Path.of("..", "clients"));
    hub = new RolloutCoordinator(clients, POLICY, ledger, (topic, message, key) -> {
      published.add(message);
      return "id";
    }, "release-commands", "deployments", clock);
    Release release = new Release(R, 100, new Release.Source("monorepo", "main", "c0ffee0", "b1"), T0.toString(), Channel.STABLE,
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", "sha256:" + "a".repeat(64), R)));
    ledger.releases.put(R, ReleaseDocument.from(R, ReleaseDocument.toMap(release, T0)));
  }

  /** {@code client}'s deployment of the release reaches {@code status} now, and its event arrives. */
  private void deployment(String client, DeploymentStatus status) {
    DeploymentDraft draft = new DeploymentDraft(R, R, 100, DeploymentKind.RELEASE,
        Map.of("billing", new ServiceVersion(R, 100, "gcr.io/relay-hub/billing", "sha256:" + "a".repeat(64))));
    DeploymentDocument doc = draft.planned(client, new Plan(List.of(ServiceDecision.deploy("billing"))), clock.instant())
        .after(Map.of(DeploymentDocument.STATUS, status.name(), DeploymentDocument.REASON,
            status == DeploymentStatus.FAILED ? "FAILURE" : status == DeploymentStatus.ROLLED_BACK ? "rolled back by rollback-m1" : ""));
    ledger.deployments.computeIfAbsent(R, r -> new ConcurrentHashMap<>()).put(client, doc);
    hub.onDeployment(new DeploymentEvent(client, R, List.of("billing"), status, "", "", "", clock.instant().toString()));
  }

  private List<String> wakes() {
    return published.stream().filter(m -> m instanceof Command).map(m -> (Command) m)
        .map(c -> c.command().wireName() + " " + c.client()).toList();
  }

  private List<DeploymentEvent> halts() {
    return published.stream().filter(m -> m instanceof DeploymentEvent).map(m -> (DeploymentEvent) m).toList();
  }

  private int messages;

  /** The command arrives as a new message: why it was refused, empty when it applied. */
  private Optional<String> send(Command command) {
    RolloutCommandDocument record = hub.onCommand(command, "m" + (++messages));
    return record.applied() ? Optional.empty() : Optional.of(record.outcomeReason());
  }

  private void later(Duration duration) {
    clock.now = clock.now.plus(duration);
  }

  @Test
  void threeWavesOpenInOrderEachAfterItsSoakAndEachClientIsWokenOnce() {
    deployment("essence", DeploymentStatus.STARTED);
    deployment("northwind", DeploymentStatus.WAITING_FOR_WAVE);
    assertEquals(Map.of(2, "wave 2 waits for wave 1: essence (IN_FLIGHT)"), ledger.rollout(R).waitingFor());

    deployment("essence", DeploymentStatus.SUCCEEDED);
    hub.onTick();
    assertEquals(List.of(), wakes(), "wave 1's soak has not passed");
    assertEquals(Map.of(2, "wave 2 waits for wave 1's soak until 2026-12-07T10:30:00Z"), ledger.rollout(R).waitingFor());

    later(Duration.ofMinutes(30));
    hub.onTick();
    hub.onTick();
    assertEquals(List.of("promote northwind"), wakes(), "wave 2 opened once, its client woken once");
    assertEquals(Map.of(2, T0.plus(Duration.ofMinutes(30))), ledger.rollout(R).control().opened());

    deployment("northwind", DeploymentStatus.SUCCEEDED);
    later(Duration.ofMinutes(59));
    hub.onTick();
    assertEquals(List.of("promote northwind"), wakes(), "wave 2's soak of an hour has not passed");
    later(Duration.ofMinutes(1));
    hub.onTick();
    deployment("northwind", DeploymentStatus.SUCCEEDED); // a duplicate event changes nothing
    hub.onTick();
    assertEquals(List.of("promote northwind", "promote acme"), wakes());
    assertEquals(false, ledger.rollout(R).active(), "nothing left to do: the tick no longer reads it");
    assertEquals(List.of(), halts());
  }

  @Test
  void aFailureInWaveOneHaltsOnceAndResumeLetsTheRestGo() {
    deployment("essence", DeploymentStatus.FAILED);
    hub.onTick();
    deployment("essence", DeploymentStatus.FAILED);
    hub.onTick();

    assertEquals(List.of(), wakes(), "waves 2 and 3 never start it");
    assertEquals(1, halts().size(), "one event on deployments");
    DeploymentEvent halted = halts().get(0);
    assertEquals(DeploymentStatus.HALTED, halted.status());
    assertEquals("essence", halted.client());
    assertEquals("essence FAILED in wave 1: FAILURE (halt rule)", halted.reason());
    assertEquals("essence", ledger.rollout(R).control().halt().orElseThrow().client());

    assertEquals(Optional.of("halted: resume it first"),
        send(new Command(CommandType.PROMOTE, "", R, "", "oncall@twosixty.example", "")));
    later(Duration.ofMinutes(1));
    assertEquals(Optional.empty(), send(new Command(CommandType.RESUME, "", R, "", "oncall@twosixty.example", "fixed")));
    assertEquals(List.of("promote northwind"), wakes(), "essence's failure is its own outcome now; nothing to soak");
    assertEquals(Optional.of("not halted"), send(new Command(CommandType.RESUME, "", R, "", "oncall@twosixty.example", "")));
  }

  @Test
  void aRollbackInWaveOneDuringItsSoakHaltsTheLaterWaves() {
    deployment("essence", DeploymentStatus.SUCCEEDED);
    later(Duration.ofMinutes(10));
    // client-deployer's claim of `relay rollback essence` marks essence's deployment of R and announces it.
    deployment("essence", DeploymentStatus.ROLLED_BACK);
    later(Duration.ofMinutes(30));
    hub.onTick();
    hub.onTick();

    assertEquals(List.of(), wakes(), "waves 2 and 3 never start it, though wave 1's soak is over");
    assertEquals(1, halts().size());
    assertEquals("essence ROLLED_BACK in wave 1: rolled back by rollback-m1 (halt rule)", halts().get(0).reason());
    assertEquals(T0.plus(Duration.ofMinutes(10)), ledger.rollout(R).control().halt().orElseThrow().at(),
        "halted when the rollback's event arrived, not at the next tick");
  }

  @Test
  void promoteSkipsTheRestOfTheSoakAndAnOperatorsHaltStopsTheNextWave() {
    deployment("essence", DeploymentStatus.SUCCEEDED);
    assertEquals(List.of(), wakes());
    assertEquals(Optional.empty(), send(new Command(CommandType.PROMOTE, "", R, "", "oncall@twosixty.example", "")));
    assertEquals(List.of("promote northwind"), wakes());

    deployment("northwind", DeploymentStatus.SUCCEEDED);
    assertEquals(Optional.empty(), send(new Command(CommandType.HALT, "", R, "", "oncall@twosixty.example", "error budget")));
    later(Duration.ofHours(2));
    hub.onTick();
    hub.onTick();
    assertEquals(List.of("promote northwind"), wakes(), "acme's wave never opens while halted");
    assertEquals(1, halts().size());
    assertEquals(new DeploymentEvent("hub", R, List.of(), DeploymentStatus.HALTED, "error budget (oncall@twosixty.example)", "", "",
        T0.toString()), halts().get(0));
    assertEquals(Optional.of("already halted: error budget"),
        send(new Command(CommandType.HALT, "", R, "", "oncall@twosixty.example", "")));
  }

  @Test
  void aReleaseOvertakenInWaveOneGoesNoFurtherAndLeavesTheTick() {
    DeploymentDraft draft = new DeploymentDraft(R, R, 100, DeploymentKind.RELEASE,
        Map.of("billing", new ServiceVersion(R, 100, "gcr.io/relay-hub/billing", "sha256:" + "a".repeat(64))));
    DeploymentDocument skipped = draft.planned("essence", new Plan(List.of(ServiceDecision.skip("billing", ServiceDecision.NOT_NEWER))),
        clock.instant());
    ledger.deployments.computeIfAbsent(R, r -> new ConcurrentHashMap<>()).put("essence", skipped);
    hub.onDeployment(new DeploymentEvent("essence", R, List.of("billing"), DeploymentStatus.SKIPPED, "billing: not-newer", "", "",
        clock.instant().toString()));
    later(Duration.ofHours(2));
    hub.onTick();

    assertEquals(List.of(), wakes(), "northwind never gets a release essence had already overtaken");
    assertEquals(Map.of(2, "wave 2 waits for wave 1: essence (SUPERSEDED)"), ledger.rollout(R).waitingFor());
    assertEquals(false, ledger.rollout(R).active());
  }

  @Test
  void unknownReleasesAndClientCommandsChangeNothing() {
    assertEquals(Optional.of("unknown release 2026.12.07-bbbbbbb"),
        send(new Command(CommandType.HALT, "", "2026.12.07-bbbbbbb", "", "ops", "")));
    assertEquals(Optional.of("not a rollout's command"), send(new Command(CommandType.PROMOTE, "acme", R, "", "ops", "")));
    assertTrue(published.isEmpty());
    assertTrue(ledger.rollouts.isEmpty());
    assertEquals(Map.of("2026.12.07-bbbbbbb", Map.of("m1", new RolloutCommandDocument("m1", "halt", "ops", "", "2026-12-07T10:00:00.000Z",
        "REFUSED", "unknown release 2026.12.07-bbbbbbb"))), ledger.commands,
        "recorded under the id it named, so the sender gets an answer; a client's command is not the hub's to record");
  }

  @Test
  void eachCommandIsRecordedOnceAppliedOrRefusedAndARedeliveryChangesNothing() {
    deployment("essence", DeploymentStatus.SUCCEEDED);
    Command halt = new Command(CommandType.HALT, "", R, "", "oncall@twosixty.example", "error budget");
    RolloutCommandDocument first = hub.onCommand(halt, "4711");
    assertEquals(new RolloutCommandDocument("4711", "halt", "oncall@twosixty.example", "error budget", "2026-12-07T10:00:00.000Z",
        "APPLIED", ""), first);
    later(Duration.ofMinutes(1));
    RolloutCommandDocument resumed = hub.onCommand(new Command(CommandType.RESUME, "", R, "", "oncall@twosixty.example", ""), "4712");
    assertEquals("APPLIED", resumed.outcome());

    later(Duration.ofMinutes(1));
    assertEquals(first, hub.onCommand(halt, "4711"), "a redelivery finds the first answer");
    assertTrue(ledger.rollout(R).control().halt().isEmpty(), "and does not halt again what was resumed since");
    RolloutCommandDocument refused = hub.onCommand(new Command(CommandType.RESUME, "", R, "", "ana@twosixty.example", "again"), "4713");
    assertEquals(new RolloutCommandDocument("4713", "resume", "ana@twosixty.example", "again", "2026-12-07T10:02:00.000Z",
        "REFUSED", "not halted"), refused);
    assertEquals(refused, hub.onCommand(new Command(CommandType.RESUME, "", R, "", "ana@twosixty.example", "again"), "4713"));
    assertEquals(List.of("4711", "4712", "4713"), List.copyOf(ledger.commands.get(R).keySet()));
    assertEquals(1, halts().size(), "one halt announced");
  }

  /** The constructor refuses a client file whose wave the hub does not have. */
  @Test
  void aClientBeyondTheLastWaveIsAConfigurationError() {
    List<ClientDefinition> clients = new ArrayList<>(ClientDefinitions.loadDirectory(Path.of("..", "clients")));
    RolloutPolicy one = RolloutPolicy.parse("{\"waves\":[{},{}]}");
    assertEquals(1, one.waveOf("essence", clients.get(1).fileWave()));
    org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> new RolloutCoordinator(clients, one, ledger, (t, m, k) -> "", "c", "d", clock));
    RolloutPolicy single = RolloutPolicy.parse("{\"waves\":[{\"soak\":\"PT1M\"}]}");
    org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> new RolloutCoordinator(clients, single, ledger, (t, m, k) -> "", "c", "d", clock),
        "one wave: not staged, the files' waves are ignored");
  }
}
