package com.twosixty.relay.firestore;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Transaction;
import com.twosixty.relay.failure.TransientFailure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the transactions on one client's documents one at a time in this instance. Two of them read
 * and write the same service documents: side by side they only abort each other (the emulator after
 * a lock timeout of seconds, RELIABILITY.md), and Firestore would serialise them anyway. Instances
 * still contend with each other; Firestore's transaction retries and Pub/Sub redelivery settle that.
 */
public final class ClientTransactions {
  private final Firestore db;
  private final Duration turnWait;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public ClientTransactions(Firestore db) {
    this(db, Duration.ofSeconds(FirestoreCalls.TIMEOUT_SECONDS));
  }

  ClientTransactions(Firestore db, Duration turnWait) {
    this.db = db;
    this.turnWait = turnWait;
  }

  /** Waits for this client's turn as long as one call may take; longer is a retry later, like a timeout. */
  public <T> T run(String what, String client, Transaction.Function<T> body) {
    ReentrantLock lock = locks.computeIfAbsent(client, c -> new ReentrantLock());
    try {
      if (!lock.tryLock(turnWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TransientFailure(what + " waited " + turnWait.toMillis()
            + " ms for this instance's other transactions on client " + client);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure(what + " was interrupted", e);
    }
    try {
      return FirestoreCalls.await(what, db.runTransaction(body));
    } finally {
      lock.unlock();
    }
  }
}
