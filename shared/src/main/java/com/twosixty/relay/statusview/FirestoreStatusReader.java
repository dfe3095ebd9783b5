package com.twosixty.relay.statusview;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.firestore.ClientDocument;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.FirestoreCalls;
import com.twosixty.relay.firestore.ReleaseDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link StatusReader} on Firestore. Fields that are missing or of another type read as empty, so a
 * half-written or older document still shows.
 */
public final class FirestoreStatusReader implements StatusReader {
  /** Firestore's limit for the values of one {@code in} filter. */
  private static final int IN_FILTER_LIMIT = 30;

  private final Firestore firestore;

  public FirestoreStatusReader(Firestore firestore) {
    this.firestore = firestore;
  }

  private CollectionReference clients() {
    return firestore.collection(ClientDocument.COLLECTION);
  }

  @Override
  public List<ReleaseRecord> releases(int limit, Optional<ReleaseCursor> after) {
    Query query = firestore.collection(ReleaseDocument.COLLECTION)
        .orderBy(ReleaseDocument.SEQUENCE, Query.Direction.DESCENDING)
        .orderBy(FieldPath.documentId(), Query.Direction.DESCENDING);
    if (after.isPresent()) {
      query = query.startAfter(after.get().sequence(), after.get().releaseId());
    }
    return await("listing releases", query.limit(limit).get()).getDocuments().stream()
        .map(FirestoreStatusReader::release).toList();
  }

  @Override
  public Optional<ReleaseRecord> release(String releaseId) {
    DocumentSnapshot document = await("reading release " + releaseId, firestore.collection(ReleaseDocument.COLLECTION).document(releaseId).get());
    return document.exists() ? Optional.of(release(document)) : Optional.empty();
  }

