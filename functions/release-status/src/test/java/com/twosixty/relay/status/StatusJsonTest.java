package com.twosixty.relay.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.statusview.ClientRecord;
import com.twosixty.relay.statusview.ReleaseRecord;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.statusview.StatusViews.ClientDetail;
import com.twosixty.relay.statusview.StatusViews.ClientOutcome;
import com.twosixty.relay.statusview.StatusViews.PendingApproval;
import com.twosixty.relay.statusview.StatusViews.ReleaseDetail;
import com.twosixty.relay.statusview.StatusViews.ReleasePage;
import com.twosixty.relay.statusview.StatusViews.ReleaseSummary;
import com.twosixty.relay.statusview.StatusViews.ServiceOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The hand-written answers are the API as it is published: same fields, same order, nulls included,
 * markup escaped. The expected texts in {@code status-json/} are what the reflective Gson adapters
 * once wrote for these views, byte for byte; the stored documents' Java models may change, the API
 * may not.
 */
class StatusJsonTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  /** The stored deployment, with the parts the API does not show (lease, rollback flags, decision order). */
  private static final DeploymentDocument DEPLOYMENT = new DeploymentDocument("2026.11.25-aaaaaaa", "essence",
      "2026.11.25-aaaaaaa", 101, "release", "FAILED",
      Map.of("portal", new DeploymentDocument.Decision("DEPLOY", ""), "billing", new DeploymentDocument.Decision("SKIP", "pinned")),
      List.of("billing", "portal"), List.of("billing", "portal"), Map.of(), "b-1",
      "https://console.cloud.google.com/cloud-build/builds/b-1", "rollout of <billing> & portal timed out",
      "2026-11-25T12:00:00Z", "2026-11-25T12:03:00Z", "owner-1", 1, true, false);
  private static final ReleaseSummary SUMMARY = new ReleaseSummary("2026.11.25-aaaaaaa", 101, "stable",
      "2026-11-25T11:59:00Z", List.of("billing", "portal"), Map.of("essence", "FAILED", "acme", "SUCCEEDED"));
  private static final ClientRecord CLIENT = new ClientRecord("acme", "Acme <Corp>", true, "quarter end", "ops@twosixty.com",
      Map.of("billing", "2026.11.20-bbbbbbb", "portal", ""), "2026-11-25T10:00:00Z");

  private static void assertPublished(String expected, String handWritten) {
    try (InputStream in = StatusJsonTest.class.getResourceAsStream("/status-json/" + expected)) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), handWritten, expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertFalse(handWritten.contains("<"), "markup is escaped: " + handWritten);
  }

  @Test
  void releasePage() {
    assertPublished("release-page.json", StatusJson.releasePage(new ReleasePage(List.of(SUMMARY, SUMMARY), "tok<en>")));
    assertPublished("release-page-empty.json", StatusJson.releasePage(new ReleasePage(List.of(), "")));
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
    assertPublished("release-detail.json", StatusJson.releaseDetail(stored));
    ReleaseDetail onlyDeployments = new ReleaseDetail(null, release.releaseId(), outcomes);
    assertPublished("release-detail-only-deployments.json", StatusJson.releaseDetail(onlyDeployments));
    ReleaseRecord noSource = new ReleaseRecord("r", 1, "beta", "", "", null, List.of());
    assertPublished("release-detail-no-source.json", StatusJson.releaseDetail(new ReleaseDetail(noSource, "r", List.of())));
  }

  @Test
  void clients() {
    List<ClientRecord> clients = List.of(CLIENT, ClientRecord.bare("essence"));
    assertPublished("clients.json", StatusJson.clients(clients));
  }

  @Test
  void clientDetailWithEveryPartOfAServicePresentOrAbsent() {
    ServiceDocument full = new ServiceDocument("billing",
        Optional.of(new ServiceDocument.Target(new ServiceVersion("2026.11.25-aaaaaaa", 101, "gcr.io/relay-hub/billing", DIGEST),
            "2026.11.25-aaaaaaa", "2026-11-25T12:00:00Z")),
        Optional.of(new RunningRelease(new ServiceVersion("2026.11.24-ccccccc", 100, "gcr.io/relay-hub/billing", DIGEST), "2026-11-24T09:00:00Z")),
        Optional.of(new RunningRelease(new ServiceVersion("2026.11.20-bbbbbbb", 99, "gcr.io/relay-hub/billing", DIGEST), "2026-11-20T09:00:00Z")),
        Optional.of(new LastEvent("TRIGGERED", "2026.11.25-aaaaaaa", "", "b-1", "https://log/<x>", "2026-11-25T12:00:01Z")));
    ServiceDocument bare = ServiceDocument.none("portal");
    PendingApproval pending = new PendingApproval("acme", "2026.11.25-aaaaaaa", "2026.11.25-aaaaaaa", 101, List.of("portal"),
        "2026-11-25T12:00:00Z");
    CommandDocument pin = new CommandDocument("4711", "acme", "pin", "2026.11.25-aaaaaaa", "billing", "ana@<x>", "hold",
        "2026-11-25T12:00:00.000Z", "REFUSED", "FAILED", "pin refused: billing is not run by acme", "2026-11-25T12:00:00.010Z");
    ClientDetail detail = new ClientDetail(CLIENT, List.of(full, bare), List.of(pending), List.of(DEPLOYMENT), List.of(pin));
    assertPublished("client-detail.json", StatusJson.clientDetail(detail));
  }

  @Test
  void errorsKeepTheirFieldsInOrder() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("error", "unknown release: <none>");
    error.put("releaseId", "x&y");
    assertPublished("error.json", StatusJson.fields(error));
  }
}
