package com.twosixty.relay.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The four DORA keys over a window, with the counts they come from. A key with nothing to measure
 * (no deploy, no commit time, no recovery) is empty rather than zero.
 *
 * @param deploys change deploys that ended (SUCCEEDED or FAILED)
 * @param deploysPerDay deployment frequency: SUCCEEDED change deploys ÷ the window's days
 * @param changeFailureRate (FAILED + rolled back) ÷ deploys, at most 1
 */
public record FourKeys(
    long deploys,
    long succeeded,
    long failed,
    long rolledBack,
    double deploysPerDay,
    Optional<Duration> leadTimeMedian,
    Optional<Duration> leadTimeP90,
    int leadTimeSamples,
    Optional<Double> changeFailureRate,
    Optional<Duration> recoveryMedian,
    int recoveries) {

  static FourKeys of(ServiceDay total, int days) {
    long deploys = total.deploys();
    return new FourKeys(deploys, total.succeeded(), total.failed(), total.rolledBack(),
        (double) total.succeeded() / days,
        quantile(total.leadTimes(), 0.5), quantile(total.leadTimes(), 0.9), total.leadTimes().size(),
        deploys == 0 ? Optional.empty() : Optional.of(Math.min(1.0, (double) (total.failed() + total.rolledBack()) / deploys)),
        quantile(total.recoveries(), 0.5), total.recoveries().size());
  }

  /** Nearest rank on sorted samples: the smallest sample with at least {@code q} of them at or below it. */
  static Optional<Duration> quantile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return Optional.empty();
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return Optional.of(Duration.ofSeconds(sorted.get(Math.max(0, rank - 1))));
  }
}
