package com.twosixty.relay.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cold starts of floors and functions in several configurations (a JDK and a CPU share each),
 * round-robin: each round starts every workload of every configuration once, so that a machine
 * drifting during the run (other builds on it) moves all configurations alike; one uncounted round
 * first.
 */
final class ColdStartRuns {
  /**
   * One way of running the workloads: {@code jdk} names the JDK ("25", "17"), {@code java} the
   * command that runs it, {@code share} the CPU each JVM gets, {@code workloads} what runs so.
   */
  record Config(String jdk, List<String> java, CpuShare share, List<Workload> workloads) {}

  /** Wall and CPU milliseconds of each counted cold start. */
  record Samples(List<Double> wall, List<Double> cpu) {
    Stats wallStats() {
      return Stats.of(wall);
    }

    Stats cpuStats() {
      return Stats.of(cpu);
    }
  }

  private final List<Config> configs;
  private final Map<Config, Map<String, Samples>> samples = new LinkedHashMap<>();

  private ColdStartRuns(List<Config> configs) {
    this.configs = List.copyOf(configs);
  }

  static ColdStartRuns run(List<Config> configs, int runs, Measurements measure, AtomicInteger events) {
    ColdStartRuns result = new ColdStartRuns(configs);
    // Round 0 is not counted: it warms what is not the function's own cold start (the emulators'
    // and the Cloud Build/GKE fakes' JITs, the page cache holding the JARs); without it the first
    // function to use Firestore paid the emulator's first transactions (a 2 s p95 for push-webhook).
    for (int run = 0; run <= runs; run++) {
      for (Config config : configs) {
        for (Workload workload : config.workloads()) {
          for (Measurements.ColdStart sample : measure.coldStarts(workload, 1, events, config.share().wrap(config.java()))) {
            if (run > 0) {
              Samples of = result.samples.computeIfAbsent(config, c -> new LinkedHashMap<>())
                  .computeIfAbsent(workload.name(), n -> new Samples(new ArrayList<>(), new ArrayList<>()));
              of.wall().add(sample.wallMillis());
              of.cpu().add(sample.cpuMillis());
            }
          }
        }
      }
    }
    return result;
  }

  List<Config> configs() {
    return configs;
  }

  /** The samples of a workload in a configuration; null when it did not run there. */
  Samples get(Config config, String workload) {
    return samples.getOrDefault(config, Map.of()).get(workload);
  }

  /** The configuration of {@code jdk} at {@code share} (NaN: the whole machine); null when there is none. */
  Config find(String jdk, double share) {
    for (Config config : configs) {
      double vcpu = config.share().vcpu();
      if (config.jdk().equals(jdk) && (Double.isNaN(share) ? Double.isNaN(vcpu) : vcpu == share)) {
        return config;
      }
    }
    return null;
  }
}
