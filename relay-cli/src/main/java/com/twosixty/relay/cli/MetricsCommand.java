package com.twosixty.relay.cli;

import com.twosixty.relay.metrics.FourKeys;
import com.twosixty.relay.metrics.MetricsJson;
import com.twosixty.relay.metrics.MetricsReport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = {"Reads release-status's four DORA keys over a window: deployment frequency, lead time for",
        "changes (median, p90), change failure rate and failed deployment recovery time (median), overall,",
        "per client and per service; --json prints the API's answer."})
final class MetricsCommand implements Callable<Integer> {
  @Option(names = "--window", defaultValue = "P30D", description = "ISO 8601 days, e.g. P7D (default: ${DEFAULT-VALUE}).")
  String window;

  @Option(names = "--json", description = "Print release-status's JSON as it answers.")
  boolean json;

  @Option(names = "--url", description = "release-status's URL (with --hub-project).")
  String url;

  @Mixin
  Target target;

  @Override
  public Integer call() {
    String base = target.releaseStatusBase(url);
    Http.Answer answer = Http.get(base + "api/metrics?window=" + URLEncoder.encode(window, StandardCharsets.UTF_8));
    if (json || !answer.ok()) {
      System.out.println(answer.body());
      return answer.ok() ? 0 : 1;
    }
    System.out.print(table(MetricsJson.fromJson(answer.body())));
    return 0;
  }

  /** The keys as a table: the overall row, then each client and its services indented under it. */
  static String table(MetricsReport report) {
    StringBuilder out = new StringBuilder();
    out.append("four keys over ").append(report.window()).append(" (").append(report.from()).append(" – ")
        .append(report.to()).append(" UTC)\n");
    String row = "%-24s %8s %8s %10s %10s %14s %10s%n";
    out.append(String.format(Locale.ROOT, row, "scope", "deploys", "per day", "lead p50", "lead p90", "change fail", "recovery"));
    out.append(line(row, "all clients", report.overall()));
    for (MetricsReport.ClientMetrics client : report.clients()) {
      out.append(line(row, client.client(), client.keys()));
      for (Map.Entry<String, FourKeys> service : new TreeMap<>(client.services()).entrySet()) {
        out.append(line(row, "  " + service.getKey(), service.getValue()));
      }
    }
    if (report.clients().isEmpty()) {
      out.append("no deploy has ended in this window\n");
    }
    return out.toString();
  }

  private static String line(String row, String scope, FourKeys keys) {
    return String.format(Locale.ROOT, row, scope, keys.deploys(), String.format(Locale.ROOT, "%.2f", keys.deploysPerDay()),
        MetricsJson.human(keys.leadTimeMedian()), MetricsJson.human(keys.leadTimeP90()),
        MetricsJson.percent(keys.changeFailureRate()) + " (" + (keys.failed() + keys.rolledBack()) + ")",
        MetricsJson.human(keys.recoveryMedian()));
  }
}
