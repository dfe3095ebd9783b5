package com.twosixty.relay.firestore;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.DocumentReference;
import com.google.common.util.concurrent.MoreExecutors;
import com.twosixty.relay.failure.GrpcFailures;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Firestore call and sorts its failure into retry-later or not, for every adapter. */
public final class FirestoreCalls {
  static final long TIMEOUT_SECONDS = 30;

  private FirestoreCalls() {}

  public static <T> T await(String what, ApiFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure(what + " was interrupted", e);
    } catch (TimeoutException e) {
      throw new TransientFailure(what + " timed out after " + TIMEOUT_SECONDS + "s", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TransientFailure || e.getCause() instanceof PermanentFailure) {
        throw (RuntimeException) e.getCause(); // thrown by our own code inside a transaction
      }
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof ApiException api) {
          throw GrpcFailures.classify(what, api);
        }
      }
      // Firestore reports contention and lost connections without an ApiException: worth a retry.
      throw new TransientFailure(what + " failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Waits for a commit whose writes carry an update-time precondition.
   *
   * @return false when a precondition failed (a document changed since it was read): nothing was written
   */
  public static boolean commitUnlessChanged(String what, ApiFuture<?> commit) {
    try {
      await(what, commit);
      return true;
    } catch (PermanentFailure e) {
      if (e.getCause() instanceof ApiException api && api.getStatusCode().getCode() == StatusCode.Code.FAILED_PRECONDITION) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Creates the document unless it exists already: the first writer's version is the one kept. A
   * create aborted for contention (ABORTED: every client of a release creates its document at once,
   * and the emulator times them out on its lock) reads the document once: another writer's create
   * is as good as this one, and only when none has landed does the failure stand.
   */
  public static ApiFuture<Object> createUnlessExists(DocumentReference ref, Map<String, Object> doc) {
    ApiFuture<Object> created = ApiFutures.transform(ref.create(doc), result -> result, MoreExecutors.directExecutor());
    return ApiFutures.catchingAsync(created, Throwable.class, failure -> {
      if (hasCode(failure, StatusCode.Code.ALREADY_EXISTS)) {
        return ApiFutures.immediateFuture(null);
      }
      if (hasCode(failure, StatusCode.Code.ABORTED)) {
        return ApiFutures.transformAsync(ref.get(), snapshot -> snapshot.exists()
            ? ApiFutures.immediateFuture(null) : ApiFutures.immediateFailedFuture(failure), MoreExecutors.directExecutor());
      }
      return ApiFutures.immediateFailedFuture(failure);
    }, MoreExecutors.directExecutor());
  }

  private static boolean hasCode(Throwable failure, StatusCode.Code code) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApiException api && api.getStatusCode().getCode() == code) {
        return true;
      }
      if (cause instanceof io.grpc.StatusRuntimeException grpc && grpc.getStatus().getCode().name().equals(code.name())) {
        return true;
      }
    }
    return false;
  }
}
