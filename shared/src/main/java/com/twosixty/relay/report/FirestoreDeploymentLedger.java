package com.twosixty.relay.report;

import com.twosixty.relay.firestore.ClientTransactions;
import com.twosixty.relay.firestore.FirestoreCalls;
import com.twosixty.relay.contract.DeploymentKind;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.Transaction;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImageRef;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.report.Transition.Advance;
import com.twosixty.relay.report.Transition.ServiceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** {@link DeploymentLedger} on Firestore, in the layout the README documents. */
public final class FirestoreDeploymentLedger implements DeploymentLedger {

  private final Firestore firestore;
  private final ClientTransactions transactions;

  public FirestoreDeploymentLedger(Firestore firestore) {
    this.firestore = firestore;
    this.transactions = new ClientTransactions(firestore);
  }

  @Override
  public Optional<Transition> apply(String client, DeployBuild build, Function<DeploymentSnapshot, Transition> decide) {
    DocumentReference clientDocument = firestore.collection("clients").document(client);
    DocumentReference deploymentDocument = clientDocument.collection("deployments").document(build.deploymentId());
    return transactions.run("recording deployment " + client + "/" + build.deploymentId(), client, tx -> {
      DocumentSnapshot stored = tx.get(deploymentDocument).get();
      if (!stored.exists()) {
        return Optional.<Transition>empty();
      }
      StoredDeployment deployment = deployment(stored, build);
      Set<String> names = new LinkedHashSet<>(build.services());
      names.addAll(deployment.services());
      Map<String, StoredService> services = new LinkedHashMap<>();
      if (!names.isEmpty()) {
        DocumentReference[] references = names.stream()
            .map(name -> clientDocument.collection("services").document(name))
            .toArray(DocumentReference[]::new);
        for (DocumentSnapshot service : tx.getAll(references).get()) {
          services.put(service.getId(), service(service));
        }
      }
      Map<String, ImageRef> releaseImages = Map.of();
      boolean imagesKnown = names.stream()
          .allMatch(name -> build.images().containsKey(name) || deployment.images().containsKey(name));
      if (!imagesKnown) {
        releaseImages = releaseImages(tx.get(firestore.collection("releases").document(deployment.releaseId())).get());
      }
      Transition transition = decide.apply(new DeploymentSnapshot(deployment, services, releaseImages));
      if (transition instanceof Advance advance) {
        write(tx, deploymentDocument, clientDocument, advance);
      }
      return Optional.of(transition);
    });
  }

  @Override
  public void markAutoRollbackPublished(String client, String deploymentId) {
    await("marking the auto rollback of " + client + "/" + deploymentId + " published",
        firestore.collection("clients").document(client).collection("deployments").document(deploymentId)
            .update("autoRollback.published", true));
  }

  private static void write(Transaction tx, DocumentReference deploymentDocument, DocumentReference clientDocument,
      Advance advance) {
    Transition.DeploymentChange change = advance.deployment();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("status", change.status().name());
    fields.put("buildId", change.buildId());
    fields.put("logUrl", change.logUrl());
    fields.put("reason", change.reason());
    fields.put("updatedAt", change.updatedAt());
    if (change.requestAutoRollback()) {
      fields.put("autoRollback", Map.of("requested", true, "published", false));
    }
    tx.update(deploymentDocument, fields);
    for (ServiceChange service : advance.services()) {
      Map<String, Object> serviceFields = new LinkedHashMap<>();
      service.last().ifPresent(last -> serviceFields.put("last", lastFields(last)));
      service.running().ifPresent(running -> serviceFields.put("running", runningFields(running)));
      service.previous().ifPresent(previous -> serviceFields.put("previous", runningFields(previous)));
      // mergeFields replaces exactly these maps and leaves client-deployer's `target` alone.
      tx.set(clientDocument.collection("services").document(service.service()), serviceFields,
          SetOptions.mergeFields(new ArrayList<>(serviceFields.keySet())));
    }
  }

  private static Map<String, Object> lastFields(LastEvent last) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("status", last.status());
    fields.put("releaseId", last.releaseId());
    fields.put("reason", last.reason());
    fields.put("buildId", last.buildId());
    fields.put("logUrl", last.logUrl());
    fields.put("at", last.at());
    return fields;
  }

  private static Map<String, Object> runningFields(RunningRelease running) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("releaseId", running.releaseId());
    fields.put("sequence", running.sequence());
    fields.put("digest", running.digest());
    fields.put("image", running.image());
    fields.put("since", running.since());
    return fields;
  }

  private static StoredDeployment deployment(DocumentSnapshot document, DeployBuild build) {
    String releaseId = text(document.get("releaseId"));
    String kind = text(document.get("kind"));
    Map<?, ?> autoRollback = document.get("autoRollback") instanceof Map<?, ?> map ? map : Map.of();
    return new StoredDeployment(
        document.getId(),
        releaseId.isEmpty() ? build.releaseId() : releaseId,
        number(document.get("sequence")),
        DeploymentKind.fromWire(kind).orElse(build.kind()),
        status(text(document.get("status"))),
        text(document.get("reason")),
        names(document.get("services")),
        images(document.get("images")),
        Boolean.TRUE.equals(autoRollback.get("requested")),
        Boolean.TRUE.equals(autoRollback.get("published")));
  }

  private static StoredService service(DocumentSnapshot document) {
    Optional<RunningRelease> running = document.get("running") instanceof Map<?, ?> map
        ? Optional.of(new RunningRelease(text(map.get("releaseId")), number(map.get("sequence")),
            text(map.get("digest")), text(map.get("image")), text(map.get("since"))))
        : Optional.empty();
    String target = document.get("target") instanceof Map<?, ?> map ? text(map.get("deploymentId")) : "";
    return new StoredService(document.getId(), running, target);
  }

  /** client-deployer's {@code images} {service: {releaseId, sequence, image, digest}}. */
  private static Map<String, StoredDeployment.ServiceImage> images(Object value) {
    Map<String, StoredDeployment.ServiceImage> images = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> byService) {
      byService.forEach((service, image) -> {
        if (image instanceof Map<?, ?> map && !text(map.get("releaseId")).isEmpty()) {
          images.put(String.valueOf(service), new StoredDeployment.ServiceImage(text(map.get("releaseId")),
              number(map.get("sequence")), text(map.get("image")), text(map.get("digest"))));
        }
      });
    }
    return images;
  }

  private static Map<String, ImageRef> releaseImages(DocumentSnapshot release) {
    Map<String, ImageRef> images = new LinkedHashMap<>();
    if (release.exists() && release.get("services") instanceof List<?> services) {
      for (Object service : services) {
        if (service instanceof Map<?, ?> map) {
          images.put(text(map.get("name")), new ImageRef(text(map.get("image")), text(map.get("digest"))));
        }
      }
    }
    return images;
  }

  private static DeploymentStatus status(String name) {
    return DeploymentStatus.fromStored(name).orElse(null);
  }

  private static String text(Object value) {
    return value instanceof String s ? s : "";
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }

  private static List<String> names(Object value) {
    List<String> names = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof String s && !s.isEmpty()) {
          names.add(s);
        }
      }
    }
    return names;
  }

  private static <T> T await(String what, com.google.api.core.ApiFuture<T> future) {
    return FirestoreCalls.await(what, future);
  }
}
