package com.twosixty.relay.bench;

import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.local.LocalStack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What one client costs per release: a warm client-deployer's CPU (issue 20's target: at most 30 ms),
 * split by the JVM's threads into JIT compilation, GC and VM housekeeping, and the rest (the
 * delivery itself: the invoker's request thread, gRPC, OkHttp and the clients' executors).
 *
 * <p>Measured on its own stack of one client in production's shape: with the client's
 * deploy-reporter, which records each deploy build's end, so that the next release finds no build
 * in flight. The fan-out stack runs only the functions on the latency path, so every deployment it
 * starts stays TRIGGERED, and its release k overtakes the k − 1 before it and cancels each of their
 * builds: its client-deployer column grows with the number of releases.
 */
final class DeployerCpu {
  static final String TOTAL = "total";
  static final String JIT = "JIT compiler threads";
  static final String GC_AND_VM = "GC and VM threads";
  static final String REST = "the rest (request, gRPC, OkHttp, executors)";
  /** The stack of the per-client figure: the path, and the deploy-reporter that ends each deployment. */
  static final Set<RelayFunction> FUNCTIONS =
      EnumSet.of(RelayFunction.RELEASE_PUBLISHER, RelayFunction.CLIENT_DEPLOYER, RelayFunction.DEPLOY_REPORTER);
  /** Linux's USER_HZ: the unit of a thread's utime and stime in /proc. */
  private static final double MILLIS_PER_TICK = 10;

  private DeployerCpu() {}

  /** One client with its deploy-reporter, {@code warmups} releases through first, then {@code releases} measured. */
  static Fanout.Result measure(Path root, Path workDir, List<String> jvmOptions, Duration gkeLatency,
      Consumer<String> progress, int warmups, int releases, int hopSamples) throws Exception {
    return new Fanout(root, workDir.resolve("per-client"), FUNCTIONS, jvmOptions, gkeLatency, progress)
        .measure(1, warmups, releases, hopSamples);
  }

  /** CPU milliseconds so far of every client-deployer JVM of the stack, summed, by {@link #TOTAL} and kind of thread. */
  static Map<String, Double> of(LocalStack stack) {
    double total = 0;
    double jit = 0;
    double gcAndVm = 0;
    for (Map.Entry<String, Long> function : stack.info().pids().entrySet()) {
      if (!function.getKey().startsWith(RelayFunction.CLIENT_DEPLOYER.functionName())) {
        continue;
      }
      long pid = function.getValue();
      double millis = Measurements.cpuMillis(pid);
      total += Double.isNaN(millis) ? 0 : millis;
      for (Map.Entry<String, Double> thread : threads(pid).entrySet()) {
        String name = thread.getKey();
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
          jit += thread.getValue();
        } else if (isVm(name)) {
          gcAndVm += thread.getValue();
        }
      }
    }
    Map<String, Double> cpu = new LinkedHashMap<>();
    cpu.put(TOTAL, total);
    cpu.put(JIT, jit);
    cpu.put(GC_AND_VM, gcAndVm);
    // By difference: threads that ended between two readings still count in the process's total.
    cpu.put(REST, total - jit - gcAndVm);
    return cpu;
  }

  private static boolean isVm(String thread) {
    return Stream.of("VM Thread", "GC Thread", "G1 ", "VM Periodic Tas", "Monitor Deflati", "Service Thread",
        "Common-Cleaner", "Signal Dispatch", "Finalizer", "Reference Handl", "Notification Th", "Attach Listener")
        .anyMatch(thread::startsWith);
  }

  /** CPU milliseconds so far of each live thread of {@code pid}, by name (threads of one name summed). */
  private static Map<String, Double> threads(long pid) {
    Map<String, Double> byName = new LinkedHashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // After the name: state is field 3 of stat(5), utime 14 and stime 15.
          double millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
          byName.merge(name, millis, Double::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // not Linux, or the process is gone: no split
    }
    return byName;
  }

  /**
   * The per-client figures, one per warm-up (releases through first, each on its own stack), beside
   * each fan-out row's client-deployer CPU divided by its clients.
   */
  static void print(PrintStream out, List<Fanout.Result> fanout, Map<Integer, Fanout.Result> perClient) {
    out.printf("### client-deployer: CPU per release per client, warm (ms; target at most 30)%n%n");
    out.printf("First rows: one client with its deploy-reporter (each deploy build ends and is recorded, as in"
        + " production), on a stack of its own per row: its warm-up's releases through first (the JIT compiles the"
        + " path as they go), then %d measured, 3 s apart. Then the fan-out rows above, per client (no deploy-reporter"
        + " there: every earlier deployment stays in flight and each release cancels their builds again).%n%n",
        perClient.values().iterator().next().releases());
    out.println("| stack | clients | per client | " + JIT + " | " + GC_AND_VM + " | " + REST + " |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
    perClient.forEach((warmups, r) -> row(out, "one client, with deploy-reporter, warm-up " + warmups, r));
    for (Fanout.Result r : fanout) {
      row(out, "fan-out", r);
    }
    out.println();
  }

  private static void row(PrintStream out, String stack, Fanout.Result r) {
    Map<String, Double> cpu = r.deployerCpuPerClient();
    out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", stack, r.clients(), cpu.get(TOTAL), cpu.get(JIT),
        cpu.get(GC_AND_VM), cpu.get(REST));
  }
}
