package com.twosixty.relay.metrics;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.twosixty.relay.firestore.FirestoreCalls;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link MetricsReader} on Firestore: one read of the clients' metrics documents, then each client's window of days by id. */
public final class FirestoreMetricsReader implements MetricsReader {
  private final Firestore firestore;

  public FirestoreMetricsReader(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public MetricsReport read(MetricsWindow window) {
    Map<String, List<MetricsDay>> byClient = new LinkedHashMap<>();
    List<QueryDocumentSnapshot> clients = FirestoreCalls.await("listing the clients' metrics",
        firestore.collection(MetricsDocuments.COLLECTION).get()).getDocuments();
    List<LocalDate> dates = window.dates();
    for (QueryDocumentSnapshot client : clients) {
      DocumentReference[] references = dates.stream()
          .map(date -> client.getReference().collection(MetricsDocuments.DAYS).document(date.toString()))
          .toArray(DocumentReference[]::new);
      List<MetricsDay> days = new ArrayList<>();
      for (DocumentSnapshot day : FirestoreCalls.await("reading the metrics of " + client.getId(),
          firestore.getAll(references))) {
        if (day.exists()) {
          LocalDate date = LocalDate.parse(day.getId());
          days.add(MetricsDocuments.day(date, day.getData()));
        }
      }
      byClient.put(client.getId(), days);
    }
    return DoraMetrics.compute(window, byClient);
  }
}
