package com.twosixty.relay.firestore;

import static com.twosixty.relay.firestore.StoredValues.flag;
import static com.twosixty.relay.firestore.StoredValues.map;
import static com.twosixty.relay.firestore.StoredValues.number;
import static com.twosixty.relay.firestore.StoredValues.text;
import static com.twosixty.relay.firestore.StoredValues.texts;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code clients/{client}/deployments/{deploymentId}}: what one client made of a release or command,
 * and how far it got. client-deployer creates it (claim, decisions), deploy-reporter moves it on
 * (progress), release-status reads it. The one owner of its field names, of every write (the static
 * builders) and of how every reader reads it ({@link #from}). Missing or mistyped fields read as
 * empty; {@code kind}, {@code status} and each decision's {@code action} are kept as stored, so
 * each reader decides what it makes of a value it does not know.
 *
 * @param decisions each service's decision, in stored order (only entries that are maps)
 * @param decisionOrder the services in the release's order
 * @param images what each deployed service moves to (only entries that are maps)
 * @param leaseUntil when the claimant's lease ends, epoch milliseconds; 0 when there is none
 */
public record DeploymentDocument(
    String deploymentId,
    String client,
    String releaseId,
    long sequence,
    String kind,
    String status,
    Map<String, Decision> decisions,
    List<String> decisionOrder,
    List<String> services,
    Map<String, ServiceVersion> images,
    String buildId,
    String logUrl,
    String reason,
    String createdAt,
    String updatedAt,
    long leaseUntil,
    boolean autoRollbackRequested,
    boolean autoRollbackPublished) {

  public static final String DEPLOYMENT_ID = "deploymentId";
  public static final String CLIENT = "client";
  public static final String RELEASE_ID = "releaseId";
  public static final String SEQUENCE = "sequence";
  public static final String KIND = "kind";
  public static final String STATUS = "status";
  public static final String DECISIONS = "decisions";
  public static final String DECISION_ORDER = "decisionOrder";
  public static final String SERVICES = "services";
  public static final String IMAGES = "images";
  public static final String BUILD_ID = "buildId";
  public static final String LOG_URL = "logUrl";
  public static final String REASON = "reason";
  public static final String CREATED_AT = "createdAt";
  public static final String UPDATED_AT = "updatedAt";
  /** {@code {owner, until}} while a claimant starts the build; {@code until} in epoch milliseconds. */
  public static final String LEASE = "lease";
  /** {@code {requested, published}}. */
  public static final String AUTO_ROLLBACK = "autoRollback";
  /** The field path deploy-reporter sets once it published the rollback it requested. */
  public static final String AUTO_ROLLBACK_PUBLISHED = AUTO_ROLLBACK + ".published";

  public DeploymentDocument {
    decisions = Collections.unmodifiableMap(new LinkedHashMap<>(decisions));
    decisionOrder = List.copyOf(decisionOrder);
    services = List.copyOf(services);
    images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
  }

  /** One service's decision as stored: an action client-deployer's version may not know is kept as read. */
  public record Decision(String action, String reason) {}

  // ---- writes ----

  /**
   * The document a claim writes (created, or merged over an earlier claim without {@link #CREATED_AT}):
   * everything but the lease, which only a claim that deploys something takes.
   */
  public static Map<String, Object> planned(String client, String deploymentId, String releaseId, long sequence,
      DeploymentKind kind, DeploymentStatus status, List<ServiceDecision> decisions, List<String> services,
      Map<String, ServiceVersion> images, String buildId, String reason, Instant now) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(DEPLOYMENT_ID, deploymentId);
    doc.put(CLIENT, client);
    doc.put(RELEASE_ID, releaseId);
    doc.put(SEQUENCE, sequence);
    doc.put(KIND, kind.wireName());
    doc.put(STATUS, status.name());
    Map<String, Object> decisionMaps = new LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    for (ServiceDecision decision : decisions) {
      decisionMaps.put(decision.service(), Map.of("action", decision.action().name(), "reason", decision.reason()));
      order.add(decision.service());
    }
    doc.put(DECISIONS, decisionMaps);
    doc.put(DECISION_ORDER, order);
    doc.put(SERVICES, services);
    Map<String, Object> imageMaps = new LinkedHashMap<>();
    images.forEach((service, version) -> imageMaps.put(service, ServiceDocument.versionMap(version)));
    doc.put(IMAGES, imageMaps);
    doc.put(BUILD_ID, buildId);
    doc.put(LOG_URL, "");
    doc.put(REASON, reason);
    doc.put(CREATED_AT, now.toString());
    doc.put(UPDATED_AT, now.toString());
    return doc;
  }

  /** The {@link #LEASE} map. */
  public static Map<String, Object> lease(String owner, Instant until) {
    return Map.of("owner", owner, "until", until.toEpochMilli());
  }

  /** A claimant takes over a lease that ran out. */
  public static Map<String, Object> leaseRenewed(String owner, Instant until, Instant now) {
    return Map.of(LEASE, lease(owner, until), UPDATED_AT, now.toString());
  }

  /** The build started: its id, the lease dropped, and TRIGGERED unless the build's events came first. */
  public static Map<String, Object> triggered(String buildId, boolean moveToTriggered, Instant now) {
    Map<String, Object> update = new HashMap<>();
    update.put(BUILD_ID, buildId);
    update.put(LEASE, FieldValue.delete());
    update.put(UPDATED_AT, now.toString());
    if (moveToTriggered) {
      update.put(STATUS, DeploymentStatus.TRIGGERED.name());
    }
    return update;
  }

  /** The build could not be started. */
  public static Map<String, Object> failed(String reason, Instant now) {
    return Map.of(STATUS, DeploymentStatus.FAILED.name(), REASON, reason, LEASE, FieldValue.delete(),
        UPDATED_AT, now.toString());
  }

  /** An operator rejected a deployment that waited for approval. */
  public static Map<String, Object> rejected(DeploymentStatus status, String reason, Instant now) {
    return Map.of(STATUS, status.name(), REASON, reason, UPDATED_AT, now.toString());
  }

  /** deploy-reporter's progress, with the auto rollback request when it asks for one. */
  public static Map<String, Object> progressed(DeploymentStatus status, String buildId, String logUrl, String reason,
      String updatedAt, boolean requestAutoRollback) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(STATUS, status.name());
    fields.put(BUILD_ID, buildId);
    fields.put(LOG_URL, logUrl);
    fields.put(REASON, reason);
    fields.put(UPDATED_AT, updatedAt);
    if (requestAutoRollback) {
      fields.put(AUTO_ROLLBACK, Map.of("requested", true, "published", false));
    }
    return fields;
  }

  // ---- reads ----

  /** The document as read; the deployment id is the document's id. One that does not exist reads as empty. */
  public static DeploymentDocument from(DocumentSnapshot snapshot) {
    return from(snapshot.getId(), snapshot.getData());
  }

  public static DeploymentDocument from(String deploymentId, Map<String, Object> data) {
    Map<String, Object> doc = map(data);
    Map<String, Decision> decisions = new LinkedHashMap<>();
    map(doc.get(DECISIONS)).forEach((service, decision) -> {
      if (decision instanceof Map<?, ?> d) {
        decisions.put(service, new Decision(text(d.get("action")), text(d.get("reason"))));
      }
    });
    Map<String, ServiceVersion> images = new LinkedHashMap<>();
    map(doc.get(IMAGES)).forEach((service, image) -> {
      if (image instanceof Map<?, ?> raw) {
        images.put(service, ServiceDocument.readVersion(map(raw)));
      }
    });
    Map<String, Object> autoRollback = map(doc.get(AUTO_ROLLBACK));
    return new DeploymentDocument(deploymentId, text(doc.get(CLIENT)), text(doc.get(RELEASE_ID)),
        number(doc.get(SEQUENCE)), text(doc.get(KIND)), text(doc.get(STATUS)), decisions,
        texts(doc.get(DECISION_ORDER)), texts(doc.get(SERVICES)), images, text(doc.get(BUILD_ID)),
        text(doc.get(LOG_URL)), text(doc.get(REASON)), text(doc.get(CREATED_AT)), text(doc.get(UPDATED_AT)),
        number(map(doc.get(LEASE)).get("until")), flag(autoRollback.get("requested")),
        flag(autoRollback.get("published")));
  }
}
