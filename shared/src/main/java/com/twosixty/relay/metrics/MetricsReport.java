package com.twosixty.relay.metrics;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The keys over one window: overall, per client and per service, with a daily trend for the charts. */
public record MetricsReport(String window, LocalDate from, LocalDate to, FourKeys overall, List<DayPoint> trend,
    List<ClientMetrics> clients) {

  public MetricsReport {
    trend = List.copyOf(trend);
    clients = List.copyOf(clients);
  }

  public record ClientMetrics(String client, FourKeys keys, List<DayPoint> trend, Map<String, FourKeys> services) {
    public ClientMetrics {
      trend = List.copyOf(trend);
      services = Map.copyOf(services);
    }
  }

  /** One day of a trend: what the charts draw. */
  public record DayPoint(LocalDate day, long succeeded, long failed, long rolledBack,
      Optional<java.time.Duration> leadTimeMedian) {}

  public Optional<ClientMetrics> client(String id) {
    return clients.stream().filter(c -> c.client().equals(id)).findFirst();
  }
}
