package com.twosixty.relay.metrics;

import com.google.cloud.firestore.Transaction;
import java.util.List;

/**
 * Port: counts deploy outcomes into the metrics' day buckets inside deploy-reporter's transaction,
 * so that the outcome and its counting commit together and a redelivery counts nothing twice.
 */
public interface MetricsLedger {
  MetricsLedger NONE = (tx, client, outcomes) -> {};

  /** Reads what it needs, then writes: call it after the transaction's other reads and before its writes. */
  void record(Transaction tx, String client, List<DeployOutcome> outcomes);
}
