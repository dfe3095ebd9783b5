package com.twosixty.relay.status;

import com.google.cloud.firestore.Firestore;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.metrics.MetricsDay;
import com.twosixty.relay.metrics.MetricsDocuments;
import com.twosixty.relay.metrics.ServiceDay;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Firestore as client-deployer and deploy-reporter leave it (README, "Firestore layout"): three
 * releases, three clients, and data that tries to inject markup into the dashboard.
 */
final class SeededState {
  static final String R1 = "2026.11.20-0a0a0a0";
  static final String R2 = "2026.11.24-1a2b3c4";
  static final String R3 = "2026.11.25-2b3c4d5";
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String IMG_SERVICE = "<img src=x onerror=alert(1)>";
  static final String DIGEST = "sha256:" + "c".repeat(64);
  /**
   * The client files release-status is given (RELAY_CLIENTS): essence in wave 1; globex, with a file
   * pin and a freeze window open at every instant (a week long), and initech, which has a file and
   * nothing recorded, both in the last wave (their files name none). acme and northwind have no file
   * here: they are known by what Firestore holds, and are in no wave.
   */
  static final String CLIENTS = """
      [{"id": "essence", "displayName": "Essence", "gcp": {"project": "relay-essence-prod", "region": "europe-west1"},
        "cluster": {"name": "essence", "location": "europe-west1"},
        "deploy": {"repo": "https://github.com/twosixty/essence-deploy", "trigger": "relay-deploy"},
        "services": [], "channel": "both", "approval": "automatic", "freeze": [], "pins": {}, "wave": 1},
       {"id": "globex", "displayName": "Globex", "gcp": {"project": "relay-globex-prod", "region": "us-east1"},
        "cluster": {"name": "globex", "location": "us-east1"},
        "deploy": {"repo": "https://github.com/twosixty/globex-deploy", "trigger": "relay-deploy"},
        "services": ["billing", "portal"], "channel": "both", "approval": "automatic",
        "freeze": [{"day": "MONDAY", "start": "00:00", "duration": "PT168H", "timeZone": "UTC"}],
        "pins": {"billing": "%s"}, "autoRollback": true},
       {"id": "initech", "displayName": "Initech", "gcp": {"project": "relay-initech-prod", "region": "us-east1"},
        "cluster": {"name": "initech", "location": "us-east1"},
        "deploy": {"repo": "https://github.com/twosixty/initech-deploy", "trigger": "relay-deploy"},
        "services": [], "channel": "stable", "approval": "manual", "freeze": [], "pins": {}}]
      """.formatted("2026.11.20-0a0a0a0");
  /**
   * The hub's waves (RELAY_ROLLOUT): two, wave 1's soak ten years long, so that essence's success
   * with R3 (on a fixed date) still soaks whenever the test runs: R3 is a rollout in progress.
   */
  static final String ROLLOUT = "{\"waves\":[{\"soak\":\"P3650D\"},{}]}";
  /** R2's rollout: halted by the halt rule when essence (wave 1) failed it. */
  static final String HALT_REASON = "essence FAILED in wave 1: " + SCRIPT;
  /** globex's auto rollback's build: no log URL stored, so its link is Cloud Build's console page. */
  static final String ROLLBACK_BUILD = "db-globex-rb";

  private final Firestore db;

  SeededState(Firestore db) {
    this.db = db;
  }

