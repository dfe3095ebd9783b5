package com.twosixty.relay.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.statusview.ClientRecord;
import com.twosixty.relay.statusview.DeploymentRecord;
import com.twosixty.relay.statusview.ReleaseRecord;
import com.twosixty.relay.statusview.ServiceStatus;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.statusview.StatusViews.ClientDetail;
import com.twosixty.relay.statusview.StatusViews.ClientOutcome;
import com.twosixty.relay.statusview.StatusViews.PendingApproval;
import com.twosixty.relay.statusview.StatusViews.ReleaseDetail;
import com.twosixty.relay.statusview.StatusViews.ReleasePage;
import com.twosixty.relay.statusview.StatusViews.ReleaseSummary;
import com.twosixty.relay.statusview.StatusViews.ServiceOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand-written answers are the API the reflective Gson adapters used to write: same fields, same
 * order, nulls included, markup escaped. Gson's reflective output is the reference here, in the test
 * only.
 */
class StatusJsonTest {
  private static final Gson REFLECTIVE = new GsonBuilder().serializeNulls().create();
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  private static final DeploymentRecord DEPLOYMENT = new DeploymentRecord("essence", "2026.11.25-aaaaaaa",
      "2026.11.25-aaaaaaa", 101, "release", "FAILED", "rollout of <billing> & portal timed out", "b-1",
      "https://console.cloud.google.com/cloud-build/builds/b-1", List.of("billing", "portal"),
      Map.of("portal", new DeploymentRecord.Decision("DEPLOY", ""), "billing", new DeploymentRecord.Decision("SKIP", "pinned")),
      "2026-11-25T12:00:00Z", "2026-11-25T12:03:00Z");
  private static final ReleaseSummary SUMMARY = new ReleaseSummary("2026.11.25-aaaaaaa", 101, "stable",
      "2026-11-25T11:59:00Z", List.of("billing", "portal"), Map.of("essence", "FAILED", "acme", "SUCCEEDED"));
  private static final ClientRecord CLIENT = new ClientRecord("acme", "Acme <Corp>", true, "quarter end", "ops@twosixty.com",
      Map.of("billing", "2026.11.20-bbbbbbb", "portal", ""), "2026-11-25T10:00:00Z");

  private static void assertSameAsReflective(Object view, String handWritten) {
    assertEquals(REFLECTIVE.toJson(view), handWritten);
    assertFalse(handWritten.contains("<"), "markup is escaped: " + handWritten);
  }

  @Test
  void releasePage() {
    assertSameAsReflective(new ReleasePage(List.of(SUMMARY, SUMMARY), "tok<en>"),
        StatusJson.releasePage(new ReleasePage(List.of(SUMMARY, SUMMARY), "tok<en>")));
    assertSameAsReflective(new ReleasePage(List.of(), ""), StatusJson.releasePage(new ReleasePage(List.of(), "")));
  }

  @Test
  void releaseDetailWithAndWithoutTheStoredRelease() {
    ReleaseRecord release = new ReleaseRecord("2026.11.25-aaaaaaa", 101, "stable", "2026-11-25T11:59:00Z",
        "2026-11-25T12:00:00Z", new Release.Source("monorepo", "main", "c0ffee0", "b-0"),
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", DIGEST, "2026.11.25-aaaaaaa")));
    Map<String, ServiceOutcome> services = new LinkedHashMap<>();
    services.put("portal", new ServiceOutcome("FAILED", "timed out", "2026.11.25-aaaaaaa", "release", "b-1", "", false));
    services.put("billing", new ServiceOutcome("SKIPPED", "pinned", "2026.11.25-aaaaaaa", "release", "", "", true));
    List<ClientOutcome> outcomes = List.of(new ClientOutcome("essence", "FAILED", services, List.of(DEPLOYMENT)));

    ReleaseDetail stored = new ReleaseDetail(release, release.releaseId(), outcomes);
    assertSameAsReflective(stored, StatusJson.releaseDetail(stored));
    ReleaseDetail onlyDeployments = new ReleaseDetail(null, release.releaseId(), outcomes);
    assertSameAsReflective(onlyDeployments, StatusJson.releaseDetail(onlyDeployments));
    ReleaseRecord noSource = new ReleaseRecord("r", 1, "beta", "", "", null, List.of());
    assertSameAsReflective(new ReleaseDetail(noSource, "r", List.of()), StatusJson.releaseDetail(new ReleaseDetail(noSource, "r", List.of())));
  }

  @Test
  void clients() {
    List<ClientRecord> clients = List.of(CLIENT, ClientRecord.bare("essence"));
    assertSameAsReflective(Map.of("clients", clients), StatusJson.clients(clients));
  }

  @Test
  void clientDetailWithEveryPartOfAServicePresentOrAbsent() {
    ServiceStatus full = new ServiceStatus("billing",
        new ServiceStatus.Target("2026.11.25-aaaaaaa", 101, DIGEST, "gcr.io/relay-hub/billing", "2026.11.25-aaaaaaa", "2026-11-25T12:00:00Z"),
        new RunningRelease("2026.11.24-ccccccc", 100, DIGEST, "gcr.io/relay-hub/billing", "2026-11-24T09:00:00Z"),
        new RunningRelease("2026.11.20-bbbbbbb", 99, DIGEST, "gcr.io/relay-hub/billing", "2026-11-20T09:00:00Z"),
        new LastEvent("TRIGGERED", "2026.11.25-aaaaaaa", "", "b-1", "https://log/<x>", "2026-11-25T12:00:01Z"));
    ServiceStatus bare = new ServiceStatus("portal", null, null, null, null);
    PendingApproval pending = new PendingApproval("acme", "2026.11.25-aaaaaaa", "2026.11.25-aaaaaaa", 101, List.of("portal"),
        "2026-11-25T12:00:00Z");
    CommandDocument pin = new CommandDocument("4711", "acme", "pin", "2026.11.25-aaaaaaa", "billing", "ana@<x>", "hold",
        "2026-11-25T12:00:00.000Z", "REFUSED", "FAILED", "pin refused: billing is not run by acme", "2026-11-25T12:00:00.010Z");
    ClientDetail detail = new ClientDetail(CLIENT, List.of(full, bare), List.of(pending), List.of(DEPLOYMENT), List.of(pin));
    assertSameAsReflective(detail, StatusJson.clientDetail(detail));
  }

  @Test
  void errorsKeepTheirFieldsInOrder() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("error", "unknown release: <none>");
    error.put("releaseId", "x&y");
    assertSameAsReflective(error, StatusJson.fields(error));
  }
}
