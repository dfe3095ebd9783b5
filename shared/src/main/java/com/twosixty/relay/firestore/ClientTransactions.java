package com.twosixty.relay.firestore;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Transaction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the transactions on one client's documents one at a time in this instance. Two of them read
 * and write the same service documents: side by side they only abort each other (the emulator after
 * a lock timeout of seconds, RELIABILITY.md), and Firestore would serialise them anyway. Instances
 * still contend with each other; Firestore's transaction retries and Pub/Sub redelivery settle that.
 */
public final class ClientTransactions {
  private final Firestore db;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public ClientTransactions(Firestore db) {
    this.db = db;
  }

  public <T> T run(String what, String client, Transaction.Function<T> body) {
    ReentrantLock lock = locks.computeIfAbsent(client, c -> new ReentrantLock());
    lock.lock();
    try {
      return FirestoreCalls.await(what, db.runTransaction(body));
    } finally {
      lock.unlock();
    }
  }
}
