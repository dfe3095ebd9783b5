package com.twosixty.relay.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The four keys on generated histories whose answers are known. */
class DoraMetricsTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-12-07");

  /** Outcomes recorded one by one, as deploy-reporter does, into each client's book. */
  private final Map<String, MetricsBook> books = new LinkedHashMap<>();

  private void record(String client, DeployOutcome outcome) {
    books.merge(client, new MetricsBook(Map.of(), Map.of()).record(List.of(outcome)),
        (book, ignored) -> book.record(List.of(outcome)));
  }

  private MetricsReport report(String window) {
    Map<String, List<MetricsDay>> days = new LinkedHashMap<>();
    books.forEach((client, book) -> days.put(client, new ArrayList<>(book.days().values())));
    return DoraMetrics.compute(MetricsWindow.parse(window, TODAY), days);
  }

  private static DeployOutcome release(String service, DeploymentStatus status, String at, Duration leadTime) {
    Instant when = Instant.parse(at);
    return new DeployOutcome(service, DeploymentKind.RELEASE, status, when,
        leadTime == null ? Optional.empty() : Optional.of(when.minus(leadTime)), false, when);
  }

  private static DeployOutcome rollback(String service, String requestedAt, String at, boolean tookBackAChange) {
    return new DeployOutcome(service, DeploymentKind.ROLLBACK, DeploymentStatus.SUCCEEDED, Instant.parse(at),
        Optional.empty(), tookBackAChange, Instant.parse(requestedAt));
  }

  /**
   * acme/billing, 2026-12-01..07: one release a day at noon, lead times 1h..7h; on the 3rd a release
   * FAILED at 10:00 and its auto rollback SUCCEEDED at 10:30; on the 5th a release that had deployed
   * was rolled back, asked at 09:00, done at 09:20. Long before, portal failed and recovered in an hour.
   */
  private void acmeHistory() {
    for (int i = 0; i < 7; i++) {
      record("acme", release("billing", DeploymentStatus.SUCCEEDED, "2026-12-0" + (i + 1) + "T12:00:00Z", Duration.ofHours(i + 1)));
    }
    record("acme", release("billing", DeploymentStatus.FAILED, "2026-12-03T10:00:00Z", null));
    record("acme", rollback("billing", "2026-12-03T10:00:05Z", "2026-12-03T10:30:00Z", false));
    record("acme", rollback("billing", "2026-12-05T09:00:00Z", "2026-12-05T09:20:00Z", true));
    record("acme", release("portal", DeploymentStatus.FAILED, "2026-11-20T08:00:00Z", null));
    record("acme", release("portal", DeploymentStatus.SUCCEEDED, "2026-11-20T09:00:00Z", Duration.ofDays(2)));
  }

  @Test
  void eachKeyOverAWeek() {
    acmeHistory();

    FourKeys billing = report("P7D").client("acme").orElseThrow().services().get("billing");

    assertEquals(8, billing.deploys(), "7 successes and 1 failure; rollbacks are remedies, not deploys");
    assertEquals(1.0, billing.deploysPerDay(), 1e-9, "deployment frequency: 7 successes in 7 days");
    assertEquals(Optional.of(Duration.ofHours(4)), billing.leadTimeMedian());
    assertEquals(Optional.of(Duration.ofHours(7)), billing.leadTimeP90());
    assertEquals(Optional.of(0.25), billing.changeFailureRate(), "1 failed + 1 rolled back of 8");
    assertEquals(Optional.of(Duration.ofMinutes(20)), billing.recoveryMedian(), "median of 20 min and 30 min (nearest rank)");
    assertEquals(2, billing.recoveries());
  }

  @Test
  void theWindowChoosesTheDays() {
    acmeHistory();

    MetricsReport week = report("P7D");
    MetricsReport month = report("P30D");
    MetricsReport today = report("P1D");

    assertTrue(week.client("acme").orElseThrow().services().get("portal") == null, "portal's November is outside the week");
    FourKeys portal = month.client("acme").orElseThrow().services().get("portal");
    assertEquals(Optional.of(Duration.ofHours(1)), portal.recoveryMedian());
    assertEquals(Optional.of(Duration.ofDays(2)), portal.leadTimeMedian());
    assertEquals(10, month.overall().deploys());
    assertEquals(8.0 / 30, month.overall().deploysPerDay(), 1e-9);
    assertEquals(Optional.of(0.3), month.overall().changeFailureRate(), "2 failed + 1 rolled back of 10");
    assertEquals(1, today.overall().deploys(), "only the 7th's release");
    assertEquals(Optional.of(Duration.ofHours(7)), today.overall().leadTimeMedian());
    assertEquals(30, month.trend().size());
    assertEquals(LocalDate.parse("2026-11-08"), month.from());
    assertEquals(1, week.trend().get(2).failed(), "the 3rd's failure in the trend");
    assertEquals(1, week.trend().get(4).rolledBack(), "the 5th's rollback in the trend");
  }

  @Test
  void anEmptyHistoryHasNoKeysToShow() {
    MetricsReport report = report("P30D");

    assertEquals(0, report.overall().deploys());
    assertEquals(0.0, report.overall().deploysPerDay());
    assertEquals(Optional.empty(), report.overall().leadTimeMedian());
    assertEquals(Optional.empty(), report.overall().changeFailureRate());
    assertEquals(Optional.empty(), report.overall().recoveryMedian());
    assertTrue(report.clients().isEmpty());
    assertEquals(30, report.trend().size());
  }

  @Test
  void aClientWithOnlyFailures() {
    acmeHistory();
    record("globex", release("billing", DeploymentStatus.FAILED, "2026-12-06T10:00:00Z", null));
    record("globex", release("billing", DeploymentStatus.FAILED, "2026-12-06T11:00:00Z", null));
    record("globex", release("reports", DeploymentStatus.FAILED, "2026-12-07T01:00:00Z", null));

    MetricsReport report = report("P30D");
    FourKeys globex = report.client("globex").orElseThrow().keys();

    assertEquals(3, globex.deploys());
    assertEquals(0.0, globex.deploysPerDay());
    assertEquals(Optional.of(1.0), globex.changeFailureRate());
    assertEquals(Optional.empty(), globex.leadTimeMedian());
    assertEquals(Optional.empty(), globex.recoveryMedian(), "still down: nothing recovered yet");
    assertEquals(Map.of("billing", Instant.parse("2026-12-06T10:00:00Z"), "reports", Instant.parse("2026-12-07T01:00:00Z")),
        books.get("globex").failingSince(), "each service is down from its first failure");
    assertEquals(13, report.overall().deploys(), "overall adds both clients");
    assertEquals(Optional.of(6.0 / 13), report.overall().changeFailureRate());
  }

  @Test
  void aRecoveryRunsFromTheFirstFailureToTheNextSuccess() {
    record("acme", release("billing", DeploymentStatus.FAILED, "2026-12-07T01:00:00Z", null));
    record("acme", release("billing", DeploymentStatus.FAILED, "2026-12-07T02:00:00Z", null));
    record("acme", release("billing", DeploymentStatus.SUCCEEDED, "2026-12-07T04:00:00Z", null));

    FourKeys keys = report("P1D").overall();

    assertEquals(Optional.of(Duration.ofHours(3)), keys.recoveryMedian());
    assertEquals(0, keys.leadTimeSamples(), "a release without a commit time has no lead time");
    assertTrue(books.get("acme").failingSince().isEmpty());
  }

  @Test
  void samplesStayBoundedPerDay() {
    for (int i = 0; i < 1200; i++) {
      record("acme", release("billing", DeploymentStatus.SUCCEEDED, "2026-12-07T12:00:00Z", Duration.ofSeconds(i)));
    }

    MetricsDay day = books.get("acme").days().get(TODAY);
    FourKeys keys = report("P1D").overall();

    assertEquals(ServiceDay.MAX_SAMPLES, day.service("billing").leadTimes().size());
    assertEquals(1200, keys.succeeded(), "counters stay exact");
    assertEquals(Optional.of(Duration.ofSeconds(499)), keys.leadTimeMedian(), "over the day's first thousand samples");
  }

  @Test
  void windowsAreWholeDays() {
    assertEquals(30, MetricsWindow.parse(null, TODAY).days());
    assertEquals(7, MetricsWindow.parse("P7D", TODAY).days());
    assertThrows(IllegalArgumentException.class, () -> MetricsWindow.parse("PT5H", TODAY));
    assertThrows(IllegalArgumentException.class, () -> MetricsWindow.parse("P0D", TODAY));
    assertThrows(IllegalArgumentException.class, () -> MetricsWindow.parse("P400D", TODAY));
    assertThrows(IllegalArgumentException.class, () -> MetricsWindow.parse("thirty", TODAY));
  }

  @Test
  void theApiAnswerReadsBackAsTheSameReport() {
    acmeHistory();
    record("globex", release("billing", DeploymentStatus.FAILED, "2026-12-06T10:00:00Z", null));
    MetricsReport report = report("P7D");

    assertEquals(report, MetricsJson.fromJson(MetricsJson.toJson(report)));
    assertEquals("4h", MetricsJson.human(report.overall().leadTimeMedian()));
    assertEquals("—", MetricsJson.human(Optional.empty()));
    assertEquals("2d 1h", MetricsJson.human(Optional.of(Duration.ofHours(49))));
    assertEquals("33%", MetricsJson.percent(report.overall().changeFailureRate()), "1 failed + 1 rolled back + globex's 1 of 9");
  }
}
