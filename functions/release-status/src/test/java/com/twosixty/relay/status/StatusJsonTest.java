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
import com.twosixty.relay.statusview.Pin;
import com.twosixty.relay.statusview.Standing;
import com.twosixty.relay.statusview.StatusViews.ClientOutcome;
import com.twosixty.relay.statusview.StatusViews.ClientView;
import com.twosixty.relay.statusview.StatusViews.DeploymentView;
import com.twosixty.relay.statusview.StatusViews.FreezeWindowView;
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
 * markup escaped. The expected texts in {@code status-json/} began as what the reflective Gson
 * adapters once wrote for these views, byte for byte; since then fields were only added (the client
 * files' policy, pins by source, "behind", held-back services, build links, auto rollbacks), none
 * renamed or moved. The stored documents' Java models may change; a change here is an API change.
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
      "2026-11-25T11:59:00Z", List.of("billing", "portal"), Map.of("essence", "FAILED", "acme", "PARTIAL"),
      Map.of("acme", Map.of("billing", "pinned")), List.of("essence"));
  private static final ClientRecord RECORD = new ClientRecord("acme", "Acme <Corp>", true, "quarter end", "ops@twosixty.com",
      Map.of("billing", "2026.11.20-bbbbbbb", "portal", ""), "2026-11-25T10:00:00Z");
  /** acme as its file and its commands make it: frozen by an operator and by an open window, billing pinned by command over the file. */
  private static final ClientView CLIENT = new ClientView(RECORD, true, "manual", "stable", List.of("billing", "portal"), true,
      "relay-acme-prod", List.of(new FreezeWindowView("FRIDAY", "16:00", "PT64H", "Europe/London", true, "2026-11-30T08:00Z")),
      "frozen by ops@twosixty.com: quarter end",
      Pin.merge(Map.of("billing", "2026.11.01-0a1b2c3", "portal", "2026.11.01-0a1b2c3"), RECORD.pins()),
      List.of(new Standing.ServiceStanding("billing", "2026.11.20-bbbbbbb", "2026.11.25-aaaaaaa", Standing.Why.PINNED,
          "pinned to 2026.11.20-bbbbbbb (pin command)"),
          new Standing.ServiceStanding("portal", "2026.11.25-aaaaaaa", "2026.11.25-aaaaaaa", Standing.Why.CURRENT,
              "runs the newest release it takes")));
  private static final DeploymentView DEPLOYMENT_VIEW = new DeploymentView(DEPLOYMENT, "FAILED", Map.of("billing", "pinned"),
      DEPLOYMENT.logUrl(), "", "", false);
  private static final DeploymentView AUTO_ROLLBACK = new DeploymentView(new DeploymentDocument("rollback-77", "essence",
      "2026.11.24-ccccccc", 100, "rollback", "SUCCEEDED", Map.of("portal", new DeploymentDocument.Decision("DEPLOY", "")),
      List.of("portal"), List.of("portal"), Map.of(), "b-2", "", "", "2026-11-25T12:04:00Z", "2026-11-25T12:06:00Z", "", 0,
      false, false), "SUCCEEDED", Map.of(), "https://console.cloud.google.com/cloud-build/builds/b-2?project=relay-essence-prod",
      "relay-deploy-reporter@relay-essence-prod.iam.gserviceaccount.com", "auto rollback: FAILURE", true);

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
    List<ClientOutcome> outcomes = List.of(new ClientOutcome("essence", "FAILED", Map.of("billing", "pinned"), services,
        List.of(AUTO_ROLLBACK, DEPLOYMENT_VIEW)));

    ReleaseDetail stored = new ReleaseDetail(release, release.releaseId(), outcomes);
    assertPublished("release-detail.json", StatusJson.releaseDetail(stored));
    ReleaseDetail onlyDeployments = new ReleaseDetail(null, release.releaseId(), outcomes);
    assertPublished("release-detail-only-deployments.json", StatusJson.releaseDetail(onlyDeployments));
    ReleaseRecord noSource = new ReleaseRecord("r", 1, "beta", "", "", null, List.of());
    assertPublished("release-detail-no-source.json", StatusJson.releaseDetail(new ReleaseDetail(noSource, "r", List.of())));
  }

  @Test
  void clients() {
    ClientView essence = new ClientView(ClientRecord.bare("essence"), false, "", "", List.of(), false, "", List.of(), "", Map.of(),
        List.of());
    List<ClientView> clients = List.of(CLIENT, essence);
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
    ClientDetail detail = new ClientDetail(CLIENT, List.of(full, bare), List.of(pending), List.of(DEPLOYMENT_VIEW), List.of(pin));
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
