package com.twosixty.relay.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.api.core.ApiFutures;
import com.google.api.core.SettableApiFuture;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Transaction;
import com.twosixty.relay.failure.TransientFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The turn-taking alone, with a Firestore whose transactions finish when the test says so. */
class ClientTransactionsTest {
  private final Firestore firestore = mock(Firestore.class);
  private final ClientTransactions transactions = new ClientTransactions(firestore, Duration.ofMillis(200));

  @Test
  void aTransactionWaitingTooLongForItsTurnIsARetryLaterAndOtherClientsDoNotWait() throws Exception {
    SettableApiFuture<Object> stuck = SettableApiFuture.create();
    CountDownLatch firstHoldsTurn = new CountDownLatch(1);
    when(firestore.runTransaction(any(Transaction.Function.class))).thenAnswer(call -> {
      firstHoldsTurn.countDown();
      return stuck;
    }).thenReturn(ApiFutures.immediateFuture("acme's"));
    CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> transactions.run("claiming essence/a", "essence", tx -> null));
    assertTrue(firstHoldsTurn.await(10, TimeUnit.SECONDS), "the first transaction started");

    assertEquals("acme's", transactions.run("claiming acme/b", "acme", tx -> null), "another client is not held up");
    TransientFailure waited = assertThrows(TransientFailure.class, () -> transactions.run("claiming essence/c", "essence", tx -> null));
    assertTrue(waited.getMessage().contains("waited 200 ms for this instance's other transactions on client essence"),
        waited.getMessage());

    stuck.set("essence's");
    assertEquals("essence's", first.get());
  }
}
