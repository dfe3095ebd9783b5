package com.twosixty.relay.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CPU shares of one benchmark run, one {@link CpuShare} group per distinct deployed share
 * ({@link com.twosixty.relay.config.RelayFunction#shape()}), named after this JVM so that runs side
 * by side do not meet, and removed at the end.
 */
final class Shares implements AutoCloseable {
  private final Path controller;
  private final String prefix = "relay-bench-" + ProcessHandle.current().pid();
  private final Map<Double, CpuShare> byVcpu = new LinkedHashMap<>();

  Shares(Path controller) {
    this.controller = controller;
  }

  /** The group at {@code vcpu}, made on first use. */
  CpuShare of(double vcpu) {
    return byVcpu.computeIfAbsent(vcpu, v -> CpuShare.of(controller,
        prefix + "-" + String.format(Locale.ROOT, "%d", Math.round(v * 1000)) + "m", v));
  }

  /**
   * The cold-start configurations of one JDK: every floor and function on the whole machine, then
   * for each deployed share the floors and the functions deployed at it.
   */
  List<ColdStartRuns.Config> configs(String jdk, List<String> java, Workload http, Workload cloudEvent, List<Workload> functions) {
    return configs(jdk, java, http, cloudEvent, functions, List.of());
  }

  /**
   * As {@link #configs(String, List, Workload, Workload, List)}, and every function also at each of
   * {@code sweep} (the shares a shape is chosen from).
   */
  List<ColdStartRuns.Config> configs(String jdk, List<String> java, Workload http, Workload cloudEvent, List<Workload> functions,
      List<Double> sweep) {
    List<ColdStartRuns.Config> configs = new ArrayList<>();
    List<Workload> all = new ArrayList<>(List.of(http, cloudEvent));
    all.addAll(functions);
    configs.add(new ColdStartRuns.Config(jdk, java, CpuShare.unlimited(), all));
    Set<Double> shares = new LinkedHashSet<>(sweep);
    functions.forEach(function -> shares.add(Benchmarks.function(function).shape().vcpu()));
    for (double vcpu : shares) {
      List<Workload> atShare = new ArrayList<>(List.of(http, cloudEvent));
      functions.stream().filter(function -> sweep.contains(vcpu) || Benchmarks.function(function).shape().vcpu() == vcpu)
          .forEach(atShare::add);
      configs.add(new ColdStartRuns.Config(jdk, java, of(vcpu), atShare));
    }
    return configs;
  }

  /** What a JVM started by {@code java} chooses at each share made so far (its CPU count shows whether it saw the quota). */
  Map<Double, Measurements.Ergonomics> ergonomics(Measurements measure, List<String> java) throws Exception {
    Map<Double, Measurements.Ergonomics> seen = new LinkedHashMap<>();
    for (CpuShare share : byVcpu.values()) {
      if (share.enforced()) {
        seen.put(share.vcpu(), measure.ergonomics(share.wrap(java), List.of()));
      }
    }
    return seen;
  }

  @Override
  public void close() {
    byVcpu.values().forEach(CpuShare::close);
  }
}
