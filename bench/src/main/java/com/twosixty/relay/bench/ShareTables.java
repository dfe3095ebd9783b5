package com.twosixty.relay.bench;

import com.twosixty.relay.config.RelayFunction;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cold-start tables beside the whole-machine one: each function at its deployed CPU share
 * ({@link RelayFunction#shape()}) beside its hello-world floor at the same share, against the
 * issue's targets; and Java 17 beside Java 25, wall and CPU, on the whole machine and at the share.
 */
final class ShareTables {
  /** Cold start within this many times its floor at the same share (issue 20). */
  static final double FLOOR_RATIO_TARGET = 2.0;
  /** Cold start under this many milliseconds of wall time at the share (issue 20). */
  static final double WALL_TARGET_MILLIS = 2000;

  private final PrintStream out;
  private final ColdStartRuns runs;
  private final int counted;

  ShareTables(PrintStream out, ColdStartRuns runs, int counted) {
    this.out = out;
    this.runs = runs;
    this.counted = counted;
  }

  /**
   * Each function at its share, on {@code jdk}: wall, p95, CPU, its floor at the same share, the
   * ratio, the whole-machine wall beside it, and the targets met or not.
   */
  void atShare(String jdk, List<Workload> functions, Workload http, Workload cloudEvent,
      Map<Double, Measurements.Ergonomics> ergonomics) {
    ColdStartRuns.Config whole = runs.find(jdk, Double.NaN);
    out.printf("## Cold start at the deployed CPU share (Java %s, %d runs each, round-robin with the table above, ms)%n%n",
        jdk, counted);
    List<CpuShare> shares = new ArrayList<>();
    for (ColdStartRuns.Config config : runs.configs()) {
      if (config.jdk().equals(jdk) && !Double.isNaN(config.share().vcpu())) {
        shares.add(config.share());
      }
    }
    for (CpuShare share : shares) {
      if (share.enforced()) {
        Measurements.Ergonomics seen = ergonomics.get(share.vcpu());
        out.printf("%s: a cgroup v1 CPU quota of %d µs per %d µs period, the JVM in it from its first instruction%s.%n",
            share.label(), Math.round(share.vcpu() * CpuShare.PERIOD_MICROS), CpuShare.PERIOD_MICROS,
            seen == null ? "" : String.format("; the JVM counted %d CPU%s and chose %s GC", seen.cpus(),
                seen.cpus() == 1 ? "" : "s", seen.collector()));
      } else {
        out.printf("**%s NOT ENFORCED** (%s): these rows ran on the whole machine.%n", share.label(), share.unenforced());
      }
    }
    out.println();
    out.println("Wall time is what a start at that share takes here, where other processes may also hold the CPU; CPU ÷ share is");
    out.println("the wall time a start that only waited for its quota would take, the reading the machine's load moves least.");
    out.println();
    out.println("| function | kind | share | median | p95 | CPU median | CPU ÷ share | floor median (same share) | ratio "
        + "| whole-machine median | within 2× floor | under 2 s |");
    out.println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
    for (CpuShare share : shares) {
      ColdStartRuns.Config config = runs.find(jdk, share.vcpu());
      for (Workload floor : List.of(http, cloudEvent)) {
        ColdStartRuns.Samples samples = runs.get(config, floor.name());
        ColdStartRuns.Samples wholeSamples = runs.get(whole, floor.name());
        if (samples != null) {
          out.printf("| hello-world | %s | %s | %.0f | %.0f | %.0f | %.0f | | | %s | | |%n", floor == http ? "HTTP" : "CloudEvent",
              share.label(), samples.wallStats().median(), samples.wallStats().p95(), samples.cpuStats().median(),
              samples.cpuStats().median() / share.vcpu(),
              wholeSamples == null ? "–" : String.format("%.0f", wholeSamples.wallStats().median()));
        }
      }
    }
    for (Workload workload : functions) {
      RelayFunction function = Benchmarks.function(workload);
      ColdStartRuns.Config config = runs.find(jdk, function.shape().vcpu());
      ColdStartRuns.Samples samples = config == null ? null : runs.get(config, workload.name());
      if (samples == null) {
        continue;
      }
      Workload floor = function.kind() == RelayFunction.Kind.HTTP ? http : cloudEvent;
      double floorWall = runs.get(config, floor.name()).wallStats().median();
      double wall = samples.wallStats().median();
      ColdStartRuns.Samples wholeSamples = whole == null ? null : runs.get(whole, workload.name());
      double ratio = wall / floorWall;
      out.printf("| %s | %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f | %s | %s | %s |%n", workload.name(),
          function.kind() == RelayFunction.Kind.HTTP ? "HTTP" : "CloudEvent", config.share().label(), wall,
          samples.wallStats().p95(), samples.cpuStats().median(), samples.cpuStats().median() / config.share().vcpu(),
          floorWall, ratio,
          wholeSamples == null ? "–" : String.format("%.0f", wholeSamples.wallStats().median()),
          ratio <= FLOOR_RATIO_TARGET ? "met" : "not met", wall < WALL_TARGET_MILLIS ? "met" : "not met");
    }
    out.println();
  }

  /**
   * Java {@code other} beside Java {@code jdk}: median wall and CPU of every floor and function, on
   * the whole machine and at the function's share (floors at each share).
   */
  void jdks(String other, String jdk, List<Workload> functions, Workload http, Workload cloudEvent, String otherNote) {
    out.printf("## Java %s against Java %s: the same cold starts in the same rounds (medians, ms)%n%n", other, jdk);
    out.println(otherNote);
    out.println();
    out.printf("| function | share | wall %1$s | wall %2$s | CPU %1$s | CPU %2$s | wall %1$s, whole machine | wall %2$s, whole machine "
        + "| CPU %1$s, whole machine | CPU %2$s, whole machine |%n", other, jdk);
    out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    List<Workload> rows = new ArrayList<>(List.of(http, cloudEvent));
    rows.addAll(functions);
    for (Workload workload : rows) {
      List<Double> shares = new ArrayList<>();
      if (workload == http || workload == cloudEvent) {
        for (ColdStartRuns.Config config : runs.configs()) {
          if (config.jdk().equals(jdk) && !Double.isNaN(config.share().vcpu())) {
            shares.add(config.share().vcpu());
          }
        }
      } else {
        shares.add(Benchmarks.function(workload).shape().vcpu());
      }
      for (double share : shares) {
        ColdStartRuns.Config mine = runs.find(jdk, share);
        ColdStartRuns.Config theirs = runs.find(other, share);
        out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", workload.name(),
            mine == null ? "–" : mine.share().label(),
            wall(theirs, workload), wall(mine, workload), cpu(theirs, workload), cpu(mine, workload),
            wall(runs.find(other, Double.NaN), workload), wall(runs.find(jdk, Double.NaN), workload),
            cpu(runs.find(other, Double.NaN), workload), cpu(runs.find(jdk, Double.NaN), workload));
      }
    }
    out.println();
  }

  /**
   * Every floor and function at its deployed share with an AOT cache ({@code cached}) beside the same
   * starts without one ({@code jdk}), in the same rounds, and the ratio to either floor.
   */
  void aotCache(String jdk, String cached, List<Workload> functions, Workload http, Workload cloudEvent, AotCaches caches) {
    out.printf("## Cold start with an AOT cache at the deployed CPU share (Java %s, JEP 483/514/515, %d runs each, round-robin"
        + " with the tables above, ms)%n%n", jdk, counted);
    out.println("""
        Each floor and function got a cache of its own, trained by one cold start of it (-XX:AOTMode=record, then
        -XX:AOTMode=create for the invoker's command line) and given with -XX:AOTCache. A cache loads only into the
        JVM build that made it: Cloud Run with an image of Relay's own could ship one, Cloud Functions' runtime cannot.""");
    out.println();
    out.println("| function | share | median | p95 | CPU median | without cache: median | change | floor with cache "
        + "| ratio | floor without cache | ratio to it | cache |");
    out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    List<Map.Entry<Workload, Double>> rows = new ArrayList<>();
    functions.stream().map(f -> Benchmarks.function(f).shape().vcpu()).distinct().forEach(share -> {
      rows.add(Map.entry(http, share));
      rows.add(Map.entry(cloudEvent, share));
    });
    functions.forEach(f -> rows.add(Map.entry(f, Benchmarks.function(f).shape().vcpu())));
    for (Map.Entry<Workload, Double> row : rows) {
      Workload workload = row.getKey();
      double share = row.getValue();
      boolean isFloor = workload == http || workload == cloudEvent;
      ColdStartRuns.Config with = runs.find(cached, share);
      ColdStartRuns.Config without = runs.find(jdk, share);
      ColdStartRuns.Samples samples = with == null ? null : runs.get(with, workload.name());
      ColdStartRuns.Samples plain = without == null ? null : runs.get(without, workload.name());
      if (samples == null || plain == null) {
        continue;
      }
      double wall = samples.wallStats().median();
      double plainWall = plain.wallStats().median();
      String name = isFloor ? "hello-world (" + (workload == http ? "HTTP" : "CloudEvent") + ")" : workload.name();
      StringBuilder line = new StringBuilder(String.format("| %s | %s | %.0f | %.0f | %.0f | %.0f | %+.0f %% |", name,
          with.share().label(), wall, samples.wallStats().p95(), samples.cpuStats().median(), plainWall,
          100 * (wall / plainWall - 1)));
      if (isFloor) {
        line.append(" | | | |");
      } else {
        Workload floor = Benchmarks.function(workload).kind() == RelayFunction.Kind.HTTP ? http : cloudEvent;
        double floorWith = runs.get(with, floor.name()).wallStats().median();
        double floorWithout = runs.get(without, floor.name()).wallStats().median();
        line.append(String.format(" %.0f | %.2f | %.0f | %.2f |", floorWith, wall / floorWith, floorWithout, wall / floorWithout));
      }
      out.println(line.append(String.format(" %.1f MiB |", caches.mebibytes(workload))));
    }
    out.println();
  }

  /** Every floor and function at each of {@code shares}: wall median (CPU median), and the ratio to its floor there. */
  void sweep(String jdk, List<Workload> functions, Workload http, Workload cloudEvent, List<Double> shares) {
    out.printf("## Cold start at other CPU shares (Java %s, --shares; median wall ms, CPU ms in brackets, × its floor there)%n%n", jdk);
    StringBuilder header = new StringBuilder("| function |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (double share : shares) {
      header.append(' ').append(runs.find(jdk, share).share().label()).append(" |");
      rule.append(" ---: |");
    }
    out.println(header.append(" whole machine |"));
    out.println(rule.append(" ---: |"));
    List<Workload> rows = new ArrayList<>(List.of(http, cloudEvent));
    rows.addAll(functions);
    for (Workload workload : rows) {
      boolean isFloor = workload == http || workload == cloudEvent;
      Workload floor = isFloor ? null
          : Benchmarks.function(workload).kind() == RelayFunction.Kind.HTTP ? http : cloudEvent;
      StringBuilder row = new StringBuilder("| " + workload.name() + " |");
      List<Double> columns = new ArrayList<>(shares);
      columns.add(Double.NaN);
      for (double share : columns) {
        ColdStartRuns.Config config = runs.find(jdk, share);
        ColdStartRuns.Samples samples = config == null ? null : runs.get(config, workload.name());
        if (samples == null) {
          row.append(" – |");
          continue;
        }
        double wall = samples.wallStats().median();
        row.append(String.format(" %.0f (%.0f)", wall, samples.cpuStats().median()));
        if (floor != null) {
          row.append(String.format(" %.2f×", wall / runs.get(config, floor.name()).wallStats().median()));
        }
        row.append(" |");
      }
      out.println(row);
    }
    out.println();
  }

  private String wall(ColdStartRuns.Config config, Workload workload) {
    ColdStartRuns.Samples samples = config == null ? null : runs.get(config, workload.name());
    return samples == null ? "–" : String.format("%.0f", samples.wallStats().median());
  }

  private String cpu(ColdStartRuns.Config config, Workload workload) {
    ColdStartRuns.Samples samples = config == null ? null : runs.get(config, workload.name());
    return samples == null ? "–" : String.format("%.0f", samples.cpuStats().median());
  }
}
