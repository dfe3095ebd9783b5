package com.twosixty.relay.push;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Transaction;
import com.twosixty.relay.failure.GrpcFailures;
import com.twosixty.relay.failure.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * {@link DeliveryLog} in Firestore: one document per key in {@code webhookDeliveries}, with the
 * fields of the README's Firestore layout ({@code key}, {@code provider}, {@code branch},
 * {@code commit}, {@code buildId}, {@code services}, {@code at}). A claim is a document whose
 * {@code buildId} is still "".
 */
public final class FirestoreDeliveryLog implements DeliveryLog {
  public static final String COLLECTION = "webhookDeliveries";
  /**
   * A claim without a build this old belongs to an instance that died between claiming and
   * starting the build (a Cloud Function times out long before): a new delivery may take it over.
   */
  public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(10);

  private final Supplier<Firestore> firestore;
  private final Clock clock;
  private final Duration claimLease;

  public FirestoreDeliveryLog(Supplier<Firestore> firestore, Clock clock, Duration claimLease) {
    this.firestore = firestore;
    this.clock = clock;
    this.claimLease = claimLease;
  }

  public FirestoreDeliveryLog(Supplier<Firestore> firestore) {
    this(firestore, Clock.systemUTC(), DEFAULT_CLAIM_LEASE);
  }

  @Override
  public Claim claim(Delivery delivery) {
    Firestore db = firestore.get();
    List<DocumentReference> refs = references(db, delivery);
    return await("claiming delivery " + delivery.keys(), db.runTransaction(transaction -> {
      Instant now = clock.instant();
      for (DocumentSnapshot snapshot : transaction.getAll(refs.toArray(DocumentReference[]::new)).get()) {
        if (snapshot.exists() && !isAbandonedClaim(snapshot, now)) {
          return new AlreadySeen(snapshot.getId(), stringField(snapshot, "buildId"));
        }
      }
      for (DocumentReference ref : refs) {
        transaction.set(ref, fields(ref.getId(), delivery, "", List.of(), now));
      }
      return new Claimed();
    }));
  }

  @Override
  public void recordBuild(Delivery delivery, String buildId, List<String> services) {
    Firestore db = firestore.get();
    var batch = db.batch();
    Instant now = clock.instant();
    for (DocumentReference ref : references(db, delivery)) {
      batch.set(ref, fields(ref.getId(), delivery, buildId, services, now));
    }
    await("recording build " + buildId + " for delivery " + delivery.keys(), batch.commit());
  }

  @Override
  public void release(Delivery delivery) {
    Firestore db = firestore.get();
    List<DocumentReference> refs = references(db, delivery);
    await("releasing delivery " + delivery.keys(), db.runTransaction(transaction -> {
      List<DocumentSnapshot> snapshots = transaction.getAll(refs.toArray(DocumentReference[]::new)).get();
      for (DocumentSnapshot snapshot : snapshots) {
        // Only a claim goes: a record of a build that did start stays, whoever asks.
        if (snapshot.exists() && stringField(snapshot, "buildId").isEmpty()) {
          transaction.delete(snapshot.getReference());
        }
      }
      return null;
    }));
  }

  private boolean isAbandonedClaim(DocumentSnapshot snapshot, Instant now) {
    if (!stringField(snapshot, "buildId").isEmpty()) {
      return false;
    }
    try {
      return Instant.parse(stringField(snapshot, "at")).plus(claimLease).isBefore(now);
    } catch (DateTimeParseException unreadable) {
      return true;
    }
  }

  private static List<DocumentReference> references(Firestore db, Delivery delivery) {
    return delivery.keys().stream().map(key -> db.collection(COLLECTION).document(key)).toList();
  }

  private static Map<String, Object> fields(String key, Delivery delivery, String buildId, List<String> services,
      Instant at) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("key", key);
    fields.put("provider", delivery.provider().wireName());
    fields.put("branch", delivery.branch());
    fields.put("commit", delivery.commit());
    fields.put("buildId", buildId);
    fields.put("services", List.copyOf(services));
    fields.put("at", at.toString());
    return fields;
  }

  private static String stringField(DocumentSnapshot snapshot, String field) {
    Object value = snapshot.get(field);
    return value instanceof String text ? text : "";
  }

  private static <T> T await(String what, com.google.api.core.ApiFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiException api) {
        throw GrpcFailures.classify(what, api);
      }
      throw new TransientFailure(what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure(what + " was interrupted", e);
    }
  }
}
