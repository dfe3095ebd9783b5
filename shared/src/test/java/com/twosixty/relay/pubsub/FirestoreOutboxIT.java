package com.twosixty.relay.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.ClientDocument;
import com.twosixty.relay.firestore.OutboxDocument;
import com.twosixty.relay.state.StateEvents;
import com.twosixty.relay.testing.FirestoreEmulatorExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client document's list of unsent outbox entries ({@link ClientDocument#UNSENT_EVENTS}) on the
 * real Firestore emulator: kept by every write and every marking sent, read by id, and started by a
 * query for a client document written before it was kept.
 */
class FirestoreOutboxIT {
  @RegisterExtension
  static final FirestoreEmulatorExtension FIRESTORE = new FirestoreEmulatorExtension("relay-hub");
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private final Firestore db = FIRESTORE.firestore();
  private final FirestoreOutbox outbox = new FirestoreOutbox(db);

  private static OutboxEntry entry(String eventId, DeploymentStatus status) {
    return new OutboxEntry(eventId, StateEvents.event("essence", "2026.11.25-bbbbbbb", List.of("billing"), status, "", "",
        NOW.toString()));
  }

  private DocumentReference clientRef() {
    return db.collection(ClientDocument.COLLECTION).document("essence");
  }

  private Optional<Set<String>> listed() throws Exception {
    return ClientDocument.unsentEvents(clientRef().get().get());
  }

  /** The entries as one state change's commit writes them. */
  private void record(Instant at, OutboxEntry... entries) throws Exception {
    WriteBatch batch = db.batch();
    outbox.record(batch, "essence", List.of(entries), at);
    batch.commit().get();
  }

  private static List<String> ids(List<OutboxEntry> entries) {
    return entries.stream().map(OutboxEntry::eventId).toList();
  }

  @Test
  void entriesAreListedWhileUnsentReadByTheListInTheirOrderAndUnlistedOnceSent() throws Exception {
    clientRef().set(ClientDocument.unsentEventsTracked()).get();
    record(NOW, entry("e~2", DeploymentStatus.PLANNED), entry("e~1", DeploymentStatus.SKIPPED));
    record(NOW.plusSeconds(1), entry("e~0", DeploymentStatus.FAILED));

    assertEquals(Optional.of(Set.of("e~0", "e~1", "e~2")), listed());
    assertEquals(List.of("e~2", "e~1", "e~0"), ids(outbox.unsent("essence", listed())), "in the order written");
    assertEquals(ids(outbox.unsent("essence")), ids(outbox.unsent("essence", listed())), "as the query finds them");

    outbox.markSent("essence", List.of("e~2", "e~1"));
    assertEquals(Optional.of(Set.of("e~0")), listed());
    outbox.markSent("essence", List.of("e~0"));
    assertEquals(Optional.of(Set.of()), listed());
    assertEquals(List.of(), outbox.unsent("essence", listed()));
  }

  @Test
  void aClientDocumentThatKeepsNoListIsQueriedAndMarkedAsKeepingItOnceNothingIsUnsent() throws Exception {
    // As a Relay from before the list left them: an unsent entry, and a client document without the list.
    clientRef().set(Map.of(ClientDocument.ID, "essence")).get();
    OutboxDocument.ref(db, "essence", "old~1").set(OutboxDocument.unsent(entry("old~1", DeploymentStatus.SKIPPED), 0, NOW)).get();
    assertEquals(Optional.empty(), listed());

    assertEquals(List.of("old~1"), ids(outbox.unsent("essence", Optional.empty())), "found by the query");
    assertEquals(Optional.empty(), listed(), "not marked while something is unsent that the list does not name");
    outbox.markSent("essence", List.of("old~1"));

    assertEquals(List.of(), outbox.unsent("essence", Optional.empty()));
    assertEquals(Optional.of(Set.of()), listed(), "the query found nothing: the list is complete from now on");
  }

  @Test
  void anIdListedButMarkedSentByARelayFromBeforeTheListIsTakenOff() throws Exception {
    clientRef().set(ClientDocument.unsentEventsTracked()).get();
    record(NOW, entry("e~1", DeploymentStatus.SKIPPED), entry("e~2", DeploymentStatus.FAILED));
    // Marked sent without the list, as the version before it did.
    OutboxDocument.ref(db, "essence", "e~1").update(OutboxDocument.markedSent(NOW)).get();
    clientRef().set(ClientDocument.unsentEvents(List.of("gone~3"), true), SetOptions.merge()).get();

    assertEquals(List.of("e~2"), ids(outbox.unsent("essence", listed())));
    assertEquals(Optional.of(Set.of("e~2")), listed(), "the sent one and the missing one are off the list");
  }
}
