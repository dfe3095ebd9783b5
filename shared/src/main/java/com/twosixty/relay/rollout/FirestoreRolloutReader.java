package com.twosixty.relay.rollout;

import com.google.cloud.firestore.Firestore;
import com.twosixty.relay.firestore.FirestoreCalls;
import com.twosixty.relay.firestore.RolloutDocument;

/** {@link RolloutReader} on Firestore: one document read by id. */
public final class FirestoreRolloutReader implements RolloutReader {
  private final Firestore db;

  public FirestoreRolloutReader(Firestore db) {
    this.db = db;
  }

  @Override
  public RolloutDocument rollout(String releaseId) {
    return RolloutDocument.from(FirestoreCalls.await("reading rollout " + releaseId,
        db.collection(RolloutDocument.COLLECTION).document(releaseId).get()));
  }
}
