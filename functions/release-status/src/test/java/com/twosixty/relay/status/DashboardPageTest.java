package com.twosixty.relay.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.statusview.ClientRecord;
import com.twosixty.relay.statusview.Pin;
import com.twosixty.relay.statusview.Standing;
import com.twosixty.relay.statusview.StatusViews.ClientView;
import com.twosixty.relay.statusview.StatusViews.Dashboard;
import com.twosixty.relay.statusview.StatusViews.DeploymentView;
import com.twosixty.relay.statusview.StatusViews.FreezeWindowView;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.statusview.StatusViews.DashboardRow;
import com.twosixty.relay.statusview.StatusViews.ReleaseSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The page's markup from a view, without a browser; ReleaseStatusIT loads it in Chromium. */
class DashboardPageTest {

  /** A client known only by its record: no file, nothing behind. */
  private static ClientView view(ClientRecord record) {
    return new ClientView(record, false, "", "", List.of(), false, "", List.of(), "", Pin.merge(Map.of(), record.pins()), List.of());
  }

  @Test
  void escapeCoversEveryCharacterThatEndsTextOrAnAttribute() {
    assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;",
        Html.escape("<a href=\"x\" title='y'>Tom & Jerry</a>"));
    assertEquals("", Html.escape(null));
  }

  @Test
  void valuesFromTheStoreNeverBecomeMarkupOrClassNames() {
    String payload = "\"><script>alert(1)</script>";
    ClientRecord client = new ClientRecord("essence", payload, true, payload, payload, Map.of("billing", payload), "");
    ServiceDocument billing = new ServiceDocument("billing", Optional.empty(),
        Optional.of(new RunningRelease(new ServiceVersion(payload, 1, payload, payload), payload)), Optional.empty(),
        Optional.of(new LastEvent(payload, payload, payload, "", "", "")));
    Dashboard dashboard = new Dashboard("2026-11-24T12:00:00Z", List.of("billing", payload),
        List.of(new DashboardRow(view(client), Map.of("billing", billing))), List.of(),
        List.of(new ReleaseSummary(payload, 1, payload, payload, List.of(payload), Map.of("essence", payload),
            Map.of("essence", Map.of(payload, payload)), List.of("essence"))),
        List.of(new CommandDocument(payload, "essence", payload, payload, payload, payload, payload, payload, payload, payload,
            payload, payload)), List.of());

    String html = DashboardPage.render(dashboard);

    assertFalse(html.contains("<script"), html);
    assertTrue(html.contains("data-running=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), "no attribute is closed early: " + html);
    assertTrue(html.contains("<span class=\"status other\">&quot;&gt;&lt;script&gt;"), "an unknown status gets a neutral class");
    assertTrue(html.contains("<span class=\"mark frozen\""), html);
  }

  @Test
  void statusesHaveAColourAndTheirName() {
    Dashboard dashboard = new Dashboard("2026-11-24T12:00:00Z", List.of("billing"),
        List.of(new DashboardRow(view(ClientRecord.bare("essence")), Map.of("billing", new ServiceDocument("billing", Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.of(new LastEvent("FAILED", "r-1", "FAILURE", "", "", "")))))),
        List.of(), List.of(), List.of(), List.of());
    String html = DashboardPage.render(dashboard);
    assertTrue(html.contains("<span class=\"status bad\">FAILED</span>"), html);
    assertTrue(html.contains("No command handled yet."), html);
    assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"10\">"), html);
  }

  @Test
  void theMetricsPanelShowsEachKeyAndDrawsItsTrendsWithoutScript() {
    String payload = "<script>alert(1)</script>";
    java.time.LocalDate today = java.time.LocalDate.parse("2026-12-07");
    com.twosixty.relay.metrics.ServiceDay billing = new com.twosixty.relay.metrics.ServiceDay(3, 1, 0,
        List.of(600L, 3600L, 7200L), List.of(900L));
    com.twosixty.relay.metrics.MetricsReport report = com.twosixty.relay.metrics.DoraMetrics.compute(
        com.twosixty.relay.metrics.MetricsWindow.parse("P7D", today),
        Map.of("essence", List.of(new com.twosixty.relay.metrics.MetricsDay(today, Map.of("billing", billing, payload, billing)))));
    Dashboard empty = new Dashboard("2026-12-07T12:00:00Z", List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    String html = DashboardPage.render(empty, Optional.of(report));

    assertTrue(html.contains("<section id=\"metrics\" data-window=\"P7D\">"), html);
    assertTrue(html.contains("<tr class=\"service\" data-scope=\"essence/billing\" data-deploys=\"4\">"), html);
    assertTrue(html.contains("<td class=\"num\" data-key=\"lead-time\">1h · 2h</td>"), html);
    assertTrue(html.contains("<td class=\"num\" data-key=\"change-failure-rate\">25% "), html);
    assertTrue(html.contains("<td class=\"num\" data-key=\"recovery\">15m</td>"), html);
    assertTrue(html.contains("<td class=\"num\" data-key=\"frequency\">0.86</td>"), "6 successes in 7 days, overall");
    assertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), html);
    assertFalse(html.contains("<script"), "a service named like markup stays text");
  }

  @Test
  void policyBehindBuildLinksAndAnAutoRollbackAreShownAndNoStoredUrlBecomesAScriptLink() {
    ClientRecord record = new ClientRecord("acme", "Acme", false, "", "", Map.of(), "");
    ClientView acme = new ClientView(record, true, "manual", "both", List.of("billing"), true, "relay-acme-prod",
        List.of(new FreezeWindowView("MONDAY", "00:00", "PT168H", "UTC", true, "2026-12-14T00:00Z")),
        "freeze window MONDAY 00:00 UTC for PT168H, open until 2026-12-14T00:00Z",
        Pin.merge(Map.of("billing", "r-1"), Map.of()),
        List.of(new Standing.ServiceStanding("billing", "r-1", "r-2", Standing.Why.PINNED, "pinned to r-1 (client file)")));
    ServiceDocument billing = new ServiceDocument("billing",
        Optional.of(new ServiceDocument.Target(new ServiceVersion("r-1", 1, "", ""), "rollback-9", "")),
        Optional.of(new RunningRelease(new ServiceVersion("r-1", 1, "", ""), "")), Optional.empty(),
        Optional.of(new LastEvent("SUCCEEDED", "r-1", "", "b-9", "javascript:alert(1)", "")));
    DeploymentView rollback = new DeploymentView(new DeploymentDocument("rollback-9", "acme", "r-1", 1, "rollback", "SUCCEEDED",
        Map.of(), List.of(), List.of("billing"), Map.of(), "b-9", "javascript:alert(1)", "", "", "2026-12-07T10:00:00Z", "", 0,
        false, false), "SUCCEEDED", Map.of(), "https://console.cloud.google.com/cloud-build/builds/b-9?project=relay-acme-prod",
        "relay-deploy-reporter@relay-acme-prod.iam.gserviceaccount.com", "auto rollback: FAILURE", true);
    Dashboard dashboard = new Dashboard("2026-12-07T12:00:00Z", List.of("billing"),
        List.of(new DashboardRow(acme, Map.of("billing", billing))), List.of(), List.of(), List.of(), List.of(rollback));

    String html = DashboardPage.render(dashboard);

    assertTrue(html.contains("<tr data-client=\"acme\" data-behind=\"true\">"), html);
    assertTrue(html.contains("approval manual · channel both · auto rollback"), html);
    assertTrue(html.contains("<li class=\"window\" data-open=\"true\">freeze MONDAY 00:00 UTC for PT168H"), html);
    assertTrue(html.contains("OPEN NOW"), html);
    assertTrue(html.contains("<span class=\"mark pinned\" data-source=\"file\">PINNED r-1 (client file)</span>"), html);
    assertTrue(html.contains("data-behind=\"PINNED\">"), html);
    assertTrue(html.contains("<span class=\"mark behind\" title=\"newest it takes: r-2\">BEHIND</span>"), html);
    assertTrue(html.contains("<a class=\"log\" href=\"https://console.cloud.google.com/cloud-build/builds/b-9?project=relay-acme-prod\""),
        "the stored javascript: URL is replaced by the console's page: " + html);
    assertFalse(html.contains("javascript:"), html);
    assertTrue(html.contains(">AUTO ROLLBACK</span>"), html);
    assertTrue(html.contains("data-kind=\"rollback\" data-automatic=\"true\""), html);
  }

  @Test
  void soakTimesReadAsDaysHoursMinutesSeconds() {
    assertEquals("0s", DashboardPage.duration(0));
    assertEquals("1m20s", DashboardPage.duration(80));
    assertEquals("1h", DashboardPage.duration(3600));
    assertEquals("1d1h1s", DashboardPage.duration(90001));
  }
}