  void seed() throws Exception {
    release(R1, 100, List.of("billing", "portal"));
    release(R2, 200, List.of("billing", "portal", "reports"));
    release(R3, 300, List.of("billing", SCRIPT));

    // essence: automatic; billing is on R3, portal failed to get R2 and still runs R1.
    set("clients/essence", Map.of("id", "essence", "displayName", "Essence", "frozen", false, "pins", Map.of(),
        "updatedAt", "2026-11-25T09:00:00Z"));
    deployment("essence", R1, R1, 100, "SUCCEEDED", List.of("billing", "portal"), Map.of(), "", "2026-11-20T10:10:00Z");
    deployment("essence", R2, R2, 200, "FAILED", List.of("billing", "portal"), Map.of(), SCRIPT, "2026-11-24T10:10:00Z");
    deployment("essence", R3, R3, 300, "SUCCEEDED", List.of("billing"), Map.of(), "", "2026-11-25T10:10:00Z");
    service("essence", "billing", running(R3, 300, "2026-11-25T10:10:00Z"), running(R1, 100, "2026-11-20T10:10:00Z"),
        last("SUCCEEDED", R3, "", "2026-11-25T10:10:00Z"));
    service("essence", "portal", running(R1, 100, "2026-11-20T10:10:00Z"), null, last("FAILED", R2, SCRIPT, "2026-11-24T10:10:00Z"));
    service("essence", IMG_SERVICE, running(R1, 100, "2026-11-20T10:10:00Z"), null, null);

    // acme: frozen, billing pinned to R1, R3 waits for approval.
    set("clients/acme", Map.of("id", "acme", "displayName", "ACME & Co " + SCRIPT, "frozen", true,
        "freezeReason", "quarter end", "frozenBy", "ops@acme", "pins", Map.of("billing", R1), "updatedAt", "2026-11-25T08:00:00Z"));
    deployment("acme", R1, R1, 100, "SUCCEEDED", List.of("billing"), Map.of("billing", decision("DEPLOY", "")), "",
        "2026-11-20T10:20:00Z");
    deployment("acme", R2, R2, 200, "SKIPPED", List.of(), Map.of("billing", decision("SKIP", "pinned"),
        "reports", decision("SKIP", "not-run-by-client")), "pinned", "2026-11-24T10:20:00Z");
    deployment("acme", R3, R3, 300, "AWAITING_APPROVAL", List.of(), Map.of("billing", decision("AWAIT_APPROVAL", "approval required")),
        "", "2026-11-25T10:20:00Z");
    service("acme", "billing", running(R1, 100, "2026-11-20T10:20:00Z"), null,
        last("AWAITING_APPROVAL", R3, "approval required", "2026-11-25T10:20:00Z"));
    // acme's audit trail: the freeze that holds it, and a pin refused (its sender named like markup).
    command(new CommandDocument("c1", "acme", "freeze", "", "", "ops@acme", "quarter end", "2026-11-25T08:00:00.000Z",
        "APPLIED", "PLANNED", "frozen by ops@acme: quarter end", "2026-11-25T08:00:00.020Z"));
    command(new CommandDocument("c2", "acme", "pin", "2026.01.01-0000000", "billing", SCRIPT, "", "2026-11-25T09:00:00.000Z",
        "REFUSED", "FAILED", "pin refused: release 2026.01.01-0000000 has not been seen by acme", "2026-11-25T09:00:00.015Z"));

    // northwind: no client document yet, only what its first deployment wrote.
    deployment("northwind", R3, R3, 300, "TRIGGERED", List.of("portal"), Map.of("portal", decision("DEPLOY", "")), "",
        "2026-11-25T10:30:00Z");
    service("northwind", "portal", null, null, last("TRIGGERED", R3, "", "2026-11-25T10:30:00Z"));

    // globex (has a file): billing pinned to R1 by it, so R2 went out for portal only (PARTIAL); a
    // redeploy of R2's portal then failed and deploy-reporter's auto rollback took portal back to R1.
    deployment("globex", R1, R1, 100, "SUCCEEDED", List.of("billing", "portal"), Map.of(), "", "2026-11-20T10:40:00Z");
    deployment("globex", R2, R2, 200, "SUCCEEDED", List.of("portal"), Map.of("billing", decision("SKIP", "pinned"),
        "portal", decision("DEPLOY", ""), "reports", decision("SKIP", "not-run-by-client")), "", "2026-11-24T10:40:00Z");
    Map<String, Object> redeploy = deploymentFields("globex", "redeploy-m8", R2, 200, "FAILED", List.of("portal"), Map.of(),
        "FAILURE", "2026-11-24T11:00:00Z");
    redeploy.put("kind", "redeploy");
    redeploy.put("autoRollback", Map.of("requested", true, "published", true));
    set("clients/globex/deployments/redeploy-m8", redeploy);
    Map<String, Object> rollback = deploymentFields("globex", "rollback-m9", R1, 100, "SUCCEEDED", List.of("portal"), Map.of(),
        "", "2026-11-24T11:10:00Z");
    rollback.put("kind", "rollback");
    rollback.put("buildId", ROLLBACK_BUILD);
    rollback.put("logUrl", "");
    set("clients/globex/deployments/rollback-m9", rollback);
    command(new CommandDocument("m9", "globex", "rollback", R2, "portal",
        "relay-deploy-reporter@relay-globex-prod.iam.gserviceaccount.com", "auto rollback: FAILURE",
        "2026-11-24T11:05:00.000Z", "APPLIED", "SUCCEEDED", "", "2026-11-24T11:10:00.000Z"));
    service("globex", "billing", running(R1, 100, "2026-11-20T10:40:00Z"), null, last("SKIPPED", R2, "pinned", "2026-11-24T10:40:00Z"));
    Map<String, Object> portal = new LinkedHashMap<>();
    portal.put("service", "portal");
    portal.put("target", Map.of("releaseId", R1, "sequence", 100L, "digest", DIGEST, "image", "gcr.io/relay/portal",
        "deploymentId", "rollback-m9", "at", "2026-11-24T11:05:00Z"));
    portal.put("running", running(R1, 100, "2026-11-24T11:10:00Z"));
    portal.put("previous", running(R2, 200, "2026-11-24T10:40:00Z"));
    portal.put("last", Map.of("status", "SUCCEEDED", "releaseId", R1, "reason", "", "buildId", ROLLBACK_BUILD, "logUrl", "",
        "at", "2026-11-24T11:10:00Z"));
    set("clients/globex/services/portal", portal);

    // R2's rollout, as release-rollout leaves it: halted by essence's failure, an operator's promote refused.
    Map<String, Object> halted = new LinkedHashMap<>();
    halted.put("releaseId", R2);
    halted.put("sequence", 200L);
    halted.put("channel", "stable");
    halted.put("opened", Map.of());
    halted.put("halt", Map.of("client", "essence", "reason", HALT_REASON, "by", "halt rule", "at", "2026-11-24T10:10:05Z"));
    halted.put("waitingFor", Map.of("2", "rollout halted: " + HALT_REASON + " (halt rule)"));
    halted.put("haltAnnounced", "halted-essence");
    halted.put("active", false);
    set("rollouts/" + R2, halted);
    set("rollouts/" + R2 + "/commands/p-1", new RolloutCommandDocument("p-1", "promote", "ops@twosixty.example", "customers wait",
        "2026-11-24T10:20:00.000Z", "REFUSED", "halted: resume it first").toMap());
    set("rollouts/" + R2 + "/commands/h-1", new RolloutCommandDocument("h-1", "halt", SCRIPT, "", "2026-11-24T10:15:00.000Z",
        "REFUSED", "already halted: " + HALT_REASON).toMap());

    metrics();
  }

