package com.twosixty.relay.waves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.firestore.ReleaseDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.testing.CloudEventPost;
import com.twosixty.relay.testing.FirestoreEmulator;
import com.twosixty.relay.testing.FunctionInvoker;
import com.twosixty.relay.testing.PubSubEmulator;
import com.twosixty.relay.testing.PushPost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * release-rollout's deployable on the real invoker, fed rollout commands in their push shape, over
 * the Firestore and Pub/Sub emulators: each command is recorded once per message id, applied or
 * refused, where release-status and {@code relay promote|halt|resume} read it.
 */
class ReleaseRolloutIT {
  private static final String PROJECT = "relay-hub";
  private static final Path LOGS = Path.of("target", "processes");
  private static final String R = "2026.12.07-aaaaaaa";
  private static final String SUBSCRIPTION = "projects/relay-hub/subscriptions/relay-rollout-commands";

  private static FirestoreEmulator firestoreEmulator;
  private static PubSubEmulator pubsub;
  private static Firestore firestore;
  private static SubscriptionName deployments;
  private static FunctionInvoker function;

  @BeforeAll
  static void start() throws Exception {
    firestoreEmulator = FirestoreEmulator.start(LOGS);
    pubsub = PubSubEmulator.start(LOGS);
    TopicName topic = pubsub.createTopic(PROJECT, "deployments");
    deployments = pubsub.createSubscription(topic, "watch-deployments");
    pubsub.createTopic(PROJECT, "release-commands");
    firestore = FirestoreClients.create(PROJECT, "(default)", firestoreEmulator.host());
    Instant now = Instant.now();
    Release release = new Release(R, 100, new Release.Source("monorepo", "main", "c0ffee0", "b1"), now.toString(), Channel.STABLE,
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", "sha256:" + "a".repeat(64), R)));
    firestore.collection(ReleaseDocument.COLLECTION).document(R).set(ReleaseDocument.toMap(release, now)).get();
    String clients;
    try (Stream<Path> files = Files.list(Path.of("..", "..", "clients"))) {
      clients = files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(ClientDefinitions::toJson)
          .collect(Collectors.joining(",", "[", "]"));
    }
    function = FunctionInvoker.startPackaged("release-rollout", "release-rollout", ReleaseRollout.class.getName(), Map.of(
        "RELAY_HUB_PROJECT", PROJECT,
        "RELAY_CLIENTS", clients,
        "RELAY_ROLLOUT", "{\"waves\":[{\"soak\":\"PT30M\"},{\"soak\":\"PT1H\"},{}]}",
        "FIRESTORE_EMULATOR_HOST", firestoreEmulator.host(),
        "PUBSUB_EMULATOR_HOST", pubsub.host()), LOGS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (function != null) {
      function.close();
    }
    if (firestore != null) {
      firestore.close();
    }
    if (pubsub != null) {
      pubsub.close();
    }
    firestoreEmulator.close();
  }

  /** The command as the push subscription delivers it, under {@code messageId}. */
  private static int deliver(String messageId, Command command) {
    return PushPost.send(function.url(), CloudEventPost.envelope(messageId, ContractCodec.encode(command), Map.of(), SUBSCRIPTION))
        .statusCode();
  }

  private static List<RolloutCommandDocument> records(String releaseId) throws Exception {
    List<RolloutCommandDocument> records = new ArrayList<>();
    for (QueryDocumentSnapshot snapshot : firestore.collection(RolloutDocument.COLLECTION).document(releaseId)
        .collection(RolloutCommandDocument.COLLECTION).get().get()) {
      records.add(RolloutCommandDocument.from(snapshot));
    }
    return records;
  }

  @Test
  void eachRolloutCommandIsRecordedOnceAppliedOrRefused() throws Exception {
    Command halt = new Command(CommandType.HALT, "", R, "", "oncall@twosixty.example", "error budget");
    assertEquals(204, deliver("4711", halt));
    assertEquals(204, deliver("4711", halt), "a redelivery is acked");
    assertEquals(204, deliver("4712", new Command(CommandType.PROMOTE, "", R, "", "ana@twosixty.example", "")));
    assertEquals(204, deliver("4713", new Command(CommandType.PROMOTE, "", "2026.12.07-bbbbbbb", "", "ana@twosixty.example", "")));
    assertEquals(204, deliver("4714", new Command(CommandType.PROMOTE, "acme", R, "", "release-rollout", "wave 3 opened")));

    List<RolloutCommandDocument> recorded = records(R);
    assertEquals(List.of("4711", "4712"), recorded.stream().map(RolloutCommandDocument::messageId).toList(),
        "once per message id; a client's command is the deployers'");
    RolloutCommandDocument applied = recorded.get(0);
    assertEquals(List.of("halt", "oncall@twosixty.example", "error budget", "APPLIED", ""),
        List.of(applied.command(), applied.by(), applied.reason(), applied.outcome(), applied.outcomeReason()));
    assertTrue(applied.at().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), applied.at());
    assertEquals(List.of("REFUSED", "halted: resume it first"), List.of(recorded.get(1).outcome(), recorded.get(1).outcomeReason()));
    assertEquals(List.of("REFUSED", "unknown release 2026.12.07-bbbbbbb"),
        records("2026.12.07-bbbbbbb").stream().flatMap(r -> Stream.of(r.outcome(), r.outcomeReason())).toList());

    List<PubsubMessage> events = pubsub.pull(deployments, 5, Duration.ofSeconds(5));
    List<DeploymentStatus> statuses = new ArrayList<>();
    for (PubsubMessage event : events) {
      statuses.add(((DeploymentEvent) ContractCodec.decode(event.getData().toByteArray())).status());
    }
    assertEquals(List.of(DeploymentStatus.HALTED), statuses, "the halt announced once");
  }
}
