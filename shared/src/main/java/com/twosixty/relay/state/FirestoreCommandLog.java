package com.twosixty.relay.state;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.Firestore;
import com.google.common.util.concurrent.MoreExecutors;
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
    ApiFuture<Object> created = ApiFutures.transform(db.collection(ClientDocument.COLLECTION).document(command.client())
        .collection(CommandDocument.COLLECTION).document(command.messageId()).create(command.toMap()),
        result -> result, MoreExecutors.directExecutor());
    FirestoreCalls.await("recording command " + command.client() + "/" + command.messageId(),
        ApiFutures.catchingAsync(created, Throwable.class, failure -> alreadyExists(failure)
            ? ApiFutures.immediateFuture(null) : ApiFutures.immediateFailedFuture(failure), MoreExecutors.directExecutor()));
  }

  private static boolean alreadyExists(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApiException api && api.getStatusCode().getCode() == StatusCode.Code.ALREADY_EXISTS) {
        return true;
      }
      if (cause instanceof io.grpc.StatusRuntimeException grpc && grpc.getStatus().getCode() == io.grpc.Status.Code.ALREADY_EXISTS) {
        return true;
      }
    }
    return false;
  }
}
