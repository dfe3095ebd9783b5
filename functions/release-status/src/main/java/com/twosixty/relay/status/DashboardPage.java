package com.twosixty.relay.status;

import static com.twosixty.relay.status.Html.escape;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.statusview.BuildLinks;
import com.twosixty.relay.statusview.ClientRecord;
import com.twosixty.relay.statusview.Coverage;
import com.twosixty.relay.statusview.Pin;
import com.twosixty.relay.statusview.RolloutView;
import com.twosixty.relay.statusview.Standing;
import com.twosixty.relay.statusview.StatusViews.ClientView;
import com.twosixty.relay.statusview.StatusViews.DeploymentView;
import com.twosixty.relay.statusview.StatusViews.FreezeWindowView;
import com.twosixty.relay.statusview.StatusViews.Dashboard;
import com.twosixty.relay.statusview.StatusViews.DashboardRow;
import com.twosixty.relay.statusview.StatusViews.PendingApproval;
import com.twosixty.relay.statusview.StatusViews.ReleaseSummary;
import com.twosixty.relay.metrics.MetricsReport;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
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
    if (Coverage.PARTIAL.equals(stored)) {
      return "part";
    }
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
      .status.part{background:#eef6d8;color:#4d5f12;border-color:#c3d68a}
      .status.muted,.status.other{background:#eceef2;color:#4a5468;border-color:#c9ced8}
      .mark{display:inline-block;margin-top:3px;padding:0 6px;border-radius:4px;font-size:11px;font-weight:700;letter-spacing:.02em}
      .mark.frozen{background:#dbeafe;color:#1e3a8a;border:1px solid #93b4f5}
      .mark.pinned{background:#f3e8ff;color:#5b21b6;border:1px solid #c4a5f5}
      .mark.behind{background:#ffedd5;color:#9a3412;border:1px solid #f5b27a}
      .mark.open{background:#fee2e2;color:#991b1b;border:1px solid #f0a3a3}
      .mark.rollback{background:#fde6e6;color:#9b1c1c;border:1px solid #f0a3a3}
      .policy{color:#4a5468;font-size:12px;font-weight:400}
      .policy li{margin:0}
      .policy ul{margin:2px 0 0;padding-left:16px}
      a.log{font-size:12px;color:#1f4d99}
      td.rollout{min-width:260px}
      tr[data-rollout=HALTED] td{background:#fff4f4}
      .halt{margin-top:3px;color:#9b1c1c;font-size:12px;font-weight:600;overflow-wrap:anywhere}
      ol.waves{margin:4px 0 0;padding-left:0;list-style:none}
      li.wave{margin:2px 0;font-size:12px}
      li.wave .who{display:inline-block;margin-right:6px}
      .soak{color:#7a5200;font-size:12px}
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
    deployments(html, dashboard);
    fanOut(html, dashboard);
    metrics.ifPresent(report -> MetricsPanel.render(html, report));
    html.append("</main></body></html>\n");
    return html.toString();
  }

  private static void matrix(StringBuilder html, Dashboard dashboard) {
    html.append("<section id=\"matrix\"><h2>Clients × services</h2>");
    if (dashboard.rows().isEmpty()) {
      html.append("<p class=\"empty\">No client file and nothing recorded yet.</p></section>");
      return;
    }
    html.append("<div class=\"scroll\"><table><thead><tr><th>client</th>");
    for (String service : dashboard.services()) {
      html.append("<th>").append(escape(service)).append("</th>");
    }
    html.append("</tr></thead><tbody>");
    for (DashboardRow row : dashboard.rows()) {
      ClientView view = row.client();
      ClientRecord client = view.record();
      html.append("<tr data-client=\"").append(escape(client.id())).append("\" data-behind=\"").append(view.behind())
          .append("\"><th scope=\"row\">")
          .append(escape(client.displayName())).append("<span class=\"id\">").append(escape(client.id())).append("</span>");
      if (view.behind()) {
        html.append("<span class=\"mark behind\">BEHIND</span> ");
      }
      if (client.frozen()) {
        html.append("<span class=\"mark frozen\" title=\"").append(escape(frozenTitle(client))).append("\">FROZEN</span>");
        if (!client.freezeReason().isEmpty()) {
          html.append("<div class=\"reason\">").append(escape(client.freezeReason())).append("</div>");
        }
      }
      policy(html, view);
      html.append("</th>");
      Map<String, Standing.ServiceStanding> standing = new java.util.HashMap<>();
      view.standing().forEach(s -> standing.put(s.service(), s));
      for (String service : dashboard.services()) {
        cell(html, view, service, row.services().get(service), standing.get(service), dashboard);
      }
      html.append("</tr>");
    }
    html.append("</tbody></table></div></section>");
  }

  /** What the client file says: approval, channel, auto rollback, freeze windows (and which is open now). */
  private static void policy(StringBuilder html, ClientView view) {
    html.append("<div class=\"policy\" data-approval=\"").append(escape(view.approval())).append("\">");
    if (!view.configured()) {
      html.append("no client file</div>");
      return;
    }
    html.append("approval ").append(escape(view.approval())).append(" · channel ").append(escape(view.channel()))
        .append(view.autoRollback() ? " · auto rollback" : "");
    if (!view.freezeWindows().isEmpty()) {
      html.append("<ul class=\"windows\">");
      for (FreezeWindowView window : view.freezeWindows()) {
        html.append("<li class=\"window\" data-open=\"").append(window.open()).append("\">freeze ")
            .append(escape(window.day())).append(' ').append(escape(window.start())).append(' ')
            .append(escape(window.timeZone())).append(" for ").append(escape(window.duration()));
        if (window.open()) {
          html.append(" <span class=\"mark open\" title=\"open until ").append(escape(window.openUntil()))
              .append("\">OPEN NOW</span>");
        }
        html.append("</li>");
      }
      html.append("</ul>");
    }
    html.append("</div>");
  }

  private static void cell(StringBuilder html, ClientView view, String service, ServiceDocument status,
      Standing.ServiceStanding standing, Dashboard dashboard) {
    ClientRecord client = view.record();
    LastEvent last = status == null ? null : status.last().orElse(null);
    RunningRelease running = status == null ? null : status.running().orElse(null);
    html.append("<td class=\"cell\" data-client=\"").append(escape(client.id())).append("\" data-service=\"")
        .append(escape(service)).append("\" data-running=\"").append(escape(running == null ? "" : running.version().releaseId()))
        .append("\" data-last=\"").append(escape(last == null ? "" : last.status())).append("\" data-behind=\"")
        .append(standing == null || !standing.behind() ? "" : standing.why().name()).append("\">");
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
      logLink(html, BuildLinks.logUrl(last.logUrl(), last.buildId(), view.project()));
    }
    String targetDeployment = status == null ? "" : status.targetDeploymentId();
    dashboard.recentDeployments().stream()
        .filter(d -> d.deployment().client().equals(client.id()) && d.deployment().deploymentId().equals(targetDeployment)
            && "rollback".equals(d.deployment().kind()))
        .findFirst().ifPresent(rollback -> html.append("<div>").append(rollbackMark(rollback)).append("</div>"));
    Optional<Pin> pin = view.pinOf(service);
    if (pin.isPresent()) {
      html.append("<div><span class=\"mark pinned\" data-source=\"").append(escape(pin.get().source())).append("\">PINNED ")
          .append(escape(pin.get().releaseId())).append(" (").append(Pin.FILE.equals(pin.get().source()) ? "client file" : "pin command")
          .append(")</span></div>");
    }
    if (standing != null && standing.behind()) {
      html.append("<div class=\"why\"><span class=\"mark behind\" title=\"newest it takes: ").append(escape(standing.newest()))
          .append("\">BEHIND</span> <span class=\"reason\">").append(escape(standing.detail())).append("</span></div>");
    }
    html.append("</td>");
  }

  private static void logLink(StringBuilder html, String url) {
    if (!url.isEmpty()) {
      html.append(" <a class=\"log\" href=\"").append(escape(url)).append("\" rel=\"noreferrer\">build log</a>");
    }
  }

  private static String rollbackMark(DeploymentView rollback) {
    String title = (rollback.requestedBy().isEmpty() ? "" : "by " + rollback.requestedBy())
        + (rollback.requestReason().isEmpty() ? "" : ": " + rollback.requestReason());
    return "<span class=\"mark rollback\" title=\"" + escape(title) + "\">"
        + (rollback.automatic() ? "AUTO ROLLBACK" : "ROLLBACK") + "</span>";
  }

  /** Each client's latest deployments, newest first: outcome, what was held back, who asked, the build's log. */
  private static void deployments(StringBuilder html, Dashboard dashboard) {
    html.append("<section id=\"deployments\"><h2>Recent deployments</h2>");
    if (dashboard.recentDeployments().isEmpty()) {
      html.append("<p class=\"empty\">No deployment yet.</p></section>");
      return;
    }
    html.append("<div class=\"scroll\"><table><thead><tr><th>client</th><th>deployment</th><th>services</th>")
        .append("<th>outcome</th><th>updated</th><th>build</th></tr></thead><tbody>");
    for (DeploymentView view : dashboard.recentDeployments()) {
      var d = view.deployment();
      html.append("<tr data-client=\"").append(escape(d.client())).append("\" data-deployment=\"")
          .append(escape(d.deploymentId())).append("\" data-kind=\"").append(escape(d.kind()))
          .append("\" data-automatic=\"").append(view.automatic()).append("\"><td>").append(escape(d.client()))
          .append("</td><td><span class=\"release\">").append(escape(d.releaseId())).append("</span> ")
          .append(escape(d.kind()));
      if ("rollback".equals(d.kind())) {
        html.append(' ').append(rollbackMark(view));
      }
      if (!view.requestReason().isEmpty()) {
        html.append("<div class=\"reason\">").append(escape(view.requestReason())).append("</div>");
      }
      html.append("</td><td>").append(escape(String.join(", ", d.services())));
      view.heldBack().forEach((service, reason) -> html.append("<div class=\"reason held\">held back ")
          .append(escape(service)).append(": ").append(escape(reason)).append("</div>"));
      html.append("</td><td>").append(badge(view.status()));
      if (d.autoRollbackRequested()) {
        html.append(" <span class=\"mark rollback\" title=\"deploy-reporter asked for a rollback\">AUTO ROLLBACK REQUESTED</span>");
      }
      if (!d.reason().isEmpty()) {
        html.append("<div class=\"reason\">").append(escape(d.reason())).append("</div>");
      }
      html.append("</td><td>").append(escape(shortTime(d.updatedAt()))).append("</td><td>");
      logLink(html, view.logUrl());
      html.append("</td></tr>");
    }
    html.append("</tbody></table></div></section>");
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
    boolean waves = dashboard.recentReleases().stream().anyMatch(release -> release.rollout().isPresent());
    html.append("<div class=\"scroll\"><table><thead><tr><th>release</th><th>channel</th><th>services</th>");
    if (waves) {
      html.append("<th>rollout</th>");
    }
    for (String client : dashboard.clientIds()) {
      html.append("<th>").append(escape(client)).append("</th>");
    }
    html.append("</tr></thead><tbody>");
    for (ReleaseSummary release : dashboard.recentReleases()) {
      html.append("<tr data-release=\"").append(escape(release.releaseId())).append("\" data-rollout=\"")
          .append(escape(release.rollout().map(RolloutView::state).orElse(""))).append("\"><td class=\"release\">")
          .append(escape(release.releaseId())).append("<span class=\"id\">").append(escape(shortTime(release.createdAt())))
          .append("</span></td><td>").append(escape(release.channel())).append("</td><td>")
          .append(escape(String.join(", ", release.services()))).append("</td>");
      if (waves) {
        rollout(html, release.rollout());
      }
      for (String client : dashboard.clientIds()) {
        String status = release.clients().get(client);
        Map<String, String> held = release.heldBack().getOrDefault(client, Map.of());
        html.append("<td class=\"fan\" data-client=\"").append(escape(client)).append("\" data-status=\"")
            .append(escape(status == null ? "" : status)).append("\">")
            .append(status == null ? "<span class=\"none\">—</span>" : badge(status));
        held.forEach((service, reason) -> html.append("<div class=\"reason held\">held back ").append(escape(service))
            .append(": ").append(escape(reason)).append("</div>"));
        if (release.autoRollbacks().contains(client)) {
          html.append(" <span class=\"mark rollback\">AUTO ROLLBACK</span>");
        }
        html.append("</td>");
      }
      html.append("</tr>");
    }
    html.append("</tbody></table></div></section>");
  }

  /**
   * A release's rollout: its state, a halt in red with the failing client, the reason and who halted
   * it, then each wave in order with its state, soak remaining or what it waits for, and each client's status.
   */
  private static void rollout(StringBuilder html, Optional<RolloutView> view) {
    if (view.isEmpty()) {
      html.append("<td class=\"rollout\"><span class=\"none\">—</span></td>");
      return;
    }
    RolloutView rollout = view.get();
    html.append("<td class=\"rollout\" data-state=\"").append(escape(rollout.state())).append("\">")
        .append(rolloutBadge(rollout.state())).append(" <span class=\"policy\">").append(rollout.openWaves()).append('/')
        .append(rollout.waves().size()).append(" waves open</span>");
    rollout.halt().ifPresent(halt -> html.append("<div class=\"halt\" data-client=\"").append(escape(halt.client()))
        .append("\" data-by=\"").append(escape(halt.by())).append("\">halted by ").append(escape(halt.by()))
        .append(halt.client().isEmpty() ? "" : " · client " + escape(halt.client())).append(": ").append(escape(halt.reason()))
        .append("</div>"));
    html.append("<ol class=\"waves\">");
    for (RolloutView.WaveView wave : rollout.waves()) {
      html.append("<li class=\"wave\" data-wave=\"").append(wave.wave()).append("\" data-state=\"").append(escape(wave.state()))
          .append("\" data-soak-remaining=\"").append(wave.soakRemainingSeconds()).append("\">wave ").append(wave.wave()).append(' ')
          .append(rolloutBadge(wave.state()));
      if (wave.promoted()) {
        html.append(" <span class=\"policy\">promoted</span>");
      }
      if (wave.soakRemainingSeconds() > 0) {
        html.append(" <span class=\"soak\" title=\"until ").append(escape(wave.soakEndsAt())).append("\">soak ")
            .append(duration(wave.soakRemainingSeconds())).append(" left</span>");
      }
      html.append("<div>");
      for (RolloutView.ClientState client : wave.clients()) {
        html.append("<span class=\"who\" data-client=\"").append(escape(client.client())).append("\" data-status=\"")
            .append(escape(client.status())).append("\">").append(escape(client.client())).append(' ')
            .append(client.status().isEmpty() ? "<span class=\"none\">—</span>" : badge(client.status())).append("</span>");
      }
      html.append("</div>");
      if (!wave.waitingFor().isEmpty() && !RolloutView.WAVE_HALTED.equals(wave.state())) {
        html.append("<div class=\"reason\">").append(escape(wave.waitingFor())).append("</div>");
      }
      html.append("</li>");
    }
    html.append("</ol></td>");
  }

  /** A rollout's or a wave's state → its look: halted red, done green, waiting or soaking amber, rolling out blue. */
  private static String rolloutBadge(String state) {
    String look = switch (state) {
      case RolloutView.HALTED -> "bad";
      case RolloutView.COMPLETE, RolloutView.DONE -> "ok";
      case RolloutView.SOAKING, RolloutView.WAITING -> "wait";
      case RolloutView.ROLLING_OUT, RolloutView.OPEN -> "busy";
      default -> "other";
    };
    return "<span class=\"status " + look + "\">" + escape(state) + "</span>";
  }

  /** 80 → "1m20s", 3600 → "1h", 90000 → "1d1h". */
  static String duration(long seconds) {
    long d = seconds / 86400;
    long h = seconds % 86400 / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    StringBuilder text = new StringBuilder();
    if (d > 0) {
      text.append(d).append('d');
    }
    if (h > 0) {
      text.append(h).append('h');
    }
    if (m > 0) {
      text.append(m).append('m');
    }
    if (s > 0 || text.isEmpty()) {
      text.append(s).append('s');
    }
    return text.toString();
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
