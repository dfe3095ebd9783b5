package com.twosixty.relay.metrics;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** One client's day ({@code metrics/{client}/days/{yyyy-mm-dd}}): each service's counters. */
public record MetricsDay(LocalDate day, Map<String, ServiceDay> services) {

  public MetricsDay {
    services = Collections.unmodifiableMap(new TreeMap<>(services));
  }

  public static MetricsDay empty(LocalDate day) {
    return new MetricsDay(day, Map.of());
  }

  public ServiceDay service(String name) {
    return services.getOrDefault(name, ServiceDay.EMPTY);
  }

  MetricsDay with(String service, ServiceDay counters) {
    Map<String, ServiceDay> changed = new TreeMap<>(services);
    changed.put(service, counters);
    return new MetricsDay(day, changed);
  }
}
