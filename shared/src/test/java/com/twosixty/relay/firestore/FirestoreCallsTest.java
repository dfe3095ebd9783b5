package com.twosixty.relay.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.WriteResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** {@link FirestoreCalls#createUnlessExists} against the failures Firestore answers a create with (fault injection). */
class FirestoreCallsTest {
  private static final Map<String, Object> DOC = Map.of("releaseId", "2026.11.25-aaaaaaa");

  private final DocumentReference ref = mock(DocumentReference.class);

  private static ApiFuture<WriteResult> failing(Status.Code code) {
    return ApiFutures.immediateFailedFuture(ApiExceptionFactory.createException(
        new StatusRuntimeException(Status.fromCode(code)), GrpcStatusCode.of(code), false));
  }

  private void existsOnRead(boolean exists) {
    DocumentSnapshot snapshot = mock(DocumentSnapshot.class);
    when(snapshot.exists()).thenReturn(exists);
    when(ref.get()).thenReturn(ApiFutures.immediateFuture(snapshot));
  }

  @Test
  void aCreateThatFindsTheDocumentCreatedIsDone() throws Exception {
    when(ref.create(DOC)).thenReturn(failing(Status.Code.ALREADY_EXISTS));
    assertNull(FirestoreCalls.createUnlessExists(ref, DOC).get());
    verify(ref, never()).get();
  }

  @Test
  void aCreateAbortedForContentionIsDoneWhenAnotherWriterCreatedTheDocument() throws Exception {
    when(ref.create(DOC)).thenReturn(failing(Status.Code.ABORTED));
    existsOnRead(true);
    assertNull(FirestoreCalls.createUnlessExists(ref, DOC).get());
  }

  @Test
  void aCreateAbortedWithNoDocumentCreatedFailsAsATransientFailure() {
    when(ref.create(DOC)).thenReturn(failing(Status.Code.ABORTED));
    existsOnRead(false);
    ApiFuture<Object> create = FirestoreCalls.createUnlessExists(ref, DOC);
    assertThrows(ExecutionException.class, create::get);
    assertThrows(com.twosixty.relay.failure.TransientFailure.class, () -> FirestoreCalls.await("saving the release", create),
        "retried by Pub/Sub's redelivery");
  }

  @Test
  void anyOtherFailureStandsWithoutARead() {
    when(ref.create(DOC)).thenReturn(failing(Status.Code.PERMISSION_DENIED));
    ExecutionException failure = assertThrows(ExecutionException.class, () -> FirestoreCalls.createUnlessExists(ref, DOC).get());
    assertEquals(com.google.api.gax.rpc.PermissionDeniedException.class, failure.getCause().getClass());
    verify(ref, never()).get();
  }
}
