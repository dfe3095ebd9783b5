package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.flag;
import static com.twosixty.relay.firestore.StoredValues.map;
import static com.twosixty.relay.firestore.StoredValues.text;

import com.google.cloud.firestore.DocumentSnapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code clients/{client}}: the runtime state commands set. The one owner of its field names, of
 * what client-deployer writes (the static builders, each a merge) and of how it is read
 * ({@link #from}). Missing or mistyped fields read as empty; {@code pins} maps a service to its
 * pinned release, {@code ""} being an explicit unpin.
 */
public record ClientDocument(
    String id,
    String displayName,
    boolean frozen,
    String freezeReason,
    String frozenBy,
    Map<String, String> pins,
    String updatedAt) {

  public static final String COLLECTION = "clients";
  public static final String ID = "id";
  public static final String DISPLAY_NAME = "displayName";
  public static final String FROZEN = "frozen";
  public static final String FREEZE_REASON = "freezeReason";
  public static final String FROZEN_BY = "frozenBy";
  public static final String PINS = "pins";
  public static final String UPDATED_AT = "updatedAt";

  /** The subcollections of a client document. */
  public static final String SERVICES = "services";
  public static final String DEPLOYMENTS = "deployments";

  public ClientDocument {
    pins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pins));
  }

  /** Merged in when a client's first deployment is claimed, so the client is listed. */
  public static Map<String, Object> created(String client, Instant now) {
    return Map.of(ID, client, UPDATED_AT, now.toString());
  }

  /** Merged in by a pin command: only this service's pin changes. */
  public static Map<String, Object> pin(String client, String service, String releaseId, Instant now) {
    return Map.of(ID, client, PINS, Map.of(service, releaseId), UPDATED_AT, now.toString());
  }

  /** Merged in by a freeze or unfreeze command; unfreezing clears who froze it and why. */
  public static Map<String, Object> freeze(String client, boolean frozen, String by, String reason, Instant now) {
    Map<String, Object> update = new HashMap<>();
    update.put(ID, client);
    update.put(FROZEN, frozen);
    update.put(FROZEN_BY, frozen ? by : "");
    update.put(FREEZE_REASON, frozen ? reason : "");
    update.put(UPDATED_AT, now.toString());
    return update;
  }

  /** The document as read; one that does not exist reads as a client with no state. */
  public static ClientDocument from(DocumentSnapshot snapshot) {
    return from(snapshot.getId(), snapshot.getData());
  }

  public static ClientDocument from(String clientId, Map<String, Object> data) {
    Map<String, Object> doc = map(data);
    Map<String, String> pins = new LinkedHashMap<>();
    map(doc.get(PINS)).forEach((service, release) -> pins.put(service, text(release)));
    return new ClientDocument(clientId, text(doc.get(DISPLAY_NAME)), flag(doc.get(FROZEN)), text(doc.get(FREEZE_REASON)),
        text(doc.get(FROZEN_BY)), pins, text(doc.get(UPDATED_AT)));
  }
}
