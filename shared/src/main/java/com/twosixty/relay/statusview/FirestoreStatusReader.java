package com.twosixty.relay.statusview;

import com.twosixty.relay.firestore.FirestoreCalls;
import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.report.LastEvent;
import com.twosixty.relay.report.RunningRelease;
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
    return firestore.collection("clients");
  }

  @Override
  public List<ReleaseRecord> releases(int limit, Optional<ReleaseCursor> after) {
    Query query = firestore.collection("releases")
        .orderBy("sequence", Query.Direction.DESCENDING)
        .orderBy(FieldPath.documentId(), Query.Direction.DESCENDING);
    if (after.isPresent()) {
      query = query.startAfter(after.get().sequence(), after.get().releaseId());
    }
    return await("listing releases", query.limit(limit).get()).getDocuments().stream()
        .map(FirestoreStatusReader::release).toList();
  }

  @Override
  public Optional<ReleaseRecord> release(String releaseId) {
    DocumentSnapshot document = await("reading release " + releaseId, firestore.collection("releases").document(releaseId).get());
    return document.exists() ? Optional.of(release(document)) : Optional.empty();
  }

  @Override
  public List<DeploymentRecord> deploymentsOf(Collection<String> releaseIds) {
    List<String> ids = List.copyOf(releaseIds);
    List<DeploymentRecord> deployments = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IN_FILTER_LIMIT) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_FILTER_LIMIT));
      for (QueryDocumentSnapshot document : await("reading deployments of releases",
          firestore.collectionGroup("deployments").whereIn("releaseId", List.copyOf(chunk)).get()).getDocuments()) {
        // Only clients/{client}/deployments: another collection named deployments is not ours.
        DocumentReference parent = document.getReference().getParent().getParent();
        if (parent != null && parent.getParent().getId().equals("clients")) {
          deployments.add(deployment(parent.getId(), document));
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
    Map<String, String> pins = new LinkedHashMap<>();
    if (document.get("pins") instanceof Map<?, ?> map) {
      map.forEach((service, release) -> pins.put(String.valueOf(service), text(release)));
    }
    String displayName = text(document.get("displayName"));
    return Optional.of(new ClientRecord(clientId, displayName.isEmpty() ? clientId : displayName,
        Boolean.TRUE.equals(document.get("frozen")), text(document.get("freezeReason")), text(document.get("frozenBy")),
        pins, text(document.get("updatedAt"))));
  }

  @Override
  public List<ServiceStatus> services(String clientId) {
    List<ServiceStatus> services = new ArrayList<>();
    for (QueryDocumentSnapshot document : await("reading services of " + clientId,
        clients().document(clientId).collection("services").get()).getDocuments()) {
      services.add(new ServiceStatus(document.getId(), target(document.get("target")), running(document.get("running")),
          running(document.get("previous")), last(document.get("last"))));
    }
    return services;
  }

  @Override
  public List<DeploymentRecord> recentDeployments(String clientId, int limit) {
    return await("reading deployments of " + clientId, clients().document(clientId).collection("deployments")
        .orderBy("updatedAt", Query.Direction.DESCENDING).limit(limit).get())
        .getDocuments().stream().map(d -> deployment(clientId, d)).toList();
  }

  @Override
  public List<DeploymentRecord> awaitingApproval(String clientId) {
    return await("reading approvals of " + clientId, clients().document(clientId).collection("deployments")
        .whereEqualTo("status", DeploymentStatus.AWAITING_APPROVAL.name()).get())
        .getDocuments().stream().map(d -> deployment(clientId, d)).toList();
  }

  // ---- mapping ----

  private static ReleaseRecord release(DocumentSnapshot document) {
    Map<?, ?> source = document.get("source") instanceof Map<?, ?> map ? map : Map.of();
    List<Release.ServiceImage> services = new ArrayList<>();
    if (document.get("services") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> service) {
          services.add(new Release.ServiceImage(text(service.get("name")), text(service.get("image")),
              text(service.get("digest")), text(service.get("tag"))));
        }
      }
    }
    return new ReleaseRecord(document.getId(), number(document.get("sequence")), text(document.get("channel")),
        text(document.get("createdAt")), text(document.get("receivedAt")),
        new Release.Source(text(source.get("repo")), text(source.get("branch")), text(source.get("commit")),
            text(source.get("buildId"))),
        services);
  }

  private static DeploymentRecord deployment(String clientId, DocumentSnapshot document) {
    Map<String, DeploymentRecord.Decision> decisions = new LinkedHashMap<>();
    if (document.get("decisions") instanceof Map<?, ?> map) {
      map.forEach((service, decision) -> {
        if (decision instanceof Map<?, ?> d) {
          decisions.put(String.valueOf(service), new DeploymentRecord.Decision(text(d.get("action")), text(d.get("reason"))));
        }
      });
    }
    List<String> services = new ArrayList<>();
    if (document.get("services") instanceof List<?> list) {
      list.forEach(item -> services.add(text(item)));
    }
    return new DeploymentRecord(clientId, document.getId(), text(document.get("releaseId")),
        number(document.get("sequence")), text(document.get("kind")), text(document.get("status")),
        text(document.get("reason")), text(document.get("buildId")), text(document.get("logUrl")), services, decisions,
        text(document.get("createdAt")), text(document.get("updatedAt")));
  }

  private static ServiceStatus.Target target(Object value) {
    return value instanceof Map<?, ?> map
        ? new ServiceStatus.Target(text(map.get("releaseId")), number(map.get("sequence")), text(map.get("digest")),
            text(map.get("image")), text(map.get("deploymentId")), text(map.get("at")))
        : null;
  }

  private static RunningRelease running(Object value) {
    return value instanceof Map<?, ?> map
        ? new RunningRelease(text(map.get("releaseId")), number(map.get("sequence")), text(map.get("digest")),
            text(map.get("image")), text(map.get("since")))
        : null;
  }

  private static LastEvent last(Object value) {
    return value instanceof Map<?, ?> map
        ? new LastEvent(text(map.get("status")), text(map.get("releaseId")), text(map.get("reason")),
            text(map.get("buildId")), text(map.get("logUrl")), text(map.get("at")))
        : null;
  }

  private static String text(Object value) {
    return value instanceof String s ? s : "";
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }

  private static <T> T await(String what, com.google.api.core.ApiFuture<T> future) {
    return FirestoreCalls.await(what, future);
  }
}
