package com.twosixty.relay.status;

import static com.twosixty.relay.status.Html.escape;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.statusview.ClientRecord;
import com.twosixty.relay.statusview.StatusViews.Dashboard;
import com.twosixty.relay.statusview.StatusViews.DashboardRow;
import com.twosixty.relay.statusview.StatusViews.PendingApproval;
import com.twosixty.relay.statusview.StatusViews.ReleaseSummary;
import com.twosixty.relay.metrics.MetricsReport;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The dashboard as one server-rendered page: no script, no external resource, refreshed by the
 * browser every {@value #REFRESH_SECONDS} seconds. Every value from the store is escaped.
 */
final class DashboardPage {
  static final int REFRESH_SECONDS = 10;

  private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

  /** Status → CSS class; a status the page does not know gets a neutral look, never its own text as a class. */
  private static String statusClass(String stored) {
    return DeploymentStatus.fromStored(stored).map(status -> switch (status) {
      case SUCCEEDED -> "ok";
      case FAILED, HALTED -> "bad";
      case ROLLED_BACK, SKIPPED -> "muted";
      case AWAITING_APPROVAL, WAITING_FOR_WAVE -> "wait";
      case PLANNED, TRIGGERED, STARTED -> "busy";
    }).orElse("other");
  }

  private static final String STYLE = """
      *{box-sizing:border-box}
      body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2330;background:#f4f6f9}
      header{display:flex;align-items:baseline;gap:16px;padding:12px 24px;background:#1d2330;color:#fff}
      header h1{margin:0;font-size:20px}
      header p{margin:0;color:#c5cbd6;font-size:13px}
      main{padding:8px 24px 24px}
      h2{font-size:16px;margin:18px 0 8px}
      .scroll{overflow-x:auto;background:#fff;border:1px solid #d8dde6;border-radius:6px}
      table{border-collapse:collapse;width:100%}
      th,td{padding:6px 10px;border-bottom:1px solid #e6e9ef;text-align:left;vertical-align:top}
      thead th{background:#eef1f5;font-size:12px;color:#4a5468;white-space:nowrap}
      th[scope=row]{white-space:nowrap;min-width:150px}
      .id,.release,code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
      .id{color:#6b7487;display:block}
      .cell{min-width:150px}
      .none{color:#8a93a5}
      .reason{color:#4a5468;font-size:12px;max-width:260px;overflow-wrap:anywhere}
      .status{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;border:1px solid}
      .status.ok{background:#e3f6e8;color:#17652f;border-color:#9bd5ab}
      .status.bad{background:#fde6e6;color:#9b1c1c;border-color:#f0a3a3}
      .status.wait{background:#fff3d6;color:#7a5200;border-color:#f0cf7f}
      .status.busy{background:#e4eefc;color:#1f4d99;border-color:#a8c3ef}
      .status.muted,.status.other{background:#eceef2;color:#4a5468;border-color:#c9ced8}
      .mark{display:inline-block;margin-top:3px;padding:0 6px;border-radius:4px;font-size:11px;font-weight:700;letter-spacing:.02em}
      .mark.frozen{background:#dbeafe;color:#1e3a8a;border:1px solid #93b4f5}
      .mark.pinned{background:#f3e8ff;color:#5b21b6;border:1px solid #c4a5f5}
      .empty{color:#6b7487;padding:10px}
      """;

  private DashboardPage() {}

  static String render(Dashboard dashboard) {
    return render(dashboard, Optional.empty());
  }

  /** With the DORA panel ({@link MetricsPanel}) when {@code metrics} is there. */
  static String render(Dashboard dashboard, Optional<MetricsReport> metrics) {
    StringBuilder html = new StringBuilder(16 * 1024);
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Relay — what runs where</title><style>").append(STYLE).append(MetricsPanel.STYLE)
        .append("</style></head><body>");
    html.append("<header><h1>Relay</h1><p>what runs where · updated <time datetime=\"")
        .append(escape(dashboard.generatedAt())).append("\">").append(escape(shortTime(dashboard.generatedAt())))
        .append("</time> · refreshes every ").append(REFRESH_SECONDS).append(" s · JSON: <code>/api/releases</code>, ")
        .append("<code>/api/clients</code>, <code>/api/metrics</code></p></header><main>");
    matrix(html, dashboard);
    approvals(html, dashboard);
    commands(html, dashboard);
    fanOut(html, dashboard);
    metrics.ifPresent(report -> MetricsPanel.render(html, report));
    html.append("</main></body></html>\n");
    return html.toString();
  }

  private static void matrix(StringBuilder html, Dashboard dashboard) {
    html.append("<section id=\"matrix\"><h2>Clients × services</h2>");
    if (dashboard.rows().isEmpty()) {
      html.append("<p class=\"empty\">No client has recorded anything yet.</p></section>");
      return;
    }
    html.append("<div class=\"scroll\"><table><thead><tr><th>client</th>");
    for (String service : dashboard.services()) {
      html.append("<th>").append(escape(service)).append("</th>");
    }
    html.append("</tr></thead><tbody>");
    for (DashboardRow row : dashboard.rows()) {
      ClientRecord client = row.client();
      html.append("<tr data-client=\"").append(escape(client.id())).append("\"><th scope=\"row\">")
          .append(escape(client.displayName())).append("<span class=\"id\">").append(escape(client.id())).append("</span>");
      if (client.frozen()) {
        html.append("<span class=\"mark frozen\" title=\"").append(escape(frozenTitle(client))).append("\">FROZEN</span>");
        if (!client.freezeReason().isEmpty()) {
          html.append("<div class=\"reason\">").append(escape(client.freezeReason())).append("</div>");
        }
      }
      html.append("</th>");
      for (String service : dashboard.services()) {
        cell(html, client, service, row.services().get(service));
      }
      html.append("</tr>");
    }
    html.append("</tbody></table></div></section>");
  }

  private static void cell(StringBuilder html, ClientRecord client, String service, ServiceDocument status) {
    LastEvent last = status == null ? null : status.last().orElse(null);
    RunningRelease running = status == null ? null : status.running().orElse(null);
    html.append("<td class=\"cell\" data-client=\"").append(escape(client.id())).append("\" data-service=\"")
        .append(escape(service)).append("\" data-running=\"").append(escape(running == null ? "" : running.version().releaseId()))
        .append("\" data-last=\"").append(escape(last == null ? "" : last.status())).append("\">");
    if (status == null) {
      html.append("<span class=\"none\" title=\"nothing recorded for this service here\">—</span>");
    } else if (running == null) {
      html.append("<div class=\"release none\">nothing running</div>");
    } else {
      html.append("<div class=\"release\" title=\"").append(escape(running.version().reference()))
          .append(" since ").append(escape(running.since())).append("\">").append(escape(running.version().releaseId())).append("</div>");
    }
    if (last != null) {
      html.append(badge(last.status()));
      if (running == null || !last.releaseId().equals(running.version().releaseId())) {
        html.append(" <span class=\"release\">").append(escape(last.releaseId())).append("</span>");
      }
      if (!last.reason().isEmpty()) {
        html.append("<div class=\"reason\">").append(escape(last.reason())).append("</div>");
      }
    }
    String pin = client.pinOf(service);
    if (!pin.isEmpty()) {
      html.append("<div><span class=\"mark pinned\">PINNED ").append(escape(pin)).append("</span></div>");
    }
    html.append("</td>");
  }

  private static void approvals(StringBuilder html, Dashboard dashboard) {
    html.append("<section id=\"approvals\"><h2>Waiting for approval</h2>");
    if (dashboard.awaitingApproval().isEmpty()) {
      html.append("<p class=\"empty\">Nothing waits for approval.</p></section>");
      return;
    }
    html.append("<div class=\"scroll\"><table><thead><tr><th>client</th><th>release</th><th>services</th><th>since</th>")
        .append("</tr></thead><tbody>");
    for (PendingApproval pending : dashboard.awaitingApproval()) {
      html.append("<tr data-client=\"").append(escape(pending.client())).append("\" data-release=\"")
          .append(escape(pending.releaseId())).append("\"><td>").append(escape(pending.client()))
          .append("</td><td class=\"release\">").append(escape(pending.releaseId())).append("</td><td>")
          .append(escape(String.join(", ", pending.services()))).append("</td><td>")
          .append(escape(shortTime(pending.since()))).append("</td></tr>");
    }
    html.append("</tbody></table></div></section>");
  }

  /** Each client's latest commands (the audit trail), with who sent them and what answered them. */
  private static void commands(StringBuilder html, Dashboard dashboard) {
    html.append("<section id=\"commands\"><h2>Recent commands</h2>");
    if (dashboard.recentCommands().isEmpty()) {
      html.append("<p class=\"empty\">No command handled yet.</p></section>");
      return;
    }
    html.append("<div class=\"scroll\"><table><thead><tr><th>client</th><th>command</th><th>release</th><th>service</th>")
        .append("<th>by</th><th>received</th><th>outcome</th></tr></thead><tbody>");
    for (CommandDocument command : dashboard.recentCommands()) {
      html.append("<tr data-client=\"").append(escape(command.client())).append("\" data-command=\"")
          .append(escape(command.command())).append("\" data-outcome=\"").append(escape(command.outcome())).append("\"><td>")
          .append(escape(command.client())).append("</td><td>").append(escape(command.command()));
      if (!command.reason().isEmpty()) {
        html.append("<div class=\"reason\">").append(escape(command.reason())).append("</div>");
      }
      html.append("</td><td class=\"release\">").append(escape(command.releaseId())).append("</td><td>")
          .append(escape(command.service())).append("</td><td>").append(escape(command.by())).append("</td><td>")
          .append(escape(shortTime(command.receivedAt()))).append("</td><td>").append(escape(command.outcome()));
      if (!command.status().isEmpty()) {
        html.append(" ").append(badge(command.status()));
      }
      if (!command.outcomeReason().isEmpty()) {
        html.append("<div class=\"reason\">").append(escape(command.outcomeReason())).append("</div>");
      }
      html.append("</td></tr>");
    }
    html.append("</tbody></table></div></section>");
  }

  private static void fanOut(StringBuilder html, Dashboard dashboard) {
    html.append("<section id=\"releases\"><h2>Recent releases</h2>");
    if (dashboard.recentReleases().isEmpty()) {
      html.append("<p class=\"empty\">No release recorded yet.</p></section>");
      return;
    }
    html.append("<div class=\"scroll\"><table><thead><tr><th>release</th><th>channel</th><th>services</th>");
    for (String client : dashboard.clientIds()) {
      html.append("<th>").append(escape(client)).append("</th>");
    }
    html.append("</tr></thead><tbody>");
    for (ReleaseSummary release : dashboard.recentReleases()) {
      html.append("<tr data-release=\"").append(escape(release.releaseId())).append("\"><td class=\"release\">")
          .append(escape(release.releaseId())).append("<span class=\"id\">").append(escape(shortTime(release.createdAt())))
          .append("</span></td><td>").append(escape(release.channel())).append("</td><td>")
          .append(escape(String.join(", ", release.services()))).append("</td>");
      for (String client : dashboard.clientIds()) {
        String status = release.clients().get(client);
        html.append("<td class=\"fan\" data-client=\"").append(escape(client)).append("\" data-status=\"")
            .append(escape(status == null ? "" : status)).append("\">")
            .append(status == null ? "<span class=\"none\">—</span>" : badge(status)).append("</td>");
      }
      html.append("</tr>");
    }
    html.append("</tbody></table></div></section>");
  }

  private static String badge(String status) {
    return "<span class=\"status " + statusClass(status) + "\">" + escape(status) + "</span>";
  }

  private static String frozenTitle(ClientRecord client) {
    return "frozen" + (client.frozenBy().isEmpty() ? "" : " by " + client.frozenBy())
        + (client.freezeReason().isEmpty() ? "" : ": " + client.freezeReason());
  }

  private static String shortTime(String timestamp) {
    try {
      return OffsetDateTime.parse(timestamp).atZoneSameInstant(ZoneOffset.UTC).format(SHORT_TIME);
    } catch (DateTimeParseException | NullPointerException e) {
      return timestamp == null ? "" : timestamp;
    }
  }
}
