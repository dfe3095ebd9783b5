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
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code clients/{client}/deployments/{deploymentId}}: what one client made of a release or command,
 * and how far it got. client-deployer creates it (claim, decisions), deploy-reporter moves it on
 * (progress), release-status reads it. The one Java model of the document and the one owner of its
 * field names, of every write ({@link #toMap} and the update builders) and of how every reader reads
 * it ({@link #from}). Missing or mistyped fields read as empty; {@code kind}, {@code status} and each
 * decision's {@code action} are kept as stored, so each reader decides what it makes of a value it
 * does not know: {@link #knownStatus} and {@link #knownKind} for the tolerant readers,
 * {@link #deploymentStatus}, {@link #deploymentKind} and {@link #plan} for client-deployer's strict one.
 *
 * @param decisions each service's decision, in stored order (only entries that are maps)
 * @param decisionOrder the services in the release's order
 * @param images what each deployed service moves to (only entries that are maps)
 * @param leaseOwner who holds the claimant's lease; {@code ""} when there is none
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
    String leaseOwner,
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

  /**
   * The statuses of an open deployment: its build may be starting or running (PLANNED, TRIGGERED,
   * STARTED) or it waits for an approval or for its wave. {@link ClientDocument#OPEN_DEPLOYMENTS}
   * lists the client's deployments in one of them.
   */
  public static final Set<DeploymentStatus> OPEN = Collections.unmodifiableSet(EnumSet.of(DeploymentStatus.PLANNED,
      DeploymentStatus.TRIGGERED, DeploymentStatus.STARTED, DeploymentStatus.AWAITING_APPROVAL,
      DeploymentStatus.WAITING_FOR_WAVE));

  /** Whether a deployment at this status is open ({@link #OPEN}). */
  public static boolean isOpen(DeploymentStatus status) {
    return OPEN.contains(status);
  }

  public DeploymentDocument {
    decisions = Collections.unmodifiableMap(new LinkedHashMap<>(decisions));
    decisionOrder = List.copyOf(decisionOrder);
    services = List.copyOf(services);
    images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
  }

  /** One service's decision as stored: an action client-deployer's version may not know is kept as read. */
  public record Decision(String action, String reason) {
    public boolean is(ServiceDecision.Action expected) {
      return expected.name().equals(action);
    }
  }

  // ---- writes ----

  /**
   * The deployment a claim stores once {@code plan} is made: the plan's status and decisions, the
   * candidate version of each service it deploys, and as its reason what its wave waits for when it
   * waits for its wave, else the skip summary when it deploys nothing. It
   * holds no lease; a claim that deploys something adds one ({@link #leased}).
   *
   * @param candidates per service, the version the deployment would move it to
   */
  public static DeploymentDocument planned(String client, String deploymentId, String releaseId, long sequence,
      DeploymentKind kind, Plan plan, Map<String, ServiceVersion> candidates, Instant now) {
    Map<String, Decision> decisions = new LinkedHashMap<>();
    for (ServiceDecision decision : plan.decisions()) {
      decisions.put(decision.service(), new Decision(decision.action().name(), decision.reason()));
    }
    List<String> services = plan.services(ServiceDecision.Action.DEPLOY);
    Map<String, ServiceVersion> images = new LinkedHashMap<>();
    services.forEach(service -> images.put(service, candidates.get(service)));
    return new DeploymentDocument(deploymentId, client, releaseId, sequence, kind.wireName(), plan.status().name(),
        decisions, List.copyOf(decisions.keySet()), services, images, "", "",
        plan.deploysAnything() ? "" : plan.status() == DeploymentStatus.WAITING_FOR_WAVE ? plan.waveWait() : plan.skipSummary(),
        now.toString(), now.toString(), "", 0, false, false);
  }

  /** This document with a claimant's lease. */
  public DeploymentDocument leased(String owner, Instant until) {
    return new DeploymentDocument(deploymentId, client, releaseId, sequence, kind, status, decisions, decisionOrder,
        services, images, buildId, logUrl, reason, createdAt, updatedAt, owner, until.toEpochMilli(),
        autoRollbackRequested, autoRollbackPublished);
  }

  /**
   * The stored map, in the README's field order; {@link #from} reads it back as this record.
   * {@link #LEASE} and {@link #AUTO_ROLLBACK} are written only when they hold something.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(DEPLOYMENT_ID, deploymentId);
    doc.put(CLIENT, client);
    doc.put(RELEASE_ID, releaseId);
    doc.put(SEQUENCE, sequence);
    doc.put(KIND, kind);
    doc.put(STATUS, status);
    Map<String, Object> decisionMaps = new LinkedHashMap<>();
    decisions.forEach((service, decision) ->
        decisionMaps.put(service, Map.of("action", decision.action(), "reason", decision.reason())));
    doc.put(DECISIONS, decisionMaps);
    doc.put(DECISION_ORDER, decisionOrder);
    doc.put(SERVICES, services);
    Map<String, Object> imageMaps = new LinkedHashMap<>();
    images.forEach((service, version) -> imageMaps.put(service, ServiceDocument.versionMap(version)));
    doc.put(IMAGES, imageMaps);
    doc.put(BUILD_ID, buildId);
    doc.put(LOG_URL, logUrl);
    doc.put(REASON, reason);
    doc.put(CREATED_AT, createdAt);
    doc.put(UPDATED_AT, updatedAt);
    if (!leaseOwner.isEmpty() || leaseUntil != 0) {
      doc.put(LEASE, Map.of("owner", leaseOwner, "until", leaseUntil));
    }
    if (autoRollbackRequested || autoRollbackPublished) {
      doc.put(AUTO_ROLLBACK, Map.of("requested", autoRollbackRequested, "published", autoRollbackPublished));
    }
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

  /**
   * A rollback's claim moved the release's services off it (state/Rollbacks): ROLLED_BACK, which
   * outranks every build status, with the rollback named in the reason.
   */
  public static Map<String, Object> rolledBack(String reason, Instant now) {
    return Map.of(STATUS, DeploymentStatus.ROLLED_BACK.name(), REASON, reason, UPDATED_AT, now.toString());
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

  /**
   * This document as it reads after {@code update} (one of the update builders' maps, or
   * {@link #AUTO_ROLLBACK_PUBLISHED}) is applied as Firestore's {@code update} applies it: a field is
   * replaced whole, a dotted path sets one field of a map, {@link FieldValue#delete()} removes it.
   */
  public DeploymentDocument after(Map<String, Object> update) {
    return from(deploymentId, StoredValues.updated(toMap(), update));
  }

  // ---- reads ----

  /** The document as read; the deployment id is the document's id. One that does not exist reads as empty. */
  public static DeploymentDocument from(DocumentSnapshot snapshot) {
    return from(snapshot.getId(), snapshot.getData());
  }

  /**
   * A document read from {@code clients/{client}/deployments}: its client is the one the path names,
   * whatever its {@link #CLIENT} field holds.
   */
  public static DeploymentDocument ofClient(String client, DocumentSnapshot snapshot) {
    Map<String, Object> data = map(snapshot.getData());
    data.put(CLIENT, client);
    return from(snapshot.getId(), data);
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
    Map<String, Object> lease = map(doc.get(LEASE));
    Map<String, Object> autoRollback = map(doc.get(AUTO_ROLLBACK));
    return new DeploymentDocument(deploymentId, text(doc.get(CLIENT)), text(doc.get(RELEASE_ID)),
        number(doc.get(SEQUENCE)), text(doc.get(KIND)), text(doc.get(STATUS)), decisions,
        texts(doc.get(DECISION_ORDER)), texts(doc.get(SERVICES)), images, text(doc.get(BUILD_ID)),
        text(doc.get(LOG_URL)), text(doc.get(REASON)), text(doc.get(CREATED_AT)), text(doc.get(UPDATED_AT)),
        text(lease.get("owner")), number(lease.get("until")), flag(autoRollback.get("requested")),
        flag(autoRollback.get("published")));
  }

  // ---- what readers make of it ----

  /** The stored status, empty when it is {@code ""} or one this version does not know. */
  public Optional<DeploymentStatus> knownStatus() {
    return DeploymentStatus.fromStored(status);
  }

  /** Whether the stored status is an open one ({@link #OPEN}); a status this version does not know is not. */
  public boolean isOpen() {
    return knownStatus().map(DeploymentDocument::isOpen).orElse(false);
  }

  /** Whether the stored status is this one (a status this version does not know is none of them). */
  public boolean hasStatus(DeploymentStatus expected) {
    return knownStatus().equals(Optional.of(expected));
  }

  /** The stored kind, empty when it is one this version does not know. */
  public Optional<DeploymentKind> knownKind() {
    return DeploymentKind.fromWire(kind);
  }

  public boolean isRelease() {
    return DeploymentKind.RELEASE.wireName().equals(kind);
  }

  /** client-deployer's strict reading of the status: one it does not know is an IllegalStateException. */
  public DeploymentStatus deploymentStatus() {
    return knownStatus().orElseThrow(() -> unknown(STATUS, status));
  }

  /** client-deployer's strict reading of the kind: one it does not know is an IllegalStateException. */
  public DeploymentKind deploymentKind() {
    return knownKind().orElseThrow(() -> unknown(KIND, kind));
  }

  /**
   * client-deployer's strict reading of the decisions, in the release's order: an action it does not
   * know is an IllegalStateException.
   */
  public Plan plan() {
    List<ServiceDecision> planned = new ArrayList<>();
    for (String service : decisionOrder) {
      Decision decision = decisions.get(service);
      if (decision != null) {
        ServiceDecision.Action action = Arrays.stream(ServiceDecision.Action.values()).filter(decision::is).findFirst()
            .orElseThrow(() -> unknown("action of " + service, decision.action()));
        planned.add(new ServiceDecision(service, action, decision.reason()));
      }
    }
    return new Plan(planned);
  }

  /** This document as client-deployer reads it: unchanged, or an IllegalStateException for a value it does not know. */
  public DeploymentDocument requireKnown() {
    deploymentKind();
    deploymentStatus();
    plan();
    return this;
  }

  /** The services that wait for an approval, by name. */
  public List<String> awaitingApproval() {
    return decisions.entrySet().stream().filter(e -> e.getValue().is(ServiceDecision.Action.AWAIT_APPROVAL))
        .map(Map.Entry::getKey).sorted().toList();
  }

  /** deploy-reporter requested a rollback of this deployment and has not yet published it. */
  public boolean autoRollbackPending() {
    return autoRollbackRequested && !autoRollbackPublished;
  }

  private IllegalStateException unknown(String field, String value) {
    return new IllegalStateException("deployment " + deploymentId + ": unknown " + field + " '" + value + "'");
  }
}
