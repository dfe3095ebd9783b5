package com.twosixty.relay.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloudbuild.v1.Build;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.MessageAttributes;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.firestore.OutboxDocument;
import com.twosixty.relay.local.LocalStack;
import com.twosixty.relay.local.Topology;
import com.twosixty.relay.pubsub.EventIds;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the functions cannot publish for longer than a publish may take, in the middle of a
 * fan-out with an approval, a skip, a supersession, failing deploys and their auto rollback. The
 * state is ground truth: every outbox entry the clients' transactions wrote, and one TRIGGERED per
 * started build. Afterwards each of those ids is on {@code deployments} (lost = 0), every message
 * carries an id, and after dropping duplicates by id each state change has exactly one event.
 */
class PubSubOutageIT {
  private static final String DIGEST = "sha256:" + "e".repeat(64);
  /** Longer than a publish waits (PubSubEventPublisher, 30 s): publishes fail, they do not just stall. */
  private static final Duration CUT = Duration.ofSeconds(40);

  private static LocalStack stack;
  private static PubSubEventPublisher publisher;
  private static Firestore firestore;
  private static SubscriptionName events;

  @BeforeAll
  static void start() {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    stack = LocalStack.start(LocalStack.Options.builder(repo)
        .workDir(Path.of("target", "stack-pubsub-outage").toAbsolutePath())
        .freezeWindowsSetAside(true)
        .buildTiming(Duration.ofMillis(50), Duration.ofMillis(300))
        .build());
    String hub = stack.info().hubProject();
    publisher = new PubSubEventPublisher(hub, stack.pubsub().host());
    firestore = FirestoreClients.create(hub, "(default)", stack.firestore().host());
    events = stack.pubsub().createSubscription(stack.topology().deployments(), "outage-events");
  }

