package com.twosixty.relay.status;

import static com.twosixty.relay.status.Html.escape;

import com.twosixty.relay.metrics.FourKeys;
import com.twosixty.relay.metrics.MetricsJson;
import com.twosixty.relay.metrics.MetricsReport;
import com.twosixty.relay.metrics.MetricsReport.DayPoint;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dashboard's DORA panel: the four keys overall, per client and per service, with each row's
 * daily trend drawn as inline SVG (the page's CSP allows no script, and SVG needs none).
 */
final class MetricsPanel {
  static final String STYLE = """
      .keys td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
      .keys tr.service th{padding-left:26px;font-weight:400;color:#4a5468}
      .keys tr.overall th,.keys tr.overall td{background:#f7f9fc;font-weight:600}
      .keys svg{display:block}
      .keys .legend{color:#6b7487;font-size:12px;padding:6px 10px}
      """;

  private static final int CHART_WIDTH = 150;
  private static final int CHART_HEIGHT = 28;

  private MetricsPanel() {}

  static void render(StringBuilder html, MetricsReport report) {
    html.append("<section id=\"metrics\" data-window=\"").append(escape(report.window())).append("\"><h2>")
        .append("Delivery performance · the four keys over ").append(escape(report.window())).append(" (")
        .append(escape(report.from().toString())).append(" – ").append(escape(report.to().toString()))
        .append(" UTC)</h2><div class=\"scroll keys\"><table><thead><tr><th>scope</th>")
        .append("<th title=\"successful deploys per day\">deploys / day</th>")
        .append("<th title=\"commit → SUCCEEDED on the client, median and p90\">lead time (median · p90)</th>")
        .append("<th title=\"(FAILED + rolled back) ÷ deploys\">change failure rate</th>")
        .append("<th title=\"FAILED or rolled back → next SUCCEEDED of the service, median\">recovery (median)</th>")
        .append("<th>deploys / day, failed in red</th><th>lead time / day</th></tr></thead><tbody>");
    row(html, "overall", "all clients", "", report.overall(), Optional.of(report.trend()));
    for (MetricsReport.ClientMetrics client : report.clients()) {
      row(html, "client", client.client(), client.client(), client.keys(), Optional.of(client.trend()));
      for (Map.Entry<String, FourKeys> service : new TreeMap<>(client.services()).entrySet()) {
        row(html, "service", service.getKey(), client.client() + "/" + service.getKey(), service.getValue(), Optional.empty());
      }
    }
    html.append("</tbody></table>");
    if (report.clients().isEmpty()) {
      html.append("<p class=\"empty\">No deploy has ended in this window yet.</p>");
    }
    html.append("<p class=\"legend\">A deploy is a release or redeploy whose build ended; rollbacks are the remedy and ")
        .append("count toward recovery, not as deploys. JSON: <code>/api/metrics?window=P30D</code></p></div></section>");
  }

  private static void row(StringBuilder html, String kind, String label, String scope, FourKeys keys,
      Optional<List<DayPoint>> trend) {
    html.append("<tr class=\"").append(kind).append("\" data-scope=\"").append(escape(scope))
        .append("\" data-deploys=\"").append(keys.deploys()).append("\"><th scope=\"row\">").append(escape(label))
        .append("</th><td class=\"num\" data-key=\"frequency\">").append(String.format(Locale.ROOT, "%.2f", keys.deploysPerDay()))
        .append("</td><td class=\"num\" data-key=\"lead-time\">").append(MetricsJson.human(keys.leadTimeMedian()))
        .append(" · ").append(MetricsJson.human(keys.leadTimeP90()))
        .append("</td><td class=\"num\" data-key=\"change-failure-rate\">").append(MetricsJson.percent(keys.changeFailureRate()))
        .append(" <span class=\"none\">(").append(keys.failed() + keys.rolledBack()).append(" of ").append(keys.deploys())
        .append(")</span></td><td class=\"num\" data-key=\"recovery\">").append(MetricsJson.human(keys.recoveryMedian()))
        .append("</td><td>");
    trend.ifPresent(points -> html.append(deployChart(points)));
    html.append("</td><td>");
    trend.ifPresent(points -> html.append(leadTimeChart(points)));
    html.append("</td></tr>");
  }

  /** One bar per day: succeeded in green, failed and rolled back in red on top. */
  static String deployChart(List<DayPoint> points) {
    long max = 1;
    for (DayPoint p : points) {
      max = Math.max(max, p.succeeded() + p.failed() + p.rolledBack());
    }
    double step = (double) CHART_WIDTH / Math.max(1, points.size());
    StringBuilder svg = svgOpen("deploys per day");
    for (int i = 0; i < points.size(); i++) {
      DayPoint p = points.get(i);
      double good = (double) CHART_HEIGHT * p.succeeded() / max;
      double bad = (double) CHART_HEIGHT * (p.failed() + p.rolledBack()) / max;
      double x = i * step;
      double w = Math.max(1, step - 1);
      if (good > 0) {
        svg.append(rect(x, CHART_HEIGHT - good, w, good, "#3f9b5b"));
      }
      if (bad > 0) {
        svg.append(rect(x, CHART_HEIGHT - good - bad, w, bad, "#c23b3b"));
      }
    }
    return svg.append("</svg>").toString();
  }

  /** The day's median lead time as a line; days without one leave a gap. */
  static String leadTimeChart(List<DayPoint> points) {
    long max = 1;
    for (DayPoint p : points) {
      max = Math.max(max, p.leadTimeMedian().map(Duration::toSeconds).orElse(0L));
    }
    double step = (double) CHART_WIDTH / Math.max(1, points.size());
    StringBuilder svg = svgOpen("median lead time per day");
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      Optional<Duration> median = points.get(i).leadTimeMedian();
      if (median.isEmpty()) {
        flush(svg, line);
        continue;
      }
      double x = i * step + step / 2;
      double y = CHART_HEIGHT - 1 - (CHART_HEIGHT - 2.0) * median.get().toSeconds() / max;
      line.append(line.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
      svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"#1f4d99\"/>", x, y));
    }
    flush(svg, line);
    return svg.append("</svg>").toString();
  }

  private static void flush(StringBuilder svg, StringBuilder line) {
    if (line.indexOf(" ") > 0) {
      svg.append("<polyline fill=\"none\" stroke=\"#1f4d99\" stroke-width=\"1.2\" points=\"").append(line).append("\"/>");
    }
    line.setLength(0);
  }

  private static StringBuilder svgOpen(String label) {
    return new StringBuilder(1024).append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(CHART_WIDTH)
        .append("\" height=\"").append(CHART_HEIGHT).append("\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ')
        .append(CHART_HEIGHT).append("\" role=\"img\" aria-label=\"").append(label).append("\">")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"#f4f6f9\"/>");
  }

  private static String rect(double x, double y, double w, double h, String fill) {
    return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x, y, w, h, fill);
  }
}
