package com.twosixty.relay.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.ReleaseDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.testing.FirestoreEmulatorExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rollout commands' audit records ({@code rollouts/{releaseId}/commands/{messageId}}) on the real Firestore emulator. */
class FirestoreRolloutLedgerIT {
  private static final String PROJECT = "relay-hub";
  @RegisterExtension
  static final FirestoreEmulatorExtension FIRESTORE = new FirestoreEmulatorExtension(PROJECT);
  private static final String R = "2026.12.07-aaaaaaa";
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final RolloutPolicy POLICY = RolloutPolicy.parse("{\"waves\":[{\"soak\":\"PT30M\"},{\"soak\":\"PT1H\"},{}]}");


  private RolloutCoordinator hub;

  @BeforeEach
  void reset() throws Exception {
    hub = new RolloutCoordinator(ClientDefinitions.loadDirectory(Path.of("..", "clients")), POLICY,
        new FirestoreRolloutLedger(FIRESTORE.firestore()), (topic, message, key) -> "id", "release-commands", "deployments",
        Clock.fixed(T0, ZoneOffset.UTC));
    Release release = new Release(R, 100, new Release.Source("monorepo", "main", "c0ffee0", "b1"), T0.toString(), Channel.STABLE,
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", "sha256:" + "a".repeat(64), R)));
    FIRESTORE.firestore().collection(ReleaseDocument.COLLECTION).document(R).set(ReleaseDocument.toMap(release, T0)).get();
  }

  private List<RolloutCommandDocument> records(String releaseId) throws Exception {
    List<RolloutCommandDocument> records = new ArrayList<>();
    for (QueryDocumentSnapshot snapshot : FIRESTORE.firestore().collection(RolloutDocument.COLLECTION).document(releaseId)
        .collection(RolloutCommandDocument.COLLECTION).get().get()) {
      records.add(RolloutCommandDocument.from(snapshot));
    }
    return records;
  }

  private RolloutDocument rollout() throws Exception {
    return RolloutDocument.from(FIRESTORE.firestore().collection(RolloutDocument.COLLECTION).document(R).get().get());
  }

  @Test
  void anAppliedHaltIsWrittenWithItsRecordAndARedeliveryFindsTheFirstAnswer() throws Exception {
    Command halt = new Command(CommandType.HALT, "", R, "", "oncall@twosixty.example", "error budget");
    RolloutCommandDocument applied = hub.onCommand(halt, "4711");
    RolloutCommandDocument expected = new RolloutCommandDocument("4711", "halt", "oncall@twosixty.example", "error budget",
        "2026-12-07T10:00:00.000Z", "APPLIED", "");
    assertEquals(expected, applied);
    assertEquals(List.of(expected), records(R));
    assertEquals("oncall@twosixty.example", rollout().control().halt().orElseThrow().by());

    hub.onCommand(new Command(CommandType.RESUME, "", R, "", "oncall@twosixty.example", "fixed"), "4712");
    assertEquals(expected, hub.onCommand(halt, "4711"));
    assertTrue(rollout().control().halt().isEmpty(), "the redelivered halt did not halt again");
    RolloutCommandDocument refused = hub.onCommand(new Command(CommandType.RESUME, "", R, "", "ana@twosixty.example", ""), "4713");
    assertEquals("REFUSED", refused.outcome());
    assertEquals("not halted", refused.outcomeReason());
    assertEquals(List.of("4711", "4712", "4713"), records(R).stream().map(RolloutCommandDocument::messageId).toList());
  }

  @Test
  void aCommandForAnUnknownReleaseIsRecordedUnderItsIdWithoutARollout() throws Exception {
    String unknown = "2026.12.07-bbbbbbb";
    hub.onCommand(new Command(CommandType.PROMOTE, "", unknown, "", "ops", "now"), "m1");
    assertEquals(List.of(new RolloutCommandDocument("m1", "promote", "ops", "now", "2026-12-07T10:00:00.000Z", "REFUSED",
        "unknown release " + unknown)), records(unknown));
    assertFalse(FIRESTORE.firestore().collection(RolloutDocument.COLLECTION).document(unknown).get().get().exists(),
        "no rollout document: the tick's query never sees it");
  }

  /** Copies of one message delivered at once: one record, one promotion. */
  @Test
  void copiesDeliveredTogetherRecordAndApplyOnce() throws Exception {
    Command promote = new Command(CommandType.PROMOTE, "", R, "", "oncall@twosixty.example", "");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<RolloutCommandDocument>> copies = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        copies.add(pool.submit(() -> hub.onCommand(promote, "copy")));
      }
      for (Future<RolloutCommandDocument> copy : copies) {
        assertEquals("APPLIED", copy.get().outcome());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, records(R).size());
    assertEquals(java.util.Set.of(2), rollout().control().promoted());
    assertEquals("APPLIED", hub.onCommand(new Command(CommandType.HALT, "", R, "", "ops", ""), "other").outcome(),
        "a new message is a new command");
    assertEquals(2, records(R).size());
  }
}
