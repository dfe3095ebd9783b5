package com.twosixty.relay.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How outcomes update one client's metrics, as pure Java: the day buckets they land in and the
 * services that are down (failed, not yet recovered). Runs inside deploy-reporter's transaction.
 *
 * @param failingSince per service, when it failed and has not SUCCEEDED since ({@code metrics/{client}.failingSince})
 * @param days the day buckets read, by day (absent ones as {@link MetricsDay#empty})
 */
public record MetricsBook(Map<String, Instant> failingSince, Map<LocalDate, MetricsDay> days) {

  public MetricsBook {
    failingSince = Collections.unmodifiableMap(new TreeMap<>(failingSince));
    days = Collections.unmodifiableMap(new TreeMap<>(days));
  }

  /** The UTC day an outcome is counted on. */
  public static LocalDate dayOf(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate();
  }

  /**
   * The book after {@code outcomes}. A FAILED deploy (or rollback) marks its service failing from
   * then; the service's next SUCCEEDED (any kind) ends that and records the recovery time. A
   * rollback that takes back a successful change recovers from when it was asked for.
   */
  public MetricsBook record(List<DeployOutcome> outcomes) {
    Map<String, Instant> failing = new LinkedHashMap<>(failingSince);
    Map<LocalDate, MetricsDay> changed = new TreeMap<>(days);
    for (DeployOutcome outcome : outcomes) {
      LocalDate day = dayOf(outcome.at());
      MetricsDay bucket = changed.getOrDefault(day, MetricsDay.empty(day));
      Long recovery = null;
      if (outcome.succeeded()) {
        Instant since = failing.remove(outcome.service());
        if (since == null && outcome.rolledBackChange()) {
          since = outcome.requestedAt();
        }
        if (since != null) {
          recovery = Duration.between(since, outcome.at()).toSeconds();
        }
      } else {
        failing.putIfAbsent(outcome.service(), outcome.at());
      }
      changed.put(day, bucket.with(outcome.service(), bucket.service(outcome.service()).plus(outcome, recovery)));
    }
    return new MetricsBook(failing, changed);
  }
}