  @AfterAll
  static void stop() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    if (firestore != null) {
      firestore.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static Release release(String id, long seq) {
    return new Release(id, seq, new Release.Source("monorepo", "main", "c0ffee", "b-" + id), Instant.now().toString(),
        Channel.STABLE, List.of(new Release.ServiceImage("billing", "gcr.io/relay-local/billing", DIGEST, id),
            new Release.ServiceImage("portal", "gcr.io/relay-local/portal", DIGEST, id)));
  }

  private static void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      Thread.sleep(250);
    }
  }

  private static List<Build> builds(String client) {
    return stack.cloudBuild().builds(stack.info().clientProjects().get(client));
  }

  /** Every client's outbox: event id → sent. */
  private static Map<String, Boolean> outbox() {
    Map<String, Boolean> entries = new TreeMap<>();
    for (String client : stack.info().clientProjects().keySet()) {
      try {
        for (QueryDocumentSnapshot doc : firestore.collection("clients").document(client)
            .collection(OutboxDocument.COLLECTION).get().get().getDocuments()) {
          entries.put(OutboxDocument.from(doc).eventId(), OutboxDocument.from(doc).sent());
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return entries;
  }

  /** One TRIGGERED id per deployment whose build started: announced before its commit, not in the outbox. */
  private static Set<String> triggered() throws Exception {
    Set<String> ids = new LinkedHashSet<>();
    for (String client : stack.info().clientProjects().keySet()) {
      for (DocumentSnapshot doc : firestore.collection("clients").document(client).collection("deployments").get().get()
          .getDocuments()) {
        String buildId = doc.getString("buildId");
        if (buildId != null && !buildId.isEmpty()) {
          ids.add(EventIds.build(client, doc.getId(), DeploymentStatus.TRIGGERED, buildId));
        }
      }
    }
    return ids;
  }

  @Test
  void publishesFailingDuringAFanOutWithApprovalsAndFailuresLoseNoEventAndDuplicateNoneAfterDedup() throws Exception {
    long sequence = Instant.now().toEpochMilli() * 1000;
    Release older = release("outage-older", sequence + 1);
    Release newer = release("outage-newer", sequence + 2);
    stack.faults().failDeploys("acme", true); // FAILED, then acme's auto rollback through the gateway

    stack.pubsubLink().cut();
    Instant cutAt = Instant.now();
    publisher.publish(Topology.RELEASES, newer, "monorepo");
    await("every client claimed " + newer.releaseId(), Duration.ofSeconds(30), () -> {
      try {
        for (String client : stack.info().clientProjects().keySet()) {
          if (!firestore.collection("clients").document(client).collection("deployments").document(newer.releaseId()).get().get()
              .exists()) {
            return false;
          }
        }
        return true;
      } catch (Exception e) {
        return false;
      }
    });
    publisher.publish(Topology.RELEASES, older, "monorepo"); // skipped where newer deploys, waits at northwind
    Thread.sleep(2_000);
    publisher.publish(Topology.RELEASE_COMMANDS,
        new Command(CommandType.APPROVE, "northwind", newer.releaseId(), "", "release-manager@northwind.example", "outage drill"),
        "northwind");
    Thread.sleep(Math.max(0, CUT.minus(Duration.between(cutAt, Instant.now())).toMillis()));
    Map<String, Boolean> duringCut = outbox();
    long unsentAtRestore = duringCut.values().stream().filter(sent -> !sent).count();
    stack.pubsubLink().restore();

    await("every build started", Duration.ofSeconds(120), () -> builds("essence").size() >= 1 && builds("northwind").size() >= 1
        && builds("acme").size() >= 1);
    await("every outbox entry sent", Duration.ofSeconds(180), () -> !outbox().isEmpty() && outbox().values().stream().allMatch(s -> s));
    await("the bridge settled", Duration.ofSeconds(120), () -> stack.bridge().idle());
    Thread.sleep(3_000);

    Map<String, Boolean> recorded = outbox();
    Set<String> expected = new LinkedHashSet<>(recorded.keySet());
    expected.addAll(triggered());
    List<PubsubMessage> messages = new ArrayList<>();
    List<PubsubMessage> pulled;
    do {
      pulled = stack.pubsub().pull(events, 500, Duration.ofMillis(500));
      messages.addAll(pulled);
    } while (!pulled.isEmpty());

    Map<String, DeploymentEvent> kept = new LinkedHashMap<>();
    int withoutId = 0;
    for (PubsubMessage message : messages) {
      String id = message.getAttributesOrDefault(MessageAttributes.EVENT_ID, "");
      if (id.isEmpty()) {
        withoutId++;
        continue;
      }
      kept.putIfAbsent(id, ContractCodec.decodeDeployment(message.getData().toByteArray()));
    }
    Set<String> lost = new LinkedHashSet<>(expected);
    lost.removeAll(kept.keySet());
    int duplicates = messages.size() - withoutId - kept.size();

    // After dedup, one event per (client, release, status) of each state change of the two releases.
    Map<String, Integer> perChange = new TreeMap<>();
    kept.forEach((id, event) -> {
      if (expected.contains(id) && (event.releaseId().equals(newer.releaseId()) || event.releaseId().equals(older.releaseId()))) {
        perChange.merge(event.client() + " " + event.releaseId() + " " + event.status(), 1, Integer::sum);
      }
    });
    Map<String, Long> byStatus = new TreeMap<>();
    expected.forEach(id -> {
      DeploymentEvent event = kept.get(id);
      byStatus.merge(event == null ? "LOST" : event.status().name(), 1L, Long::sum);
    });

    String report = String.format("| Pub/Sub unreachable for the functions %d s during a fan-out of 2 releases to 3 clients "
            + "(an approval, a skip, a supersession, acme's deploys failing) | %d | %d | %d | %d | %d | %d |%n"
            + "%nstate changes by status: %s%n%nper client, release and status (after dedup): %s%n",
        CUT.toSeconds(), expected.size(), unsentAtRestore, messages.size(), duplicates, withoutId, lost.size(), byStatus, perChange);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "reliability-pubsub-outage.md"),
        "| scenario | state changes (ids) | unsent when restored | messages on deployments | duplicates dropped by id | without id | lost |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n" + report);
    System.out.println(report);

    assertTrue(unsentAtRestore > 0, "the outage left events unsent: " + duringCut);
    assertEquals(Set.of(), lost, "every state change's event was published");
    assertEquals(0, withoutId, "every deployment event carries its id");
    perChange.forEach((change, count) -> assertEquals(1, count, change + ": one event after dedup"));
    assertTrue(perChange.containsKey("northwind " + newer.releaseId() + " AWAITING_APPROVAL"), perChange.toString());
    assertTrue(perChange.containsKey("northwind " + older.releaseId() + " SKIPPED")
        || perChange.containsKey("northwind " + older.releaseId() + " AWAITING_APPROVAL"), perChange.toString());
    assertTrue(perChange.containsKey("acme " + newer.releaseId() + " FAILED"), perChange.toString());
    assertTrue(perChange.containsKey("essence " + newer.releaseId() + " SUCCEEDED"), perChange.toString());
    assertTrue(perChange.containsKey("northwind " + newer.releaseId() + " SUCCEEDED"), perChange.toString());
    assertTrue(recorded.values().stream().allMatch(sent -> sent), "every outbox entry is marked sent");
  }
}
