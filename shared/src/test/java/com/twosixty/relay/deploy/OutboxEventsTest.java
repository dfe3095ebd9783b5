package com.twosixty.relay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImagePolicy;
import com.twosixty.relay.contract.RelayMessage;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.state.InMemoryCommandLog;
import com.twosixty.relay.state.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, the outbox at client-deployer's ports: for each event a state change has, a publish that
 * fails leaves the event unsent in the outbox and fails the delivery; the redelivery sends it once,
 * with the id it was recorded under. Answers that change nothing carry the command's id every time.
 */
class OutboxEventsTest {
  private static final Clock WEDNESDAY = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private static final String A = "2026.11.24-aaaaaaa";
  private static final String B = "2026.11.25-bbbbbbb";
  private static final ImagePolicy HUB_IMAGES = ImagePolicy.parse("gcr.io/relay-hub/");

  /** One publish as the topic saw it: the event and its eventId attribute. */
  record Sent(String eventId, DeploymentEvent event) {}

  /** Pub/Sub that is down while {@code down}; records what it accepted with its id. */
  static final class FlakyPublisher implements EventPublisher {
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    volatile boolean down;

    @Override
    public String publish(String topic, RelayMessage message, String orderingKey) {
      return publish(topic, message, orderingKey, "");
    }

    @Override
    public String publish(String topic, RelayMessage message, String orderingKey, String eventId) {
      if (down) {
        throw new IllegalStateException("injected: publish to " + topic + " failed: UNAVAILABLE");
      }
      assertTrue(!eventId.isEmpty(), "every deployment event carries an eventId: " + message);
      sent.add(new Sent(eventId, (DeploymentEvent) message));
      return "m-" + sent.size();
    }

    List<DeploymentStatus> statuses() {
      return sent.stream().map(s -> s.event().status()).toList();
    }

    /** What a consumer keeps after dropping duplicates by id. */
    Map<String, DeploymentEvent> deduplicated() {
      Map<String, DeploymentEvent> kept = new LinkedHashMap<>();
      sent.forEach(s -> kept.putIfAbsent(s.eventId(), s.event()));
      return kept;
    }
  }

  private final InMemoryStateStore state = new InMemoryStateStore();
  private final InMemoryCommandLog commandLog = new InMemoryCommandLog();
  private final DeploymentCoordinatorTest.FakeBuilds builds = new DeploymentCoordinatorTest.FakeBuilds();
  private final DeploymentCoordinatorTest.FakeCluster cluster = new DeploymentCoordinatorTest.FakeCluster();
  private final FlakyPublisher pubsub = new FlakyPublisher();

  private DeploymentCoordinator coordinator(String clientId) {
    ClientDefinition client = ClientDefinitions.loadFile(Path.of("..", "clients", clientId + ".yaml"));
    return new DeploymentCoordinator(client, HUB_IMAGES, state, commandLog, cluster, builds, pubsub, "deployments", WEDNESDAY);
  }

  private static Command command(CommandType type, String client, String releaseId, String service) {
    return new Command(type, client, releaseId, service, "ops", "");
  }

  /** The recorded entries' ids, in order. */
  private List<String> outboxIds(String client) {
    return state.outbox(client).stream().map(e -> e.eventId()).toList();
  }

  @Test
  void anAwaitingApprovalThatCouldNotBePublishedStaysUnsentAndTheRedeliverySendsItOnce() {
    Release release = DeploymentCoordinatorTest.release(B, 200, "billing");
    pubsub.down = true;
    assertThrows(TransientFailure.class, () -> coordinator("northwind").onRelease(release));
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, state.deployment("northwind", B).orElseThrow().deploymentStatus(),
        "the state change committed");
    assertEquals(1, state.unsent("northwind").size());
    String id = state.unsent("northwind").get(0).eventId();
    assertEquals("northwind~" + B + "~AWAITING_APPROVAL~2026-11-25T12:00:00Z", id);

