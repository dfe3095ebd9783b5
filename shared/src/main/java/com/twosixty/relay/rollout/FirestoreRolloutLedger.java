package com.twosixty.relay.rollout;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.twosixty.relay.firestore.ClientDocument;
import com.twosixty.relay.firestore.ClientTransactions;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.FirestoreCalls;
import com.twosixty.relay.firestore.ReleaseDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@link RolloutLedger} on Firestore. The clients' deployments of a release are one collection group
 * query on {@code deployments.releaseId} (the index release-status already needs); only the
 * deployment whose id is the release id (not a rollback or redeploy naming it) is the client's.
 */
public final class FirestoreRolloutLedger implements RolloutLedger {
  private final Firestore db;
  /** One transaction per rollout at a time in this instance: copies of one event, delivered together, would only abort each other. */
  private final ClientTransactions transactions;

  public FirestoreRolloutLedger(Firestore db) {
    this.db = db;
    this.transactions = new ClientTransactions(db);
  }

  private DocumentReference ref(String releaseId) {
    return db.collection(RolloutDocument.COLLECTION).document(releaseId);
  }

  @Override
  public Optional<ReleaseDocument> release(String releaseId) {
    DocumentSnapshot snapshot = FirestoreCalls.await("reading release " + releaseId,
        db.collection(ReleaseDocument.COLLECTION).document(releaseId).get());
    return snapshot.exists() ? Optional.of(ReleaseDocument.from(snapshot)) : Optional.empty();
  }

  @Override
  public Map<String, DeploymentDocument> deployments(String releaseId) {
    Map<String, DeploymentDocument> byClient = new LinkedHashMap<>();
    for (QueryDocumentSnapshot snapshot : FirestoreCalls.await("reading the deployments of " + releaseId,
        db.collectionGroup(ClientDocument.DEPLOYMENTS).whereEqualTo(DeploymentDocument.RELEASE_ID, releaseId).get())) {
      DocumentReference client = snapshot.getReference().getParent().getParent();
      if (client != null && snapshot.getId().equals(releaseId)) {
        byClient.put(client.getId(), DeploymentDocument.ofClient(client.getId(), snapshot));
      }
    }
    return byClient;
  }

  @Override
  public RolloutDocument rollout(String releaseId) {
    return RolloutDocument.from(FirestoreCalls.await("reading rollout " + releaseId, ref(releaseId).get()));
  }

  @Override
  public RolloutDocument update(String releaseId, UnaryOperator<RolloutDocument> change) {
    DocumentReference ref = ref(releaseId);
    return transactions.run("updating rollout " + releaseId, RolloutDocument.COLLECTION + "/" + releaseId, tx -> {
      RolloutDocument before = RolloutDocument.from(tx.get(ref).get());
      RolloutDocument after = change.apply(before);
      if (!after.equals(before)) {
        tx.set(ref, after.toMap());
      }
      return after;
    });
  }

  @Override
  public RolloutCommandDocument command(String releaseId, String messageId, Function<RolloutDocument, Handled> handle) {
    DocumentReference ref = ref(releaseId);
    DocumentReference record = ref.collection(RolloutCommandDocument.COLLECTION).document(messageId);
    return transactions.run("recording rollout command " + releaseId + "/" + messageId, RolloutDocument.COLLECTION + "/" + releaseId,
        tx -> {
          DocumentSnapshot recorded = tx.get(record).get();
          DocumentSnapshot current = tx.get(ref).get();
          if (recorded.exists()) {
            return RolloutCommandDocument.from(recorded);
          }
          RolloutDocument before = RolloutDocument.from(current);
          Handled handled = handle.apply(before);
          if (!handled.after().equals(before)) {
            tx.set(ref, handled.after().toMap());
          }
          tx.create(record, handled.record().toMap());
          return handled.record();
        });
  }

  @Override
  public List<String> active() {
    List<String> ids = new ArrayList<>();
    for (QueryDocumentSnapshot snapshot : FirestoreCalls.await("reading active rollouts",
        db.collection(RolloutDocument.COLLECTION).whereEqualTo(RolloutDocument.ACTIVE, true).get())) {
      ids.add(snapshot.getId());
    }
    return ids;
  }
}
