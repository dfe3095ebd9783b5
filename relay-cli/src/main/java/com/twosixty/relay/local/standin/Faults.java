package com.twosixty.relay.local.standin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults the stand-ins inject on request, shared by both of them: the demo, the tests and the
 * benchmarks set them, the stand-ins consult them on every call. Keyed by client id.
 */
public final class Faults {
  private final Clock clock;
  private final Set<String> failingDeploys = ConcurrentHashMap.newKeySet();
  private final Map<String, Queue<Duration>> deployDurations = new ConcurrentHashMap<>();
  private final Map<String, Instant> reconcilingUntil = new ConcurrentHashMap<>();
  private final AtomicInteger cloudBuildUnavailableCalls = new AtomicInteger();
  private final AtomicInteger containerUnavailableCalls = new AtomicInteger();
  private volatile Duration cloudBuildDelay = Duration.ZERO;
  private volatile Duration containerDelay = Duration.ZERO;

  public Faults(Clock clock) {
    this.clock = clock;
  }

  public Faults() {
    this(Clock.systemUTC());
  }

  /** The client's deploy builds end in FAILURE (or SUCCESS again with {@code fail = false}). */
  public void failDeploys(String client, boolean fail) {
    if (fail) {
      failingDeploys.add(client);
    } else {
      failingDeploys.remove(client);
    }
  }

  public boolean deploysFail(String client) {
    return failingDeploys.contains(client);
  }

  /**
   * The client's next deploy builds work for these durations, one each in the order they start
   * (then the stand-in's usual time again): builds that take seconds, and finish in reverse order
   * when the durations shrink.
   */
  public void deployDurations(String client, List<Duration> durations) {
    deployDurations.put(client, new ConcurrentLinkedQueue<>(durations));
  }

  /** How long the client's deploy build starting now works, if {@link #deployDurations} set it; uses it up. */
  Optional<Duration> takeDeployDuration(String client) {
    Queue<Duration> durations = deployDurations.get(client);
    return Optional.ofNullable(durations == null ? null : durations.poll());
  }

  /** The client's cluster reports RECONCILING for this long from now. */
  public void reconcile(String client, Duration duration) {
    reconcilingUntil.put(client, clock.instant().plus(duration));
  }

  public boolean reconciling(String client) {
    Instant until = reconcilingUntil.get(client);
    return until != null && clock.instant().isBefore(until);
  }

  /** The next {@code calls} calls to the Cloud Build stand-in answer UNAVAILABLE. */
  public void cloudBuildUnavailable(int calls) {
    cloudBuildUnavailableCalls.set(Math.max(0, calls));
  }

  /** Every Cloud Build call answers this much later (a slow API; a window to crash a caller in). */
  public void delayCloudBuild(Duration delay) {
    cloudBuildDelay = delay;
  }

  /** Waits out the Cloud Build delay set, if any. */
  void awaitCloudBuildDelay() {
    pause(cloudBuildDelay);
  }

  /** Every GKE call answers this much later: the latency of Google's API, which the stand-in has not. */
  public void delayContainer(Duration delay) {
    containerDelay = delay;
  }

  /** Waits out the GKE delay set, if any. */
  void awaitContainerDelay() {
    pause(containerDelay);
  }

  private static void pause(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The next {@code calls} calls to the GKE stand-in answer UNAVAILABLE. */
  public void containerUnavailable(int calls) {
    containerUnavailableCalls.set(Math.max(0, calls));
  }

  /** Whether this Cloud Build call fails; each failing call uses up one of the count. */
  boolean takeCloudBuildOutage() {
    return takeOne(cloudBuildUnavailableCalls);
  }

  boolean takeContainerOutage() {
    return takeOne(containerUnavailableCalls);
  }

  private static boolean takeOne(AtomicInteger remaining) {
    return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  /** What is set now, for the control endpoint and `relay up --json`. */
  public Snapshot snapshot() {
    Map<String, String> reconciling = new TreeMap<>();
    Instant now = clock.instant();
    reconcilingUntil.forEach((client, until) -> {
      if (now.isBefore(until)) {
        reconciling.put(client, until.toString());
      }
    });
    return new Snapshot(new TreeSet<>(failingDeploys), reconciling, cloudBuildUnavailableCalls.get(),
        containerUnavailableCalls.get());
  }

  public record Snapshot(Set<String> failingDeploys, Map<String, String> reconcilingUntil,
      int cloudBuildUnavailableCalls, int containerUnavailableCalls) {}
}