    pubsub.down = false;
    coordinator("northwind").onRelease(release); // redelivery: a duplicate claim, its event still unsent
    coordinator("northwind").onRelease(release); // and once more
    assertEquals(List.of(new Sent(id, new DeploymentEvent("northwind", B, List.of("billing"), DeploymentStatus.AWAITING_APPROVAL,
        "approval required", "", "", "2026-11-25T12:00:00Z"))), pubsub.sent);
    assertEquals(List.of(), state.unsent("northwind"));
  }

  @Test
  void aSkippedOlderReleaseIsSentByTheClientsNextMessage() {
    coordinator("essence").onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));
    pubsub.sent.clear();
    pubsub.down = true;
    assertThrows(TransientFailure.class, () -> coordinator("essence").onRelease(DeploymentCoordinatorTest.release(A, 100, "billing")));
    assertEquals(List.of("essence~" + A + "~SKIPPED~2026-11-25T12:00:00Z"), state.unsent("essence").stream().map(e -> e.eventId()).toList());

    pubsub.down = false;
    // Not the redelivery: an unrelated command for the same client sends what was left.
    coordinator("essence").onCommand(command(CommandType.FREEZE, "essence", "", ""), "m-freeze");
    assertEquals(List.of(DeploymentStatus.SKIPPED, DeploymentStatus.PLANNED), pubsub.statuses());
    assertEquals("essence~" + A + "~SKIPPED~2026-11-25T12:00:00Z", pubsub.sent.get(0).eventId());
    assertEquals("essence~command~m-freeze", pubsub.sent.get(1).eventId());
    assertEquals(List.of(), state.unsent("essence"));
  }

  @Test
  void aFailureBeforeTheBuildIsRecordedWithItsEventAndSentOnce() {
    cluster.failure = new PermanentFailure("cluster northwind is STOPPING");
    Release release = DeploymentCoordinatorTest.release(B, 200, "billing");
    pubsub.down = true;
    assertThrows(TransientFailure.class, () -> coordinator("essence").onRelease(release));
    assertEquals(DeploymentStatus.FAILED, state.deployment("essence", B).orElseThrow().deploymentStatus());
    assertEquals(List.of("essence~" + B + "~FAILED~2026-11-25T12:00:00Z"), outboxIds("essence"));

    pubsub.down = false;
    coordinator("essence").onRelease(release);
    coordinator("essence").onRelease(release);
    assertEquals(List.of(DeploymentStatus.FAILED), pubsub.statuses());
    assertEquals("cluster northwind is STOPPING", pubsub.sent.get(0).event().reason());
    assertEquals(0, builds.runs.size());
  }

  @Test
  void aSupersessionClosureAndTheApprovalsBuildAreEachSentOnceAfterAnOutage() {
    coordinator("northwind").onRelease(DeploymentCoordinatorTest.release(A, 100, "billing"));
    coordinator("northwind").onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));
    pubsub.sent.clear();
    Command approve = command(CommandType.APPROVE, "northwind", B, "");
    pubsub.down = true;
    assertThrows(TransientFailure.class, () -> coordinator("northwind").onCommand(approve, "m-approve"));
    assertEquals(DeploymentStatus.SKIPPED, state.deployment("northwind", A).orElseThrow().deploymentStatus(),
        "A was closed in the approval's claim");
    assertEquals(List.of("northwind~" + A + "~SKIPPED~2026-11-25T12:00:00Z"),
        state.unsent("northwind").stream().map(e -> e.eventId()).toList());
    assertTrue(commandLog.records().isEmpty(), "the command is recorded by the delivery that answered it");

    pubsub.down = false;
    coordinator("northwind").onCommand(approve, "m-approve"); // redelivery: adopts build-1, sends both
    coordinator("northwind").onCommand(approve, "m-approve");
    assertEquals(1, builds.runs.size());
    Map<String, DeploymentEvent> kept = pubsub.deduplicated();
    assertEquals(List.of("northwind~" + A + "~SKIPPED~2026-11-25T12:00:00Z",
        "northwind~" + B + "~TRIGGERED~build-1", "northwind~command~m-approve"), List.copyOf(kept.keySet()));
    assertEquals("superseded by " + B, kept.get("northwind~" + A + "~SKIPPED~2026-11-25T12:00:00Z").reason());
    assertEquals(DeploymentStatus.SKIPPED, kept.get("northwind~command~m-approve").status(),
        "the third delivery is answered, as before, that B waits for nothing");
  }

  @Test
  void aRejectWhoseEventWasNotPublishedIsAnsweredOnceUnderTheCommandsId() {
    coordinator("northwind").onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));
    pubsub.sent.clear();
    Command reject = command(CommandType.REJECT, "northwind", B, "");
    pubsub.down = true;
    assertThrows(TransientFailure.class, () -> coordinator("northwind").onCommand(reject, "m-reject"));
    assertEquals(DeploymentStatus.SKIPPED, state.deployment("northwind", B).orElseThrow().deploymentStatus());

    pubsub.down = false;
    coordinator("northwind").onCommand(reject, "m-reject");
    // The redelivery sends the recorded rejection first, then answers (B waits for nothing) under the same id.
    Map<String, DeploymentEvent> kept = pubsub.deduplicated();
    assertEquals(List.of("northwind~command~m-reject"), List.copyOf(kept.keySet()));
    assertEquals("rejected by ops", kept.get("northwind~command~m-reject").reason());
    assertEquals(DeploymentStatus.SKIPPED, kept.get("northwind~command~m-reject").status());
    assertEquals("APPLIED", commandLog.records().get(0).outcome());
    assertEquals("rejected by ops", commandLog.records().get(0).outcomeReason());
  }

  @Test
  void pinsAndFreezesWhoseEventsWereNotPublishedAreSentOnceByTheRedelivery() {
    coordinator("essence").onRelease(DeploymentCoordinatorTest.release(B, 200, "billing"));
    pubsub.sent.clear();
    List<Command> commands = List.of(command(CommandType.PIN, "essence", B, "billing"),
        command(CommandType.UNPIN, "essence", "", "billing"), command(CommandType.FREEZE, "essence", "", ""),
        command(CommandType.UNFREEZE, "essence", "", ""));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      String messageId = "m-" + i;
      Command c = commands.get(i);
      pubsub.down = true;
      assertThrows(TransientFailure.class, () -> coordinator("essence").onCommand(c, messageId));
      pubsub.down = false;
      coordinator("essence").onCommand(commands.get(i), messageId);
      ids.add("essence~command~" + messageId);
    }
    assertEquals(ids, pubsub.deduplicated().keySet().stream().toList());
    assertEquals(List.of(DeploymentStatus.PLANNED, DeploymentStatus.PLANNED, DeploymentStatus.PLANNED,
        DeploymentStatus.PLANNED), pubsub.statuses(), "each sent once");
  }

  @Test
  void aRefusedCommandCarriesTheSameIdEveryTimeItIsAnswered() {
    Command unknown = command(CommandType.APPROVE, "essence", "2026.01.01-0000000", "");
    coordinator("essence").onCommand(unknown, "m-1");
    coordinator("essence").onCommand(unknown, "m-1");
    assertEquals(List.of("essence~command~m-1", "essence~command~m-1"),
        pubsub.sent.stream().map(Sent::eventId).toList());
    assertEquals(1, pubsub.deduplicated().size());
  }

  @Test
  void aReleaseWithImagesNotAllowedIsRefusedUnderOneIdPerRelease() {
    Release foreign = new Release(B, 200, new Release.Source("monorepo", "main", "c0ffee0", "b-1"), "2026-11-25T11:00:00Z",
        com.twosixty.relay.contract.Channel.STABLE,
        List.of(new Release.ServiceImage("billing", "docker.io/evil/billing", "sha256:" + "a".repeat(64), B)));
    coordinator("essence").onRelease(foreign);
    coordinator("essence").onRelease(foreign);
    assertEquals(List.of("essence~" + B + "~refused", "essence~" + B + "~refused"),
        pubsub.sent.stream().map(Sent::eventId).toList());
  }

  @Test
  void aTriggeredEventCarriesTheBuildsIdOnEveryAnnouncement() {
    Release release = DeploymentCoordinatorTest.release(B, 200, "billing");
    pubsub.down = true;
    assertThrows(TransientFailure.class, () -> coordinator("essence").onRelease(release));
    pubsub.down = false;
    coordinator("essence").onRelease(release);
    assertEquals(List.of(new Sent("essence~" + B + "~TRIGGERED~build-1", pubsub.sent.get(0).event())), pubsub.sent);
    assertEquals(List.of(), state.outbox("essence"), "TRIGGERED is announced before its commit, not through the outbox");
  }

  @Test
  void anOvertakenDeploymentClosedBeforeItsBuildIsAnnouncedThroughTheOutboxOnce() {
    InMemoryStateStore shortLeases = new InMemoryStateStore(java.time.Duration.ofSeconds(-1));
    ClientDefinition essence = ClientDefinitions.loadFile(Path.of("..", "clients", "essence.yaml"));
    Release older = DeploymentCoordinatorTest.release(A, 100, "billing");
    shortLeases.claim("essence", Candidates.release(older),
        current -> com.twosixty.relay.planner.ReleasePlanner.plan(older, essence, current, WEDNESDAY.instant(), false),
        false, WEDNESDAY.instant()); // and its claimant dies before starting the build
    Clock later = Clock.offset(WEDNESDAY, java.time.Duration.ofSeconds(5));
    DeploymentCoordinator deployer = new DeploymentCoordinator(essence, HUB_IMAGES, shortLeases, commandLog, cluster, builds,
        pubsub, "deployments", later);
    Release newer = DeploymentCoordinatorTest.release(B, 200, "billing");

    pubsub.down = true;
    assertThrows(TransientFailure.class, () -> deployer.onRelease(newer));
    String closedId = "essence~" + A + "~SKIPPED~2026-11-25T12:00:05Z";
    assertTrue(shortLeases.unsent("essence").stream().anyMatch(e -> e.eventId().equals(closedId)),
        "the closure is recorded in the claim's transaction: " + shortLeases.unsent("essence"));

    pubsub.down = false;
    deployer.onRelease(newer); // the redelivery
    deployer.onRelease(newer);
    List<DeploymentEvent> aboutOlder = pubsub.deduplicated().values().stream().filter(e -> e.releaseId().equals(A)).toList();
    assertEquals(1, aboutOlder.size(), "one event for the closed deployment: " + pubsub.sent);
    assertEquals(DeploymentStatus.SKIPPED, aboutOlder.get(0).status());
    assertEquals("superseded by " + B, aboutOlder.get(0).reason());
    assertEquals(List.of(), shortLeases.unsent("essence"));
  }
}
