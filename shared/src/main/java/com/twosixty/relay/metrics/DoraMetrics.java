package com.twosixty.relay.metrics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The four keys from day buckets; pure. */
public final class DoraMetrics {
  private DoraMetrics() {}

  /**
   * @param daysByClient each client's buckets; buckets outside the window are ignored, missing days are empty
   */
  public static MetricsReport compute(MetricsWindow window, Map<String, List<MetricsDay>> daysByClient) {
    List<LocalDate> dates = window.dates();
    Map<LocalDate, ServiceDay> overallByDay = new TreeMap<>();
    ServiceDay overall = ServiceDay.EMPTY;
    List<MetricsReport.ClientMetrics> clients = new ArrayList<>();
    for (String client : new TreeMap<>(daysByClient).keySet()) {
      Map<LocalDate, ServiceDay> clientByDay = new TreeMap<>();
      Map<String, ServiceDay> byService = new TreeMap<>();
      for (MetricsDay day : daysByClient.get(client)) {
        if (day.day().isBefore(window.first()) || day.day().isAfter(window.today())) {
          continue;
        }
        for (Map.Entry<String, ServiceDay> service : day.services().entrySet()) {
          byService.merge(service.getKey(), service.getValue(), ServiceDay::plus);
          clientByDay.merge(day.day(), service.getValue(), ServiceDay::plus);
        }
      }
      ServiceDay clientTotal = ServiceDay.EMPTY;
      for (Map.Entry<LocalDate, ServiceDay> day : clientByDay.entrySet()) {
        clientTotal = clientTotal.plus(day.getValue());
        overallByDay.merge(day.getKey(), day.getValue(), ServiceDay::plus);
      }
      overall = overall.plus(clientTotal);
      Map<String, FourKeys> services = new TreeMap<>();
      byService.forEach((name, total) -> services.put(name, FourKeys.of(total, window.days())));
      clients.add(new MetricsReport.ClientMetrics(client, FourKeys.of(clientTotal, window.days()),
          trend(dates, clientByDay), services));
    }
    return new MetricsReport(window.iso(), window.first(), window.today(), FourKeys.of(overall, window.days()),
        trend(dates, overallByDay), clients);
  }

  private static List<MetricsReport.DayPoint> trend(List<LocalDate> dates, Map<LocalDate, ServiceDay> byDay) {
    List<MetricsReport.DayPoint> points = new ArrayList<>(dates.size());
    for (LocalDate date : dates) {
      ServiceDay day = byDay.getOrDefault(date, ServiceDay.EMPTY);
      points.add(new MetricsReport.DayPoint(date, day.succeeded(), day.failed(), day.rolledBack(),
          FourKeys.quantile(day.leadTimes(), 0.5)));
    }
    return points;
  }
}
