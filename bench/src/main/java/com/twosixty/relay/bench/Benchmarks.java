package com.twosixty.relay.bench;

import com.twosixty.relay.config.RelayFunction;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Relay's benchmarks: each function's cold start beside a hello-world function of the same kind on
 * the same invoker, and each function's memory under a burst at Cloud Functions' 256 MiB tier.
 * Prints Markdown tables; figures are measured here, never asserted.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure cold start and memory of each function.")
public final class Benchmarks implements Callable<Integer> {
  @Option(names = "--runs", description = "Cold starts per function (default: ${DEFAULT-VALUE}).", defaultValue = "5")
  int runs;

  @Option(names = "--burst", description = "Events per memory burst (default: ${DEFAULT-VALUE}).", defaultValue = "500")
  int burst;

  @Option(names = "--concurrency", description = "Events in flight during a burst (default: ${DEFAULT-VALUE}).", defaultValue = "8")
  int concurrency;

  @Option(names = "--heap", description = "-Xmx of the burst (default: ${DEFAULT-VALUE}).", defaultValue = "256m")
  String heap;

  @Option(names = "--jvm-option", description = "An option for every function's JVM, floors included (repeatable);"
      + " replaces the options the functions are deployed with (RelayFunction.JVM_OPTIONS).")
  List<String> jvmOptions = new ArrayList<>();

  @Option(names = "--root", description = "The repository root (default: ${DEFAULT-VALUE}).", defaultValue = ".")
  Path root;

  private final PrintStream out;

  Benchmarks(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Benchmarks(System.out)).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (jvmOptions.isEmpty()) {
      jvmOptions = List.of(RelayFunction.JVM_OPTIONS.split(" "));
    }
    AtomicInteger events = new AtomicInteger();
    try (BenchStack stack = new BenchStack(root.resolve("bench/target/processes"))) {
      Workloads workloads = new Workloads(root.toAbsolutePath().normalize(), stack.state());
      List<Workload> functions = workloads.functions();
      if (functions.isEmpty()) {
        throw new IllegalStateException("no deployable JARs found: run ./mvnw -B package -DskipTests first");
      }
      Measurements measure = new Measurements(stack, jvmOptions);
      out.printf("Machine: %d cores, Java %s; function JVM options: %s%n%n", Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"), jvmOptions.isEmpty() ? "none" : String.join(" ", jvmOptions));

      Stats httpFloor = Stats.of(measure.coldStarts(workloads.helloHttp(), runs, events));
      Stats eventFloor = Stats.of(measure.coldStarts(workloads.helloCloudEvent(), runs, events));
      out.printf("## Cold start: fresh JVM on the invoker to the first event's 2xx (%d runs each, ms)%n%n", runs);
      out.println("| function | kind | median | p95 | floor median (hello-world) | ratio | deployable |");
      out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
      out.printf("| hello-world | HTTP | %.0f | %.0f | | | |%n", httpFloor.median(), httpFloor.p95());
      out.printf("| hello-world | CloudEvent | %.0f | %.0f | | | |%n", eventFloor.median(), eventFloor.p95());
      for (Workload workload : functions) {
        RelayFunction function = function(workload);
        Stats floor = function.kind() == RelayFunction.Kind.HTTP ? httpFloor : eventFloor;
        Stats cold = Stats.of(measure.coldStarts(workload, runs, events));
        out.printf("| %s | %s | %.0f | %.0f | %.0f | %.2f | %.1f MiB |%n", workload.name(), kind(function), cold.median(),
            cold.p95(), floor.median(), cold.median() / floor.median(), Files.size(workload.classpath()) / 1048576.0);
      }

      out.printf("%n## Memory: a burst of %d events, %d in flight, with -Xmx%s%n%n", burst, concurrency, heap);
      out.println("| function | events | failed | peak heap | peak RSS | events/s |");
      out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
      List<Workload> all = new ArrayList<>(List.of(workloads.helloHttp(), workloads.helloCloudEvent()));
      all.addAll(functions);
      int failures = 0;
      for (Workload workload : all) {
        Measurements.Burst result = measure.burst(workload, heap, burst, concurrency, events);
        failures += result.failed();
        out.printf("| %s | %d | %d | %.0f MiB | %.0f MiB | %.0f |%n", workload.name(), result.events(), result.failed(),
            result.peakHeapKiB() / 1024.0, result.peakRssKiB() / 1024.0, result.events() / result.seconds());
      }
      return failures == 0 ? 0 : 1;
    }
  }

  private static RelayFunction function(Workload workload) {
    for (RelayFunction function : RelayFunction.values()) {
      if (function.functionName().equals(workload.name())) {
        return function;
      }
    }
    throw new IllegalArgumentException(workload.name());
  }

  private static String kind(RelayFunction function) {
    return function.kind() == RelayFunction.Kind.HTTP ? "HTTP" : "CloudEvent";
  }
}
