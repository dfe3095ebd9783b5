package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.flag;
import static com.twosixty.relay.firestore.StoredValues.map;
import static com.twosixty.relay.firestore.StoredValues.number;
import static com.twosixty.relay.firestore.StoredValues.text;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.pubsub.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code clients/{client}/outbox/{eventId}}: one {@code relay.deployment/v1} event, written in the
 * transaction of the state change it announces (client-deployer's claims, failures, rejects, pins
 * and freezes; deploy-reporter's transitions) and marked {@code sent} once it is on the topic.
 * The event is stored as its wire JSON, so a re-send is byte for byte the first send.
 *
 * @param writtenAt epoch milliseconds of the transaction that wrote it
 * @param position the entry's place among those its transaction wrote (they share {@code writtenAt})
 */
public record OutboxDocument(String eventId, String body, boolean sent, long writtenAt, long position, String sentAt) {

  public static final String COLLECTION = "outbox";

  public static final String EVENT_ID = "eventId";
  public static final String BODY = "body";
  public static final String SENT = "sent";
  public static final String WRITTEN_AT = "writtenAt";
  public static final String POSITION = "position";
  public static final String SENT_AT = "sentAt";

  public static DocumentReference ref(Firestore db, String client, String eventId) {
    return db.collection(ClientDocument.COLLECTION).document(client).collection(COLLECTION).document(eventId);
  }

  /** A new, unsent entry. */
  public static Map<String, Object> unsent(OutboxEntry entry, int position, Instant now) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(EVENT_ID, entry.eventId());
    doc.put(BODY, new String(ContractCodec.encode(entry.event()), StandardCharsets.UTF_8));
    doc.put(SENT, false);
    doc.put(WRITTEN_AT, now.toEpochMilli());
    doc.put(POSITION, position);
    doc.put(SENT_AT, "");
    return doc;
  }

  public static Map<String, Object> markedSent(Instant now) {
    return Map.of(SENT, true, SENT_AT, now.toString());
  }

  public static OutboxDocument from(DocumentSnapshot snapshot) {
    Map<String, Object> doc = map(snapshot.getData());
    String id = text(doc.get(EVENT_ID));
    return new OutboxDocument(id.isEmpty() ? snapshot.getId() : id, text(doc.get(BODY)), flag(doc.get(SENT)),
        number(doc.get(WRITTEN_AT)), number(doc.get(POSITION)), text(doc.get(SENT_AT)));
  }

  /** The entry to send; empty when the stored body is no longer a valid event (it is then left alone). */
  public Optional<OutboxEntry> entry() {
    try {
      return Optional.of(new OutboxEntry(eventId, ContractCodec.decodeDeployment(body.getBytes(StandardCharsets.UTF_8))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