  /**
   * The metrics' day buckets as deploy-reporter leaves them, around today (release-status reads the
   * window that ends today). Over P7D: 5 deploys, 4 succeeded, 1 failed (20%), lead times 30m, 1h 30m
   * and 2h (median 1h 30m, p90 2h), one recovery of 10m.
   */
  private void metrics() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    set("metrics/essence", MetricsDocuments.clientFields("essence", Map.of()));
    set("metrics/acme", MetricsDocuments.clientFields("acme", Map.of()));
    day("essence", new MetricsDay(today, Map.of(
        "billing", new ServiceDay(2, 0, 0, List.of(1800L, 5400L), List.of(600L)),
        SCRIPT, new ServiceDay(1, 0, 0, List.of(), List.of()))));
    day("essence", new MetricsDay(today.minusDays(1), Map.of("billing", new ServiceDay(0, 1, 0, List.of(), List.of()))));
    day("acme", new MetricsDay(today.minusDays(3), Map.of("billing", new ServiceDay(1, 0, 0, List.of(7200L), List.of()))));
    // Outside every window asked for but P30D's: must not be read into P7D.
    day("acme", new MetricsDay(today.minusDays(20), Map.of("billing", new ServiceDay(0, 4, 0, List.of(), List.of()))));
  }

  private void day(String client, MetricsDay day) throws Exception {
    set("metrics/" + client + "/days/" + day.day(), MetricsDocuments.dayFields(day));
  }

  private void command(CommandDocument command) throws Exception {
    set("clients/" + command.client() + "/commands/" + command.messageId(), command.toMap());
  }

  private void set(String path, Map<String, Object> fields) throws Exception {
    db.document(path).set(fields).get();
  }

  private void release(String id, long sequence, List<String> services) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("releaseId", id);
    doc.put("sequence", sequence);
    doc.put("channel", "stable");
    doc.put("createdAt", "2026-11-2" + (sequence / 100) + "T09:00:00Z");
    doc.put("source", Map.of("repo", "monorepo", "branch", "main", "commit", id.substring(11), "buildId", "mb-" + sequence));
    doc.put("services", services.stream().map(s -> Map.of("name", s, "image", "gcr.io/relay/" + s, "digest", DIGEST,
        "tag", id)).toList());
    doc.put("receivedAt", "2026-11-2" + (sequence / 100) + "T09:00:01Z");
    set("releases/" + id, doc);
  }

  private void deployment(String client, String id, String releaseId, long sequence, String status, List<String> services,
      Map<String, Object> decisions, String reason, String updatedAt) throws Exception {
    set("clients/" + client + "/deployments/" + id, deploymentFields(client, id, releaseId, sequence, status, services, decisions,
        reason, updatedAt));
  }

  private static Map<String, Object> deploymentFields(String client, String id, String releaseId, long sequence, String status,
      List<String> services, Map<String, Object> decisions, String reason, String updatedAt) {
    Map<String, Object> all = new LinkedHashMap<>(decisions);
    services.forEach(s -> all.putIfAbsent(s, decision("DEPLOY", "")));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("deploymentId", id);
    doc.put("client", client);
    doc.put("releaseId", releaseId);
    doc.put("sequence", sequence);
    doc.put("kind", "release");
    doc.put("status", status);
    doc.put("decisions", all);
    doc.put("services", services);
    doc.put("buildId", services.isEmpty() ? "" : "db-" + client + "-" + sequence);
    doc.put("logUrl", services.isEmpty() ? "" : "https://console.cloud.google.com/cloud-build/builds/db-" + client + "-" + sequence);
    doc.put("reason", reason);
    doc.put("createdAt", updatedAt);
    doc.put("updatedAt", updatedAt);
    return doc;
  }

  private void service(String client, String service, Map<String, Object> running, Map<String, Object> previous,
      Map<String, Object> last) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("service", service);
    if (running != null) {
      doc.put("running", running);
    }
    if (previous != null) {
      doc.put("previous", previous);
    }
    if (last != null) {
      doc.put("last", last);
    }
    set("clients/" + client + "/services/" + service, doc);
  }

  private static Map<String, Object> decision(String action, String reason) {
    return Map.of("action", action, "reason", reason);
  }

  private static Map<String, Object> running(String releaseId, long sequence, String since) {
    return Map.of("releaseId", releaseId, "sequence", sequence, "digest", DIGEST, "image", "gcr.io/relay/app", "since", since);
  }

  private static Map<String, Object> last(String status, String releaseId, String reason, String at) {
    return Map.of("status", status, "releaseId", releaseId, "reason", reason, "buildId", "", "logUrl", "", "at", at);
  }
}
