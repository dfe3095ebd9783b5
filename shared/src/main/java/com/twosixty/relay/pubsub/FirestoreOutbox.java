package com.twosixty.relay.pubsub;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.UpdateBuilder;
import com.google.cloud.firestore.WriteBatch;
import com.twosixty.relay.firestore.ClientDocument;
import com.twosixty.relay.firestore.FirestoreCalls;
import com.twosixty.relay.firestore.OutboxDocument;
import com.twosixty.relay.log.StructuredLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link Outbox} on Firestore ({@link OutboxDocument}). The stores call {@link #record} inside their
 * own transaction or batch; unsent entries are found with one equality query (a single-field index).
 */
public final class FirestoreOutbox implements Outbox {
  private static final StructuredLog LOG = StructuredLog.forComponent("outbox");

  private final Firestore db;
  private final Clock clock;

  public FirestoreOutbox(Firestore db) {
    this(db, Clock.systemUTC());
  }

  public FirestoreOutbox(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Adds the entries to a transaction's (or batch's) writes, unsent, in their order. */
  public void record(UpdateBuilder<?> writes, String client, List<OutboxEntry> entries, Instant now) {
    for (int i = 0; i < entries.size(); i++) {
      OutboxEntry entry = entries.get(i);
      writes.set(OutboxDocument.ref(db, client, entry.eventId()), OutboxDocument.unsent(entry, i, now));
    }
  }

  @Override
  public List<OutboxEntry> unsent(String client) {
    List<OutboxDocument> documents = new ArrayList<>();
    for (QueryDocumentSnapshot snapshot : FirestoreCalls.await("reading the outbox of " + client,
        db.collection(ClientDocument.COLLECTION).document(client).collection(OutboxDocument.COLLECTION)
            .whereEqualTo(OutboxDocument.SENT, false).get()).getDocuments()) {
      documents.add(OutboxDocument.from(snapshot));
    }
    documents.sort(Comparator.comparingLong(OutboxDocument::writtenAt).thenComparingLong(OutboxDocument::position));
    List<OutboxEntry> entries = new ArrayList<>();
    for (OutboxDocument document : documents) {
      document.entry().ifPresentOrElse(entries::add,
          () -> LOG.error("outbox entry is not a valid event; left unsent", "client", client, "eventId", document.eventId()));
    }
    return entries;
  }

  @Override
  public void markSent(String client, List<String> eventIds) {
    if (eventIds.isEmpty()) {
      return;
    }
    WriteBatch batch = db.batch();
    Instant now = clock.instant();
    eventIds.forEach(id -> batch.update(OutboxDocument.ref(db, client, id), OutboxDocument.markedSent(now)));
    FirestoreCalls.await("marking " + eventIds.size() + " outbox entries of " + client + " sent", batch.commit());
  }
}
