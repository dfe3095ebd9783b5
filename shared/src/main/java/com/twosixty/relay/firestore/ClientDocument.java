package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.flag;
import static com.twosixty.relay.firestore.StoredValues.map;
import static com.twosixty.relay.firestore.StoredValues.text;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code clients/{client}}: the runtime state commands set. The one owner of its field names, of
 * what client-deployer writes (the static builders, each a merge) and of how it is read
 * ({@link #from}). Missing or mistyped fields read as empty; {@code pins} maps a service to its
 * pinned release, {@code ""} being an explicit unpin.
 *
 * @param openDeployments the ids of the client's open deployments ({@link DeploymentDocument#OPEN}), which
 *     the claim reads by id instead of querying them; empty when the document does not keep them yet
 *     (written before Relay kept them: {@link #OPEN_DEPLOYMENTS_TRACKED} is not set)
 */
public record ClientDocument(
    String id,
    String displayName,
    boolean frozen,
    String freezeReason,
    String frozenBy,
    Map<String, String> pins,
    String updatedAt,
    Optional<Set<String>> openDeployments) {

  public static final String COLLECTION = "clients";
  public static final String ID = "id";
  public static final String DISPLAY_NAME = "displayName";
  public static final String FROZEN = "frozen";
  public static final String FREEZE_REASON = "freezeReason";
  public static final String FROZEN_BY = "frozenBy";
  public static final String PINS = "pins";
  public static final String UPDATED_AT = "updatedAt";
  /**
   * {deploymentId: true} for every open deployment of the client. Every write that leaves a
   * deployment open adds its id in the same commit, every write that closes one removes it; the claim,
   * which reads this document in its transaction, prunes ids whose deployment it finds closed.
   */
  public static final String OPEN_DEPLOYMENTS = "openDeployments";
  /**
   * {@code true} once {@link #OPEN_DEPLOYMENTS} lists every open deployment: set by the claim, the one
   * writer that knows the whole set (it read it, or queried it once for a document written before).
   * The blind writes of the other writers may create {@link #OPEN_DEPLOYMENTS} with one id; this flag
   * is what tells a complete list from such a partial one.
   */
  public static final String OPEN_DEPLOYMENTS_TRACKED = "openDeploymentsTracked";

  /**
   * {eventId: true} for every entry of the client's outbox not yet marked sent: each write of an
   * outbox entry adds its id in the same commit, each marking sent removes it. The claim reads it with
   * the client document, so a delivery learns what earlier ones left unsent without querying the outbox.
   */
  public static final String UNSENT_EVENTS = "unsentEvents";
  /**
   * {@code true} once {@link #UNSENT_EVENTS} lists every unsent entry: set by the claim that creates
   * the document, or after a query of the outbox found nothing unsent (a document written before).
   */
  public static final String UNSENT_EVENTS_TRACKED = "unsentEventsTracked";

  /** The subcollections of a client document. */
  public static final String SERVICES = "services";
  public static final String DEPLOYMENTS = "deployments";

  public ClientDocument {
    pins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pins));
    openDeployments = openDeployments.map(ids -> java.util.Collections.unmodifiableSet(new LinkedHashSet<>(ids)));
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

  /**
   * Merged in ({@code SetOptions.merge()}) by a write that leaves deployment {@code deploymentId} open
   * ({@code open}) or closes it, in that write's own commit: a blind write of one field, no read.
   */
  public static Map<String, Object> openDeployment(String deploymentId, boolean open) {
    return keys(OPEN_DEPLOYMENTS, List.of(deploymentId), open);
  }

  /** {field: {key: true}} for each key, or {key: delete} when not {@code present}: a merge that touches only those keys. */
  private static Map<String, Object> keys(String field, Collection<String> keys, boolean present) {
    Map<String, Object> values = new LinkedHashMap<>();
    keys.forEach(key -> values.put(key, present ? Boolean.TRUE : FieldValue.delete()));
    return Map.of(field, values);
  }

  /**
   * The whole list, as a claim knows it inside its transaction, marked complete; written with
   * {@code SetOptions.mergeFields(}{@link #OPEN_DEPLOYMENTS_FIELDS}{@code )}, which replaces the map.
   */
  public static Map<String, Object> openDeployments(Collection<String> deploymentIds) {
    Map<String, Object> ids = new LinkedHashMap<>();
    deploymentIds.forEach(id -> ids.put(id, Boolean.TRUE));
    return Map.of(OPEN_DEPLOYMENTS, ids, OPEN_DEPLOYMENTS_TRACKED, Boolean.TRUE);
  }

  /** The fields {@link #openDeployments(Collection)} replaces. */
  public static final List<String> OPEN_DEPLOYMENTS_FIELDS = List.of(OPEN_DEPLOYMENTS, OPEN_DEPLOYMENTS_TRACKED);

  /**
   * Merged in ({@code SetOptions.merge()}) with the outbox entries {@code eventIds} as they are
   * written ({@code unsent}) or marked sent: a blind write of their keys, no read.
   */
  public static Map<String, Object> unsentEvents(Collection<String> eventIds, boolean unsent) {
    return keys(UNSENT_EVENTS, eventIds, unsent);
  }

  /** Merged in when {@link #UNSENT_EVENTS} is known to list every unsent entry. */
  public static Map<String, Object> unsentEventsTracked() {
    return Map.of(UNSENT_EVENTS_TRACKED, Boolean.TRUE);
  }

  /**
   * The ids of the client's unsent outbox entries as the document lists them; empty when it does not
   * keep the list yet. A document that does not exist lists none: its client has no outbox.
   */
  public static Optional<Set<String>> unsentEvents(DocumentSnapshot snapshot) {
    if (!snapshot.exists()) {
      return Optional.of(Set.of());
    }
    Map<String, Object> doc = map(snapshot.getData());
    return flag(doc.get(UNSENT_EVENTS_TRACKED))
        ? Optional.of(java.util.Collections.unmodifiableSet(new LinkedHashSet<>(map(doc.get(UNSENT_EVENTS)).keySet())))
        : Optional.empty();
  }

  /** The document as read; one that does not exist reads as a client with no state. */
  public static ClientDocument from(DocumentSnapshot snapshot) {
    return from(snapshot.getId(), snapshot.getData());
  }

  public static ClientDocument from(String clientId, Map<String, Object> data) {
    Map<String, Object> doc = map(data);
    Map<String, String> pins = new LinkedHashMap<>();
    map(doc.get(PINS)).forEach((service, release) -> pins.put(service, text(release)));
    Optional<Set<String>> open = flag(doc.get(OPEN_DEPLOYMENTS_TRACKED))
        ? Optional.of(map(doc.get(OPEN_DEPLOYMENTS)).keySet()) : Optional.empty();
    return new ClientDocument(clientId, text(doc.get(DISPLAY_NAME)), flag(doc.get(FROZEN)), text(doc.get(FREEZE_REASON)),
        text(doc.get(FROZEN_BY)), pins, text(doc.get(UPDATED_AT)), open);
  }
}
