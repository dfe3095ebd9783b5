package com.twosixty.relay.report;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.Transaction;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.firestore.ClientDocument;
import com.twosixty.relay.firestore.ClientTransactions;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.FirestoreCalls;
import com.twosixty.relay.firestore.ReleaseDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.metrics.DeployOutcomes;
import com.twosixty.relay.metrics.FirestoreMetricsLedger;
import com.twosixty.relay.metrics.MetricsLedger;
import com.twosixty.relay.pubsub.FirestoreOutbox;
import com.twosixty.relay.pubsub.OutboxEntry;
import com.twosixty.relay.report.Transition.Advance;
import com.twosixty.relay.report.Transition.ServiceChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** {@link DeploymentLedger} on Firestore, in the layout the README documents. */
public final class FirestoreDeploymentLedger implements DeploymentLedger {

  private final Firestore firestore;
  private final ClientTransactions transactions;
  private final FirestoreOutbox outbox;
  private final MetricsLedger metrics;

  /** Counts each outcome into the DORA metrics ({@link FirestoreMetricsLedger}) in the outcome's transaction. */
  public FirestoreDeploymentLedger(Firestore firestore) {
    this(firestore, new FirestoreMetricsLedger(firestore));
  }

  public FirestoreDeploymentLedger(Firestore firestore, MetricsLedger metrics) {
    this.firestore = firestore;
    this.transactions = new ClientTransactions(firestore);
    this.outbox = new FirestoreOutbox(firestore);
    this.metrics = metrics;
  }

  @Override
  public Optional<Transition> apply(String client, DeployBuild build, Function<DeploymentSnapshot, Transition> decide) {
    DocumentReference clientDocument = firestore.collection(ClientDocument.COLLECTION).document(client);
    DocumentReference deploymentDocument = clientDocument.collection(ClientDocument.DEPLOYMENTS).document(build.deploymentId());
    return transactions.run("recording deployment " + client + "/" + build.deploymentId(), client, tx -> {
      DocumentSnapshot stored = tx.get(deploymentDocument).get();
      if (!stored.exists()) {
        return Optional.<Transition>empty();
      }
      DeploymentDocument deployment = DeploymentDocument.from(stored);
      Set<String> names = new LinkedHashSet<>(build.services());
      names.addAll(DeploymentProgress.services(deployment));
      Map<String, ServiceDocument> services = new LinkedHashMap<>();
      if (!names.isEmpty()) {
        DocumentReference[] references = names.stream()
            .map(name -> clientDocument.collection(ClientDocument.SERVICES).document(name))
            .toArray(DocumentReference[]::new);
        for (DocumentSnapshot service : tx.getAll(references).get()) {
          services.put(service.getId(), ServiceDocument.from(service));
        }
      }
      Map<String, ImageRef> releaseImages = Map.of();
      boolean imagesKnown = names.stream()
          .allMatch(name -> build.images().containsKey(name) || DeploymentProgress.planned(deployment, name).isPresent());
      if (!imagesKnown) {
        DocumentSnapshot release = tx.get(firestore.collection(ReleaseDocument.COLLECTION)
            .document(DeploymentProgress.releaseId(deployment, build))).get();
        releaseImages = release.exists() ? ReleaseDocument.from(release).images() : Map.of();
      }
      Transition transition = decide.apply(new DeploymentSnapshot(deployment, services, releaseImages));
      if (transition instanceof Advance advance) {
        countOutcomes(tx, client, deployment, build, services, advance);
        write(tx, deploymentDocument, clientDocument, advance);
        outbox.record(tx, client, DeployReports.recorded(client, build, advance, DeployReports.overtook(deployment)),
            Instant.now());
      }
      return Optional.of(transition);
    });
  }

  @Override
  public List<OutboxEntry> unsent(String client) {
    return outbox.unsent(client);
  }

  @Override
  public void markSent(String client, List<String> eventIds) {
    outbox.markSent(client, eventIds);
  }

  @Override
  public void markAutoRollbackPublished(String client, String deploymentId) {
    await("marking the auto rollback of " + client + "/" + deploymentId + " published",
        firestore.collection(ClientDocument.COLLECTION).document(client).collection(ClientDocument.DEPLOYMENTS)
            .document(deploymentId).update(DeploymentDocument.AUTO_ROLLBACK_PUBLISHED, true));
  }

  /** The metrics' reads and writes, after every other read of the transaction and before its writes. */
  private void countOutcomes(Transaction tx, String client, DeploymentDocument deployment, DeployBuild build,
      Map<String, ServiceDocument> services, Advance advance) throws Exception {
    if (!DeployOutcomes.ends(advance.event().status())) {
      return;
    }
    DeploymentKind kind = DeploymentProgress.kind(deployment, build);
    Optional<Instant> commitTime = Optional.empty();
    if (kind == DeploymentKind.RELEASE && advance.event().status() == DeploymentStatus.SUCCEEDED) {
      DocumentSnapshot release = tx.get(firestore.collection(ReleaseDocument.COLLECTION)
          .document(advance.event().releaseId())).get();
      commitTime = release.exists() ? ReleaseDocument.from(release).source().commitInstant() : Optional.empty();
    }
    metrics.record(tx, client, DeployOutcomes.of(advance.event(), kind, deployment, services, commitTime));
  }

  private static void write(Transaction tx, DocumentReference deploymentDocument, DocumentReference clientDocument,
      Advance advance) {
    Transition.DeploymentChange change = advance.deployment();
    tx.update(deploymentDocument, DeploymentDocument.progressed(change.status(), change.buildId(), change.logUrl(),
        change.reason(), change.updatedAt(), change.requestAutoRollback()));
    // The client's list of open deployments, which the claim reads instead of a query: a blind write of one field.
    tx.set(clientDocument, ClientDocument.openDeployment(deploymentDocument.getId(),
        DeploymentDocument.isOpen(change.status())), SetOptions.merge());
    for (ServiceChange service : advance.services()) {
      Map<String, Object> serviceFields = new LinkedHashMap<>();
      service.last().ifPresent(last -> serviceFields.put(ServiceDocument.LAST, last.toMap()));
      service.running().ifPresent(running -> serviceFields.put(ServiceDocument.RUNNING, running.toMap()));
      service.previous().ifPresent(previous -> serviceFields.put(ServiceDocument.PREVIOUS, previous.toMap()));
      // mergeFields replaces exactly these maps and leaves client-deployer's `target` alone.
      tx.set(clientDocument.collection(ClientDocument.SERVICES).document(service.service()), serviceFields,
          SetOptions.mergeFields(new ArrayList<>(serviceFields.keySet())));
    }
  }

  private static <T> T await(String what, com.google.api.core.ApiFuture<T> future) {
    return FirestoreCalls.await(what, future);
  }
}
