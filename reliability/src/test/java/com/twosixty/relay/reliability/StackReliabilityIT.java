package com.twosixty.relay.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloudbuild.v1.Build;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.twosixty.relay.firestore.ClientDocument;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.local.LocalStack;
import com.twosixty.relay.local.standin.LocalClusters;
import com.twosixty.relay.local.Topology;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local stack with its fault settings, counting what went in and what came out: exactly one
 * deploy build per (client, release) that the policy allows, none that it forbids, no service moving
 * to a lower sequence, every message acked (nothing dead-lettered, nothing left behind).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackReliabilityIT {
  private static final String DIGEST = "sha256:" + "f".repeat(64);
  private static LocalStack stack;
  private static PubSubEventPublisher publisher;
  private static Firestore firestore;
  private static SubscriptionName events;
  private static final List<DeploymentEvent> seen = Collections.synchronizedList(new ArrayList<>());
  private static long sequence = Instant.now().toEpochMilli() * 1000;
  static final Map<String, String> REPORT = new LinkedHashMap<>();
  /** Every release the suite made, by id: what a cluster's history is ordered by. */
  private static final Map<String, Long> SEQUENCES = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    stack = LocalStack.start(LocalStack.Options.builder(repo)
        .workDir(Path.of("target", "stack").toAbsolutePath())
        .freezeWindowsSetAside(true)
        .buildTiming(Duration.ofMillis(50), Duration.ofMillis(300))
        .build());
    String hub = stack.info().hubProject();
    publisher = new PubSubEventPublisher(hub, stack.pubsub().host());
    firestore = FirestoreClients.create(hub, "(default)", stack.firestore().host());
    events = stack.pubsub().createSubscription(stack.topology().deployments(), "reliability-events");
  }

  @AfterAll
  static void stop() throws Exception {
    StringBuilder report = new StringBuilder("| scenario | messages in | deploys triggered | deploys the policy allows | extra copies delivered (deployed nothing) | dead-lettered | lost |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    REPORT.values().forEach(report::append);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "reliability-stack.md"), report.toString());
    publisher.close();
    firestore.close();
    stack.close();
  }

  private static Release release(String id, long seq) {
    SEQUENCES.put(id, seq);
    return new Release(id, seq, new Release.Source("monorepo", "main", "c0ffee", "b-" + id), Instant.now().toString(),
        Channel.STABLE, List.of(new Release.ServiceImage("billing", "gcr.io/relay-local/billing", DIGEST, id),
            new Release.ServiceImage("portal", "gcr.io/relay-local/portal", DIGEST, id)));
  }

  private static String project(String client) {
    return stack.info().clientProjects().get(client);
  }

  /** Deploy builds of a client for a release, oldest first. */
  private static long micros(com.google.protobuf.Timestamp time) {
    return time.getSeconds() * 1_000_000 + time.getNanos() / 1_000;
  }

  private static List<Build> deployBuilds(String client) {
    List<Build> builds = new ArrayList<>(stack.cloudBuild().builds(project(client)));
    builds.sort(java.util.Comparator.comparing((Build b) -> b.getCreateTime().getSeconds())
        .thenComparing(b -> b.getCreateTime().getNanos()));
    return builds;
  }

  private static long deploysOf(String client, String releaseId) {
    return deployBuilds(client).stream().filter(b -> releaseId.equals(b.getSubstitutionsOrDefault("_RELEASE_ID", ""))).count();
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

  /**
   * Waits until, for three seconds, no deploy build runs, their count does not move and the bridge
   * has no message out (being delivered, or waiting out a retry's backoff).
   */
  private static void awaitQuiet(Duration within) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    int last = -1;
    Instant stableSince = Instant.now();
    while (Instant.now().isBefore(deadline)) {
      List<Build> all = new ArrayList<>();
      stack.info().clientProjects().keySet().forEach(c -> all.addAll(deployBuilds(c)));
      boolean running = all.stream().anyMatch(b -> b.getStatus() == Build.Status.QUEUED || b.getStatus() == Build.Status.WORKING);
      if (all.size() != last || running || !stack.bridge().idle()) {
        last = all.size();
        stableSince = Instant.now();
      } else if (Duration.between(stableSince, Instant.now()).toMillis() > 3_000) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the stack did not settle within " + within);
  }

  private static List<DeploymentEvent> drainEvents() {
    List<PubsubMessage> messages;
    do {
      messages = stack.pubsub().pull(events, 500, Duration.ofMillis(500));
      messages.forEach(m -> seen.add(ContractCodec.decodeDeployment(m.getData().toByteArray())));
    } while (!messages.isEmpty());
    return seen;
  }

  /** Messages on the dead-letter topics (each has an -inspect subscription). */
  private static int deadLettered() {
    int count = 0;
    for (Topology.SubscriptionSpec subscription : stack.topology().subscriptions()) {
      if (subscription.name().getSubscription().endsWith("-dead-letter-inspect")) {
        count += stack.pubsub().pull(subscription.name(), 1000, Duration.ofMillis(300)).size();
      }
    }
    return count;
  }

  private static String deploymentStatus(String client, String deploymentId) {
    try {
      return firestore.collection(ClientDocument.COLLECTION).document(client).collection(ClientDocument.DEPLOYMENTS)
          .document(deploymentId).get().get().getString(DeploymentDocument.STATUS);
    } catch (Exception e) {
      return null;
    }
  }

  private static Map<String, Object> running(String client, String service) throws Exception {
    DocumentSnapshot doc = firestore.collection("clients").document(client).collection("services").document(service).get().get();
    @SuppressWarnings("unchecked")
    Map<String, Object> running = (Map<String, Object>) doc.get("running");
    return running == null ? Map.of() : running;
  }

  private static String runningRelease(String client, String service) {
    try {
      return (String) running(client, service).get("releaseId");
    } catch (Exception e) {
      return null;
    }
  }

  private static void record(String scenario, int messagesIn, long triggered, long expected, long suppressed, int deadLettered) {
    REPORT.put(scenario, String.format("| %s | %d | %d | %d | %d | %d | %d |%n", scenario, messagesIn, triggered, expected,
        suppressed, deadLettered, Math.max(0, expected - triggered)));
  }

  @Test
  @Order(1)
  void duplicatesOfEveryMessageOnEveryTopicDeployOnce() throws Exception {
    stack.bridge().deliverEachMessage(3);
    List<Release> releases = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Release release = release("dup-" + i, ++sequence);
      releases.add(release);
      publisher.publish(Topology.RELEASES, release, "monorepo");
      await("essence deployed " + release.releaseId(), Duration.ofSeconds(60), () -> deploysOf("essence", release.releaseId()) > 0);
    }
    Release last = releases.get(2);
    // As an operator (and `relay approve`, which checks it) approves only what waits: Pub/Sub keeps no
    // order between topics, and an approve that reaches northwind before the release is refused.
    await("northwind waits for approval of " + last.releaseId(), Duration.ofSeconds(60),
        () -> "AWAITING_APPROVAL".equals(deploymentStatus("northwind", last.releaseId())));
    publisher.publish(Topology.RELEASE_COMMANDS, new Command(CommandType.APPROVE, "northwind", last.releaseId(), "", "reliability", ""), "");
    await("northwind deployed the approved release", Duration.ofSeconds(90), () -> deploysOf("northwind", last.releaseId()) > 0);
    awaitQuiet(Duration.ofSeconds(120));
    stack.bridge().deliverEachMessage(1);

    long triggered = 0;
    long acmeAllowed = 0;
    for (Release release : releases) {
      assertEquals(1, deploysOf("essence", release.releaseId()), "essence: " + release.releaseId());
      // acme is not waited for between releases: one that arrives after a newer one is SKIPPED not-newer.
      assertTrue(deploysOf("acme", release.releaseId()) <= 1, "acme (portal only) at most once: " + release.releaseId());
      acmeAllowed += deploysOf("acme", release.releaseId());
      triggered += deploysOf("essence", release.releaseId()) + deploysOf("acme", release.releaseId()) + deploysOf("northwind", release.releaseId());
    }
    assertEquals(1, deploysOf("acme", last.releaseId()), "acme ends on the newest release");
    assertEquals(0, deploysOf("northwind", releases.get(0).releaseId()), "northwind waits for approval");
    assertEquals(1, deploysOf("northwind", last.releaseId()), "approved once, delivered three times");
    // deploy-reporter records SUCCEEDED once its (contended, retried) transaction goes through.
    await("essence runs dup-3", Duration.ofSeconds(90), () -> "dup-3".equals(runningRelease("essence", "billing")));
    long copies = Files.readAllLines(Path.of(stack.info().logs(), "local-stack.log"))
        .stream().filter(l -> l.contains("\"duplicate delivered\"")).count();
    int deadLettered = deadLettered();
    long allowed = 3 + acmeAllowed + 1;
    record("duplicates: every message on every topic delivered 3×, the copies concurrently", 4, triggered, allowed, copies, deadLettered);
    assertEquals(allowed, triggered);
    assertEquals(0, deadLettered);
  }

  @Test
  @Order(2)
  void releasesInShuffledOrderEndOnTheHighestAndNeverGoBack() throws Exception {
    List<Release> releases = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      releases.add(release(String.format("order-%02d", i), ++sequence));
    }
    List<Release> shuffled = new ArrayList<>(releases);
    Collections.shuffle(shuffled, new Random(PoisonMessagesIT.SEED));
    for (Release release : shuffled) {
      publisher.publish(Topology.RELEASES, release, "monorepo");
    }
    Release highest = releases.get(19);
    await("essence deployed the highest", Duration.ofSeconds(90), () -> deploysOf("essence", highest.releaseId()) == 1);
    awaitQuiet(Duration.ofSeconds(120));

    long triggered = 0;
    for (String client : List.of("essence", "acme")) {
      List<Long> order = deployBuilds(client).stream().map(b -> b.getSubstitutionsOrDefault("_RELEASE_ID", ""))
          .filter(id -> id.startsWith("order-")).map(id -> releases.stream().filter(r -> r.releaseId().equals(id)).findFirst()
              .orElseThrow().sequence()).toList();
      for (int i = 1; i < order.size(); i++) {
        assertTrue(order.get(i) > order.get(i - 1), client + " deployed a lower sequence after a higher one: " + order);
      }
      assertEquals(highest.sequence(), order.get(order.size() - 1), client + " ends on the highest");
      triggered += order.size();
    }
    await("essence and acme run the highest", Duration.ofSeconds(90), () ->
        highest.releaseId().equals(runningRelease("essence", "billing")) && highest.releaseId().equals(runningRelease("acme", "portal")));

    Map<String, List<DeploymentEvent>> essence = drainEvents().stream()
        .filter(e -> e.client().equals("essence") && e.releaseId().startsWith("order-"))
        .collect(Collectors.groupingBy(DeploymentEvent::releaseId, TreeMap::new, Collectors.toList()));
    long skipped = 0;
    for (Release release : releases) {
      List<DeploymentEvent> about = essence.getOrDefault(release.releaseId(), List.of());
      boolean deployed = deploysOf("essence", release.releaseId()) == 1;
      boolean skippedNotNewer = about.stream().anyMatch(e -> e.status() == DeploymentStatus.SKIPPED && e.reason().contains("not-newer"));
      assertTrue(deployed ^ skippedNotNewer, release.releaseId() + ": deployed or SKIPPED not-newer, exactly one: " + about);
      skipped += skippedNotNewer ? 1 : 0;
    }
    int deadLettered = deadLettered();
    record("reordering: 20 releases in shuffled order (" + skipped + " SKIPPED not-newer at essence)", 20, triggered, triggered,
        0, deadLettered);
    assertEquals(0, deadLettered);
  }

  @Test
  @Order(3)
  void outagesOfCloudBuildGkeAndFirestoreLoseNothing() throws Exception {
    stack.faults().cloudBuildUnavailable(3);
    stack.faults().reconcile("essence", Duration.ofSeconds(4));
    Release release = release("outage-1", ++sequence);
    publisher.publish(Topology.RELEASES, release, "monorepo");
    Thread.sleep(500);
    stack.firestoreLink().cut();
    Thread.sleep(3_000);
    stack.firestoreLink().restore();
    await("essence deployed after the outages", Duration.ofSeconds(90), () -> deploysOf("essence", release.releaseId()) == 1);
    await("acme deployed after the outages", Duration.ofSeconds(90), () -> deploysOf("acme", release.releaseId()) == 1);
    awaitQuiet(Duration.ofSeconds(60));
    long triggered = deploysOf("essence", release.releaseId()) + deploysOf("acme", release.releaseId());
    int deadLettered = deadLettered();
    record("outages: Cloud Build UNAVAILABLE ×3, essence's cluster RECONCILING 4 s, Firestore unreachable 3 s", 1, triggered, 2, 0,
        deadLettered);
    assertEquals(2, triggered);
    assertEquals(0, deadLettered);
    await("essence runs outage-1", Duration.ofSeconds(90), () -> "outage-1".equals(runningRelease("essence", "portal")));
  }

  @Test
  @Order(4)
  void aDeployerKilledMidEventDeploysOnceAfterItsRestart() throws Exception {
    stack.faults().delayCloudBuild(Duration.ofSeconds(3));
    Release release = release("crash-1", ++sequence);
    publisher.publish(Topology.RELEASES, release, "monorepo");
    await("essence's deployer claimed the release", Duration.ofSeconds(30), () -> {
      try {
        return firestore.collection("clients").document("essence").collection("deployments").document(release.releaseId())
            .get().get().exists();
      } catch (Exception e) {
        return false;
      }
    });
    Thread.sleep(500); // inside the slow RunBuildTrigger call
    stack.restartFunction("client-deployer-essence");
    stack.faults().delayCloudBuild(Duration.ZERO);
    await("essence deployed after the crash", Duration.ofSeconds(90), () -> {
      try {
        Object status = firestore.collection("clients").document("essence").collection("deployments")
            .document(release.releaseId()).get().get().get("status");
        return "SUCCEEDED".equals(status);
      } catch (Exception e) {
        return false;
      }
    });
    awaitQuiet(Duration.ofSeconds(60));
    long triggered = deploysOf("essence", release.releaseId());
    int deadLettered = deadLettered();
    record("crash: essence's deployer killed inside RunBuildTrigger, restarted", 1, triggered, 1, 0, deadLettered);
    assertEquals(1, triggered, "the restarted deployer adopted the build its predecessor started");
    assertEquals(0, deadLettered);
  }

  @Test
  @Order(5)
  void releasesArrivingWhileSlowBuildsRunNeverLeaveAClusterOnAnOlderReleaseAfterANewer() throws Exception {
    // Each build takes seconds and the later ones less: run side by side, they would finish in
    // reverse order and the oldest would land last. One deploy at a time supersedes instead.
    List<Duration> reverse = List.of(Duration.ofSeconds(8), Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(2));
    List<String> clients = List.of("essence", "acme");
    clients.forEach(client -> stack.faults().deployDurations(client, reverse));
    List<Release> releases = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      Release release = release("overlap-" + i, ++sequence);
      releases.add(release);
      publisher.publish(Topology.RELEASES, release, "monorepo");
      Thread.sleep(100);
    }
    Release newest = releases.get(3);
    try {
      await("essence and acme run the newest", Duration.ofSeconds(120), () ->
          newest.releaseId().equals(runningRelease("essence", "billing")) && newest.releaseId().equals(runningRelease("acme", "portal")));
      awaitQuiet(Duration.ofSeconds(120));
    } finally {
      clients.forEach(client -> stack.faults().deployDurations(client, List.of()));
    }

    long triggered = 0;
    long cancelled = 0;
    for (String client : clients) {
      List<LocalClusters.Workload> history = stack.clusters().history(client);
      Map<String, LocalClusters.Workload> last = new LinkedHashMap<>();
      for (LocalClusters.Workload after : history) {
        LocalClusters.Workload before = last.put(after.service(), after);
        if (before != null) {
          assertTrue(sequenceOf(after.releaseId()) >= sequenceOf(before.releaseId()),
              client + "'s cluster ran " + after.service() + " " + after.releaseId() + " after " + before.releaseId() + ": " + history);
        }
      }
      // One deploy at a time: a build of an older release that ran on after a newer release's build
      // was started must have been cancelled. (One that finished before the newer release was
      // claimed landed rightly: under load a later release can arrive after an earlier build ended.)
      List<Build> builds = deployBuilds(client).stream()
          .filter(b -> b.getSubstitutionsOrDefault("_RELEASE_ID", "").startsWith("overlap-")).toList();
      for (Build older : builds) {
        for (Build newer : builds) {
          if (sequenceOf(older.getSubstitutionsOrDefault("_RELEASE_ID", "")) < sequenceOf(newer.getSubstitutionsOrDefault("_RELEASE_ID", ""))
              && older.getStatus() == Build.Status.SUCCESS) {
            assertTrue(micros(older.getFinishTime()) <= micros(newer.getCreateTime()),
                client + ": " + older.getSubstitutionsOrDefault("_RELEASE_ID", "") + "'s build succeeded after "
                    + newer.getSubstitutionsOrDefault("_RELEASE_ID", "") + "'s had started instead of being cancelled: " + builds);
          }
        }
      }
      Map<String, LocalClusters.Workload> now = stack.clusters().workloads().get(client);
      now.values().stream().filter(w -> w.releaseId().startsWith("overlap-"))
          .forEach(w -> assertEquals(newest.releaseId(), w.releaseId(), client + " ends on the newest: " + now));
      for (Release release : releases) {
        triggered += deploysOf(client, release.releaseId());
        cancelled += deployBuilds(client).stream().filter(b -> release.releaseId().equals(b.getSubstitutionsOrDefault("_RELEASE_ID", "")))
            .filter(b -> b.getStatus() == Build.Status.CANCELLED).count();
      }
      assertEquals(1, deploysOf(client, newest.releaseId()), client + " deployed the newest once");
    }

    List<DeploymentEvent> overlap = drainEvents().stream()
        .filter(e -> e.releaseId().startsWith("overlap-") && clients.contains(e.client())).toList();
    assertTrue(overlap.stream().noneMatch(e -> e.status() == DeploymentStatus.FAILED),
        "a superseded build is no failure (and so no auto rollback): " + overlap);
    // Events are at least once: a consumer drops the copies (same eventId, same body byte for byte).
    long superseded = overlap.stream().filter(e -> e.status() == DeploymentStatus.SKIPPED && e.reason().startsWith("superseded by "))
        .distinct().count();
    assertEquals(cancelled, superseded, "each cancelled build reported SKIPPED superseded: " + overlap);
    int deadLettered = deadLettered();
    record("overlap: 4 releases 100 ms apart, deploy builds of 8/6/4/2 s (" + cancelled + " older builds cancelled, "
        + "SKIPPED superseded; clusters' workload history monotonic)", 4, triggered, triggered, 0, deadLettered);
    assertEquals(0, deadLettered);
  }

  private static long sequenceOf(String releaseId) {
    Long sequence = SEQUENCES.get(releaseId);
    assertTrue(sequence != null, "a workload of a release the suite never made: " + releaseId);
    return sequence;
  }

  @Test
  @Order(6)
  void theFunctionsRestartedOrNotCallGoogleOverTheTransportTheyShipWith() {
    Set<String> agents = stack.standInUserAgents();
    assertFalse(agents.isEmpty(), "the deployers called the Cloud Build and GKE stand-ins");
    assertTrue(agents.stream().allMatch(agent -> agent.contains("grpc-java-okhttp/")),
        "no deployable ships gRPC's Netty, so no function of the local stack may use it: " + agents);
  }
}
