package com.twosixty.relay.metrics;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Transaction;
import com.twosixty.relay.firestore.FirestoreCalls;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@link MetricsLedger} on Firestore: reads the client's document and the outcomes' days, writes them back. */
public final class FirestoreMetricsLedger implements MetricsLedger {
  private final Firestore firestore;

  public FirestoreMetricsLedger(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public void record(Transaction tx, String client, List<DeployOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return;
    }
    DocumentReference clientDoc = firestore.collection(MetricsDocuments.COLLECTION).document(client);
    TreeSet<LocalDate> dates = new TreeSet<>();
    outcomes.forEach(outcome -> dates.add(MetricsBook.dayOf(outcome.at())));
    DocumentReference[] references = new DocumentReference[dates.size() + 1];
    references[0] = clientDoc;
    int i = 1;
    for (LocalDate date : dates) {
      references[i++] = clientDoc.collection(MetricsDocuments.DAYS).document(date.toString());
    }
    List<DocumentSnapshot> read = FirestoreCalls.await("reading the metrics of " + client, tx.getAll(references));
    Map<String, Object> clientFields = null;
    Map<LocalDate, MetricsDay> days = new LinkedHashMap<>();
    for (DocumentSnapshot snapshot : read) {
      if (snapshot.getReference().equals(clientDoc)) {
        clientFields = snapshot.exists() ? snapshot.getData() : null;
      } else {
        LocalDate date = LocalDate.parse(snapshot.getId());
        days.put(date, MetricsDocuments.day(date, snapshot.exists() ? snapshot.getData() : null));
      }
    }
    MetricsBook after = new MetricsBook(MetricsDocuments.failingSince(clientFields), days).record(outcomes);
    tx.set(clientDoc, MetricsDocuments.clientFields(client, after.failingSince()));
    for (LocalDate date : dates) {
      tx.set(clientDoc.collection(MetricsDocuments.DAYS).document(date.toString()),
          MetricsDocuments.dayFields(after.days().get(date)));
    }
  }
}