  @Override
  public List<DeploymentDocument> deploymentsOf(Collection<String> releaseIds) {
    List<String> ids = List.copyOf(releaseIds);
    List<DeploymentDocument> deployments = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IN_FILTER_LIMIT) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_FILTER_LIMIT));
      for (QueryDocumentSnapshot document : await("reading deployments of releases",
          firestore.collectionGroup(ClientDocument.DEPLOYMENTS).whereIn(DeploymentDocument.RELEASE_ID, List.copyOf(chunk)).get())
          .getDocuments()) {
        // Only clients/{client}/deployments: another collection named deployments is not ours.
        DocumentReference parent = document.getReference().getParent().getParent();
        if (parent != null && parent.getParent().getId().equals(ClientDocument.COLLECTION)) {
          deployments.add(DeploymentDocument.ofClient(parent.getId(), document));
        }
      }
    }
    return deployments;
  }

  @Override
  public List<String> clientIds() {
    List<String> ids = new ArrayList<>();
    // listDocuments also returns clients that have deployments or services but no document yet.
    for (DocumentReference client : clients().listDocuments()) {
      ids.add(client.getId());
    }
    ids.sort(null);
    return ids;
  }

  @Override
  public Optional<ClientRecord> client(String clientId) {
    DocumentReference reference = clients().document(clientId);
    DocumentSnapshot document = await("reading client " + clientId, reference.get());
    if (!document.exists()) {
      return reference.listCollections().iterator().hasNext() ? Optional.of(ClientRecord.bare(clientId)) : Optional.empty();
    }
    ClientDocument client = ClientDocument.from(document);
    return Optional.of(new ClientRecord(clientId, client.displayName().isEmpty() ? clientId : client.displayName(),
        client.frozen(), client.freezeReason(), client.frozenBy(), client.pins(), client.updatedAt()));
  }

  @Override
  public List<ServiceDocument> services(String clientId) {
    List<ServiceDocument> services = new ArrayList<>();
    for (QueryDocumentSnapshot document : await("reading services of " + clientId,
        clients().document(clientId).collection(ClientDocument.SERVICES).get()).getDocuments()) {
      services.add(ServiceDocument.from(document));
    }
    return services;
  }

  @Override
  public List<ServiceDocument> services(String clientId, Collection<String> services) {
    // A name Firestore cannot take as a document id (a release may name anything) has no document.
    List<String> ids = services.stream().filter(FirestoreStatusReader::isDocumentId).toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    CollectionReference collection = clients().document(clientId).collection(ClientDocument.SERVICES);
    List<ServiceDocument> found = new ArrayList<>();
    for (DocumentSnapshot document : await("reading services of " + clientId,
        firestore.getAll(ids.stream().map(collection::document).toArray(DocumentReference[]::new)))) {
      if (document.exists()) {
        found.add(ServiceDocument.from(document));
      }
    }
    return found;
  }

  @Override
  public List<DeploymentDocument> deployments(String clientId, Collection<String> deploymentIds) {
    if (deploymentIds.isEmpty()) {
      return List.of();
    }
    List<String> ids = deploymentIds.stream().filter(FirestoreStatusReader::isDocumentId).toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    CollectionReference deployments = clients().document(clientId).collection(ClientDocument.DEPLOYMENTS);
    DocumentReference[] references = ids.stream().map(deployments::document).toArray(DocumentReference[]::new);
    List<DeploymentDocument> found = new ArrayList<>();
    for (DocumentSnapshot document : await("reading deployments of " + clientId, firestore.getAll(references))) {
      if (document.exists()) {
        found.add(DeploymentDocument.ofClient(clientId, document));
      }
    }
    return found;
  }

  @Override
  public List<DeploymentDocument> recentDeployments(String clientId, int limit) {
    return await("reading deployments of " + clientId, clients().document(clientId).collection(ClientDocument.DEPLOYMENTS)
        .orderBy(DeploymentDocument.UPDATED_AT, Query.Direction.DESCENDING).limit(limit).get())
        .getDocuments().stream().map(d -> DeploymentDocument.ofClient(clientId, d)).toList();
  }

  @Override
  public List<DeploymentDocument> awaitingApproval(String clientId) {
    return await("reading approvals of " + clientId, clients().document(clientId).collection(ClientDocument.DEPLOYMENTS)
        .whereEqualTo(DeploymentDocument.STATUS, DeploymentStatus.AWAITING_APPROVAL.name()).get())
        .getDocuments().stream().map(d -> DeploymentDocument.ofClient(clientId, d)).toList();
  }

  @Override
  public List<CommandDocument> commands(String clientId, int limit) {
    return await("reading commands of " + clientId, clients().document(clientId).collection(CommandDocument.COLLECTION)
        .orderBy(CommandDocument.RECEIVED_AT, Query.Direction.DESCENDING).limit(limit).get())
        .getDocuments().stream().map(CommandDocument::from).toList();
  }

  @Override
  public Optional<CommandDocument> command(String clientId, String messageId) {
    DocumentSnapshot document = await("reading command " + messageId + " of " + clientId,
        clients().document(clientId).collection(CommandDocument.COLLECTION).document(messageId).get());
    return document.exists() ? Optional.of(CommandDocument.from(document)) : Optional.empty();
  }

  @Override
  public Map<String, RolloutDocument> rollouts(Collection<String> releaseIds) {
    List<String> ids = releaseIds.stream().filter(FirestoreStatusReader::isDocumentId).distinct().toList();
    Map<String, RolloutDocument> found = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    CollectionReference rollouts = firestore.collection(RolloutDocument.COLLECTION);
    for (DocumentSnapshot document : await("reading rollouts",
        firestore.getAll(ids.stream().map(rollouts::document).toArray(DocumentReference[]::new)))) {
      if (document.exists()) {
        found.put(document.getId(), RolloutDocument.from(document));
      }
    }
    return found;
  }

  @Override
  public List<RolloutCommandDocument> rolloutCommands(String releaseId, int limit) {
    return await("reading rollout commands of " + releaseId, firestore.collection(RolloutDocument.COLLECTION).document(releaseId)
        .collection(RolloutCommandDocument.COLLECTION).orderBy(RolloutCommandDocument.AT, Query.Direction.DESCENDING).limit(limit).get())
        .getDocuments().stream().map(RolloutCommandDocument::from).toList();
  }

  /** Firestore's rules for a document id: not empty, no '/', not '.' or '..', not __reserved__, at most 1500 bytes. */
  private static boolean isDocumentId(String id) {
    return !id.isEmpty() && !id.contains("/") && !id.equals(".") && !id.equals("..")
        && !(id.startsWith("__") && id.endsWith("__")) && id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 1500;
  }

  // ---- mapping ----

  private static ReleaseRecord release(DocumentSnapshot document) {
    ReleaseDocument release = ReleaseDocument.from(document);
    return new ReleaseRecord(release.releaseId(), release.sequence(), release.channel(), release.createdAt(),
        release.receivedAt(), release.source(), release.services());
  }

  private static <T> T await(String what, com.google.api.core.ApiFuture<T> future) {
    return FirestoreCalls.await(what, future);
  }
}
