package com.twosixty.relay.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One service's counters for one day at one client.
 *
 * @param succeeded change deploys (release or redeploy) that SUCCEEDED
 * @param failed change deploys that FAILED
 * @param rolledBack successful changes taken back by a rollback that SUCCEEDED this day
 * @param leadTimes seconds from commit to SUCCEEDED of release deploys, sorted, at most {@link #MAX_SAMPLES}
 * @param recoveries seconds from a failure to the service's next SUCCEEDED, sorted, at most {@link #MAX_SAMPLES}
 */
public record ServiceDay(long succeeded, long failed, long rolledBack, List<Long> leadTimes, List<Long> recoveries) {

  /**
   * Samples kept per service, client and day, exact. Past it the counters go on but no further sample
   * is kept, so a day's document stays small (a deploy build takes minutes: a thousand deploys of one
   * service at one client in one day is far past what Relay sees).
   */
  public static final int MAX_SAMPLES = 1000;

  public static final ServiceDay EMPTY = new ServiceDay(0, 0, 0, List.of(), List.of());

  public ServiceDay {
    leadTimes = List.copyOf(leadTimes);
    recoveries = List.copyOf(recoveries);
  }

  public long deploys() {
    return succeeded + failed;
  }

  ServiceDay plus(DeployOutcome outcome, Long recoverySeconds) {
    long s = succeeded;
    long f = failed;
    long r = rolledBack;
    List<Long> lead = leadTimes;
    if (outcome.isChange()) {
      if (outcome.succeeded()) {
        s++;
        if (outcome.commitTime().isPresent()) {
          lead = withSample(lead, Math.max(0, outcome.at().getEpochSecond() - outcome.commitTime().get().getEpochSecond()));
        }
      } else {
        f++;
      }
    } else if (outcome.succeeded() && outcome.rolledBackChange()) {
      r++;
    }
    List<Long> rec = recoverySeconds == null ? recoveries : withSample(recoveries, Math.max(0, recoverySeconds));
    return new ServiceDay(s, f, r, lead, rec);
  }

  ServiceDay plus(ServiceDay other) {
    List<Long> lead = new ArrayList<>(leadTimes);
    lead.addAll(other.leadTimes);
    Collections.sort(lead);
    List<Long> rec = new ArrayList<>(recoveries);
    rec.addAll(other.recoveries);
    Collections.sort(rec);
    return new ServiceDay(succeeded + other.succeeded, failed + other.failed, rolledBack + other.rolledBack, lead, rec);
  }

  static List<Long> withSample(List<Long> sorted, long sample) {
    if (sorted.size() >= MAX_SAMPLES) {
      return sorted;
    }
    List<Long> samples = new ArrayList<>(sorted);
    int at = Collections.binarySearch(samples, sample);
    samples.add(at < 0 ? -at - 1 : at, sample);
    return samples;
  }
}
