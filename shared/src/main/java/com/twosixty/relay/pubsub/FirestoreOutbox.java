package com.twosixty.relay.pubsub;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.SetOptions;
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
import java.util.Optional;
import java.util.Set;

/**
 * {@link Outbox} on Firestore ({@link OutboxDocument}). The stores call {@link #record} inside their
 * own transaction or batch; unsent entries are found by the ids the client document lists, or with
 * one equality query (a single-field index).
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

  /**
   * Adds the entries to a transaction's (or batch's) writes, unsent, in their order, and their ids to
   * the client document's list of unsent entries ({@link ClientDocument#UNSENT_EVENTS}).
   */
  public void record(UpdateBuilder<?> writes, String client, List<OutboxEntry> entries, Instant now) {
    for (int i = 0; i < entries.size(); i++) {
      OutboxEntry entry = entries.get(i);
      writes.set(OutboxDocument.ref(db, client, entry.eventId()), OutboxDocument.unsent(entry, i, now));
    }
    if (!entries.isEmpty()) {
      writes.set(clientRef(client), ClientDocument.unsentEvents(entries.stream().map(OutboxEntry::eventId).toList(), true),
          SetOptions.merge());
    }
  }

  private DocumentReference clientRef(String client) {
    return db.collection(ClientDocument.COLLECTION).document(client);
  }

  @Override
  public List<OutboxEntry> unsent(String client) {
    List<OutboxDocument> documents = new ArrayList<>();
    for (QueryDocumentSnapshot snapshot : FirestoreCalls.await("reading the outbox of " + client,
        clientRef(client).collection(OutboxDocument.COLLECTION).whereEqualTo(OutboxDocument.SENT, false).get()).getDocuments()) {
      documents.add(OutboxDocument.from(snapshot));
    }
    return entries(client, documents);
  }

  /**
   * By the ids the client document lists ({@link ClientDocument#unsentEvents}): no call when it lists
   * none, one batch read of those it lists otherwise. Ids listed but found sent or gone (marked by a
   * Relay from before the list) are taken off it. A document that keeps no list yet gets the query,
   * and is marked as keeping it once the query finds nothing unsent: every write of an entry lists it
   * from then on. (An entry written meanwhile by a function still of the version before the list is
   * not listed; its own delivery still sends it, only not before a later delivery's events.)
   */
  @Override
  public List<OutboxEntry> unsent(String client, Optional<Set<String>> listed) {
    if (listed.isEmpty()) {
      List<OutboxEntry> found = unsent(client);
      if (found.isEmpty()) {
        FirestoreCalls.await("marking the outbox of " + client + " as listed",
            clientRef(client).set(ClientDocument.unsentEventsTracked(), SetOptions.merge()));
      }
      return found;
    }
    if (listed.get().isEmpty()) {
      return List.of();
    }
    List<DocumentReference> refs = listed.get().stream().map(id -> OutboxDocument.ref(db, client, id)).toList();
    List<OutboxDocument> documents = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    for (DocumentSnapshot snapshot : FirestoreCalls.await("reading the unsent outbox entries of " + client,
        db.getAll(refs.toArray(DocumentReference[]::new)))) {
      OutboxDocument document = OutboxDocument.from(snapshot);
      if (snapshot.exists() && !document.sent()) {
        documents.add(document);
      } else {
        stale.add(snapshot.getId());
      }
    }
    if (!stale.isEmpty()) {
      FirestoreCalls.await("taking " + stale.size() + " sent entries off the outbox list of " + client,
          clientRef(client).set(ClientDocument.unsentEvents(stale, false), SetOptions.merge()));
    }
    return entries(client, documents);
  }

  private List<OutboxEntry> entries(String client, List<OutboxDocument> documents) {
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
    batch.set(clientRef(client), ClientDocument.unsentEvents(eventIds, false), SetOptions.merge());
    FirestoreCalls.await("marking " + eventIds.size() + " outbox entries of " + client + " sent", batch.commit());
  }
}
