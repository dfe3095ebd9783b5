package com.twosixty.relay.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.local.LocalStack;
import com.twosixty.relay.local.Topology;
import com.twosixty.relay.local.standin.LocalClusters;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 22 on the local stack: three waves (essence, northwind, acme) with a short soak after wave 1
 * and an hour after wave 2, release-rollout woken by the stack's tick; every message delivered three
 * times. A release rolls out in order, no wave early, once per client and service; promote skips the
 * hour; a FAILED in wave 1 halts waves 2 and 3 (their clusters unchanged); resume lets it go on; an
 * operator's rollback during wave 2's soak halts wave 3.
 * Releases and rollout commands published in a shuffled order (a fixed seed, named by every
 * assertion) deploy each service once, never backwards, no wave before the previous one finished.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WavesIT {
  private static final String DIGEST = "sha256:" + "e".repeat(64);
  private static final Duration SOAK = Duration.ofSeconds(3);
  private static LocalStack stack;
  private static PubSubEventPublisher publisher;
  private static SubscriptionName events;
  private static final List<DeploymentEvent> seen = Collections.synchronizedList(new ArrayList<>());
  private static long sequence = Instant.now().toEpochMilli() * 1000;
  private static final java.util.Map<String, Long> SEQUENCES = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    // The example clients, northwind approving automatically here (its manual approval is tested elsewhere).
    Path clients = Files.createDirectories(Path.of("target", "waves-clients").toAbsolutePath());
    for (String id : List.of("essence", "northwind", "acme")) {
      String file = Files.readString(repo.resolve("clients").resolve(id + ".yaml"));
      Files.writeString(clients.resolve(id + ".yaml"), file.replace("approval: manual", "approval: automatic"));
    }
    stack = LocalStack.start(LocalStack.Options.builder(repo)
        .clients(clients)
        .workDir(Path.of("target", "waves-stack").toAbsolutePath())
        .freezeWindowsSetAside(true)
        .buildTiming(Duration.ofMillis(50), Duration.ofMillis(300))
        .rollout("{\"waves\":[{\"soak\":\"PT3S\"},{\"soak\":\"PT1H\"},{}]}", Duration.ofMillis(500))
        .build());
    publisher = new PubSubEventPublisher(stack.info().hubProject(), stack.pubsub().host());
    events = stack.pubsub().createSubscription(stack.topology().deployments(), "waves-events");
    stack.bridge().deliverEachMessage(3);
  }

  @AfterAll
  static void stop() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static Release release(String id) {
    SEQUENCES.put(id, sequence + 1);
    return new Release(id, ++sequence, new Release.Source("monorepo", "main", "c0ffee", "b-" + id), Instant.now().toString(),
        Channel.STABLE, List.of(new Release.ServiceImage("billing", "gcr.io/relay-local/billing", DIGEST, id),
            new Release.ServiceImage("portal", "gcr.io/relay-local/portal", DIGEST, id)));
  }

  private static List<Build> deploys(String client, String releaseId) {
    return stack.cloudBuild().builds(stack.info().clientProjects().get(client)).stream()
        .filter(b -> releaseId.equals(b.getSubstitutionsOrDefault("_RELEASE_ID", ""))).toList();
  }

  private static boolean succeeded(String client, String releaseId) {
    return deploys(client, releaseId).stream().anyMatch(b -> b.getStatus() == Build.Status.SUCCESS);
  }

  private static Instant created(String client, String releaseId) {
    return time(deploys(client, releaseId).get(0).getCreateTime());
  }

  private static Instant finished(String client, String releaseId) {
    return time(deploys(client, releaseId).get(0).getFinishTime());
  }

  private static Instant time(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static List<String> onCluster(String client) {
    return stack.clusters().history(client).stream().map(LocalClusters.Workload::releaseId).toList();
  }

  private static void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  private static List<DeploymentEvent> halts(String releaseId) {
    List<PubsubMessage> messages;
    do {
      messages = stack.pubsub().pull(events, 500, Duration.ofMillis(300));
      messages.forEach(m -> seen.add(ContractCodec.decodeDeployment(m.getData().toByteArray())));
    } while (!messages.isEmpty());
    // Copies of one event share an eventId and its content: count distinct ones.
    return seen.stream().filter(e -> e.releaseId().equals(releaseId) && e.status() == DeploymentStatus.HALTED).distinct().toList();
  }

  private static void command(CommandType type, String releaseId) {
    publisher.publish(Topology.RELEASE_COMMANDS, new Command(type, "", releaseId, "", "oncall@twosixty.example", "waves IT"), "");
  }

  @Test
  @Order(1)
  void threeWavesInOrderEachAfterItsSoakNoneEarlyAndPromoteSkipsTheHour() throws Exception {
    Release r = release("waves-1");
    publisher.publish(Topology.RELEASES, r, "monorepo");

    await("essence (wave 1) deployed", Duration.ofSeconds(60), () -> succeeded("essence", r.releaseId()));
    await("northwind (wave 2) deployed", Duration.ofSeconds(60), () -> succeeded("northwind", r.releaseId()));
    assertTrue(!created("northwind", r.releaseId()).isBefore(finished("essence", r.releaseId()).plus(SOAK)),
        "wave 2 started " + created("northwind", r.releaseId()) + ", before essence's finish " + finished("essence", r.releaseId())
            + " plus the soak");

    Thread.sleep(5_000); // wave 2 soaks an hour: wave 3 does not start
    assertEquals(List.of(), deploys("acme", r.releaseId()), "wave 3 early");
    command(CommandType.PROMOTE, r.releaseId());
    await("acme (wave 3) deployed after promote", Duration.ofSeconds(60), () -> succeeded("acme", r.releaseId()));
    Thread.sleep(3_000);

    assertEquals(1, deploys("essence", r.releaseId()).size(), "one deploy per client");
    assertEquals(1, deploys("northwind", r.releaseId()).size());
    assertEquals(1, deploys("acme", r.releaseId()).size());
    assertEquals("portal", deploys("acme", r.releaseId()).get(0).getSubstitutionsOrDefault("_SERVICES", ""),
        "acme's billing stays pinned");
    assertEquals(List.of(), halts(r.releaseId()));
  }

  @Test
  @Order(2)
  void aFailedDeployInWaveOneHaltsWavesTwoAndThreeAndResumeLetsItGoOn() throws Exception {
    List<String> northwindBefore = onCluster("northwind");
    List<String> acmeBefore = onCluster("acme");
    stack.faults().failDeploys("essence", true);
    Release r = release("waves-2");
    publisher.publish(Topology.RELEASES, r, "monorepo");

    await("essence FAILED", Duration.ofSeconds(60), () -> deploys("essence", r.releaseId()).stream()
        .anyMatch(b -> b.getStatus() == Build.Status.FAILURE));
    await("the rollout halted", Duration.ofSeconds(30), () -> !halts(r.releaseId()).isEmpty());
    Thread.sleep(6_000); // several ticks and the soak
    // essence rolls back automatically: every copy of the FAILURE notification sends the rollback
    // under one commandId, so it deploys once however many copies sent it.
    assertEquals(1, stack.cloudBuild().builds(stack.info().clientProjects().get("essence")).stream()
        .filter(b -> "rollback".equals(b.getSubstitutionsOrDefault("_DEPLOY_KIND", ""))).count(),
        "one auto rollback of one failure delivered three times");
    assertEquals(List.of(), deploys("northwind", r.releaseId()), "wave 2 never starts a halted release");
    assertEquals(List.of(), deploys("acme", r.releaseId()));
    assertEquals(northwindBefore, onCluster("northwind"), "northwind's cluster unchanged");
    assertEquals(acmeBefore, onCluster("acme"), "acme's cluster unchanged");
    List<DeploymentEvent> halted = halts(r.releaseId());
    assertEquals(1, halted.size(), "one HALTED event: " + halted);
    assertEquals("essence", halted.get(0).client());

    stack.faults().failDeploys("essence", false);
    command(CommandType.RESUME, r.releaseId());
    await("northwind deployed after resume", Duration.ofSeconds(60), () -> succeeded("northwind", r.releaseId()));
    command(CommandType.PROMOTE, r.releaseId());
    await("acme deployed after promote", Duration.ofSeconds(60), () -> succeeded("acme", r.releaseId()));
    Thread.sleep(3_000);
    assertEquals(1, deploys("northwind", r.releaseId()).size());
    assertEquals(1, deploys("acme", r.releaseId()).size());
    assertEquals(1, halts(r.releaseId()).size());
  }

  @Test
  @Order(3)
  void twoReleasesPublishedNewestFirstNeverGoBackwardsAndTheNewestDeploysOncePerClient() throws Exception {
    Release older = release("waves-3");
    Release newer = release("waves-4");
    publisher.publish(Topology.RELEASES, newer, "monorepo");
    publisher.publish(Topology.RELEASES, older, "monorepo");

    await("northwind deployed the newer release", Duration.ofSeconds(90), () -> succeeded("northwind", newer.releaseId()));
    command(CommandType.PROMOTE, newer.releaseId());
    await("acme deployed the newer release", Duration.ofSeconds(60), () -> succeeded("acme", newer.releaseId()));
    Thread.sleep(5_000);

    if (!succeeded("essence", older.releaseId())) { // the usual order: essence skipped it (not newer) or cancelled it (superseded)
      assertEquals(List.of(), deploys("northwind", older.releaseId()), "the older release, overtaken in wave 1, goes no further");
      assertEquals(List.of(), deploys("acme", older.releaseId()));
    }
    for (String client : List.of("essence", "northwind", "acme")) {
      assertEquals(1, deploys(client, newer.releaseId()).size(), client + ": one deploy of the newest");
      List<String> history = onCluster(client);
      List<Long> sequences = history.stream().map(WavesIT::sequenceOf).toList();
      for (int i = 1; i < sequences.size(); i++) {
        assertTrue(sequences.get(i) >= sequences.get(i - 1), client + "'s cluster went backwards: " + history);
      }
      assertEquals(newer.releaseId(), history.get(history.size() - 1), client + " ends on the newest");
    }
  }

  /** The shuffle's seed: {@code -Dwaves.seed=…} replays another order; every assertion names it. */
  private static final long SEED = Long.getLong("waves.seed", 22L);

  @Test
  @Order(4)
  void releasesAndCommandsInAShuffledOrderEachDeliveredThreeTimesDeployOncePerServiceNeverBackwardsNoWaveEarly()
      throws Exception {
    List<Release> releases = List.of(release("waves-5"), release("waves-6"), release("waves-7"));
    Release newest = releases.get(2);
    List<Runnable> messages = new ArrayList<>();
    for (Release r : releases) {
      messages.add(() -> publisher.publish(Topology.RELEASES, r, "monorepo"));
      messages.add(() -> command(CommandType.PROMOTE, r.releaseId()));
    }
    messages.add(() -> command(CommandType.HALT, releases.get(0).releaseId()));
    Collections.shuffle(messages, new java.util.Random(SEED));
    String seed = " (seed " + SEED + ", -Dwaves.seed to replay)";
    messages.forEach(Runnable::run);

    await("northwind (wave 2) deployed the newest" + seed, Duration.ofSeconds(90), () -> succeeded("northwind", newest.releaseId()));
    command(CommandType.PROMOTE, newest.releaseId()); // wave 3 soaks an hour after wave 2: let it go now
    await("acme (wave 3) deployed the newest" + seed, Duration.ofSeconds(60), () -> succeeded("acme", newest.releaseId()));
    Thread.sleep(5_000); // late copies and ticks

    Map<String, List<String>> runs = Map.of("essence", List.of("billing", "portal"), "northwind", List.of("billing", "portal"),
        "acme", List.of("portal"));
    for (String client : runs.keySet()) {
      for (Release r : releases) {
        for (String service : List.of("billing", "portal")) {
          long deploys = deploys(client, r.releaseId()).stream()
              .filter(b -> List.of(b.getSubstitutionsOrDefault("_SERVICES", "").split(",")).contains(service)).count();
          assertTrue(deploys <= 1, client + " deployed " + service + " of " + r.releaseId() + " " + deploys + " times" + seed);
          if (r == newest) {
            assertEquals(runs.get(client).contains(service) ? 1 : 0, deploys,
                client + ": one deploy of the newest's " + service + seed);
          }
        }
      }
      List<String> history = onCluster(client);
      List<Long> sequences = history.stream().map(WavesIT::sequenceOf).toList();
      for (int i = 1; i < sequences.size(); i++) {
        assertTrue(sequences.get(i) >= sequences.get(i - 1), client + "'s cluster went backwards: " + history + seed);
      }
      assertEquals(newest.releaseId(), history.get(history.size() - 1), client + " ends on the newest" + seed);
    }
    for (Release r : releases) {
      // No wave early: wave 2 only after wave 1 succeeded with the release, wave 3 only after wave 2 did (a shuffled
      // promote may skip a soak, so soaks are checked by the first scenario, not here).
      if (!deploys("northwind", r.releaseId()).isEmpty()) {
        assertTrue(succeeded("essence", r.releaseId()), "northwind took " + r.releaseId() + " that essence never ran" + seed);
        assertTrue(!created("northwind", r.releaseId()).isBefore(finished("essence", r.releaseId())),
            "wave 2 started " + r.releaseId() + " before wave 1 finished it" + seed);
      }
      if (!deploys("acme", r.releaseId()).isEmpty()) {
        assertTrue(succeeded("northwind", r.releaseId()), "acme took " + r.releaseId() + " that northwind never ran" + seed);
        assertTrue(!created("acme", r.releaseId()).isBefore(finished("northwind", r.releaseId())),
            "wave 3 started " + r.releaseId() + " before wave 2 finished it" + seed);
      }
    }
  }

  /**
   * An operator's {@code rollback} of a client that has deployed the release, while its wave soaks:
   * the claim marks that client's deployment ROLLED_BACK, and the halt rule stops the later waves.
   * Wave 2's soak (an hour) leaves time for it however slow the machine; wave 1's 3 s would race it
   * (RolloutCoordinatorTest covers wave 1).
   */
  @Test
  @Order(5)
  void aManualRollbackDuringASoakHaltsTheLaterWaves() throws Exception {
    Release r = release("waves-8");
    List<String> northwindBefore = onCluster("northwind");
    List<String> acmeBefore = onCluster("acme");
    publisher.publish(Topology.RELEASES, r, "monorepo");
    await("northwind (wave 2) deployed", Duration.ofSeconds(90), () -> succeeded("northwind", r.releaseId()));

    publisher.publish(Topology.RELEASE_COMMANDS, new Command(CommandType.ROLLBACK, "northwind", "", "", "oncall@twosixty.example",
        "waves IT: bad release"), "");
    await("the rollout halted", Duration.ofSeconds(30), () -> !halts(r.releaseId()).isEmpty());
    command(CommandType.PROMOTE, r.releaseId()); // refused: halted
    Thread.sleep(5_000); // ticks, late copies

    List<DeploymentEvent> halted = halts(r.releaseId());
    assertEquals(1, halted.size(), "one HALTED event: " + halted);
    assertEquals("northwind", halted.get(0).client());
    assertTrue(halted.get(0).reason().startsWith("northwind ROLLED_BACK in wave 2: rolled back by rollback-"), halted.get(0).reason());
    List<DeploymentEvent> rolledBack = seen.stream()
        .filter(e -> e.releaseId().equals(r.releaseId()) && e.status() == DeploymentStatus.ROLLED_BACK).distinct().toList();
    assertEquals(1, rolledBack.size(), "one ROLLED_BACK event, whatever the copies: " + rolledBack);
    assertEquals(List.of(), deploys("acme", r.releaseId()), "wave 3 never starts a release rolled back in wave 2");
    assertEquals(acmeBefore, onCluster("acme"), "acme's cluster unchanged");
    String before = northwindBefore.get(northwindBefore.size() - 1);
    assertEquals(1, deploys("northwind", before).stream()
        .filter(b -> "rollback".equals(b.getSubstitutionsOrDefault("_DEPLOY_KIND", ""))).count(), "one rollback build");
    await("northwind back on " + before, Duration.ofSeconds(30),
        () -> onCluster("northwind").get(onCluster("northwind").size() - 1).equals(before));
  }

  private static long sequenceOf(String releaseId) {
    return SEQUENCES.getOrDefault(releaseId, 0L);
  }
}
