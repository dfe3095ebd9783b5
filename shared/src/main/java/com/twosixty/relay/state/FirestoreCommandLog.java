package com.twosixty.relay.state;

import com.google.cloud.firestore.Firestore;
import com.twosixty.relay.firestore.ClientDocument;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.FirestoreCalls;

/** {@link CommandLog} on Firestore: a create, so that the first record of a message id is the one kept. */
public final class FirestoreCommandLog implements CommandLog {
  private final Firestore db;

  public FirestoreCommandLog(Firestore db) {
    this.db = db;
  }

  @Override
  public void record(CommandDocument command) {
    FirestoreCalls.await("recording command " + command.client() + "/" + command.messageId(),
        FirestoreCalls.createUnlessExists(db.collection(ClientDocument.COLLECTION).document(command.client())
            .collection(CommandDocument.COLLECTION).document(command.messageId()), command.toMap()));
  }
}
