package com.twosixty.relay.bench;

import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.testing.LocalIssuer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Relay's benchmarks: each function's cold start beside a hello-world function of the same kind on
 * the same invoker, each function's memory under a burst at Cloud Functions' 256 MiB tier, and the
 * fan-out latency of a release to N clients on the local stack beside the emulator's own two-hop
 * floor. Prints Markdown tables; figures are measured here, never asserted.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure cold start and memory of each function, and the fan-out latency of a release.")
public final class Benchmarks implements Callable<Integer> {
  enum Part { cold, memory, fanout }

  @Option(names = "--only", split = ",", description = "Which parts run: any of ${COMPLETION-CANDIDATES} (default: all).")
  Set<Part> only = EnumSet.allOf(Part.class);

  @Option(names = "--fanout-clients", split = ",", description = "Client counts of the fan-out (default: ${DEFAULT-VALUE}).",
      defaultValue = "1,10,50")
  List<Integer> fanoutClients;

  @Option(names = "--fanout-releases", description = "Releases per client count (default: ${DEFAULT-VALUE}).", defaultValue = "20")
  int fanoutReleases;

  @Option(names = "--fanout-warmup", description = "Releases sent through before measuring, so the functions are warm"
      + " (default: ${DEFAULT-VALUE}).", defaultValue = "1")
  int fanoutWarmup;

  @Option(names = "--fanout-hop-samples", description = "Samples of the one-hop floor per client count, taken between"
      + " the releases (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int fanoutHopSamples;

  @Option(names = "--fanout-jvm-options", description = "Options of each function JVM of the fan-out stack, space-separated"
      + " (default: ${DEFAULT-VALUE}); small, so that 50 client-deployers fit on one machine.",
      defaultValue = "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k")
  String fanoutJvmOptions;

  @Option(names = "--fanout-gke-latency", description = "Milliseconds the GKE stand-in takes to answer getCluster, as"
      + " Google's API would (default: ${DEFAULT-VALUE}: the stand-in's own).", defaultValue = "0")
  long fanoutGkeLatencyMillis;

  @Option(names = "--per-client-warmup", split = ",", description = "Releases through the one-client stack before its"
      + " client-deployer's CPU per release is measured, one stack and one row each (default: ${DEFAULT-VALUE}: a deployer"
      + " still warming up, and one whose JIT has compiled its path).", defaultValue = "10,50")
  List<Integer> perClientWarmup;

  @Option(names = "--runs", description = "Cold starts per function and floor, round-robin, after one uncounted round"
      + " (default: ${DEFAULT-VALUE}).", defaultValue = "5")
  int runs;

  @Option(names = "--burst", description = "Events per memory burst (default: ${DEFAULT-VALUE}).", defaultValue = "500")
  int burst;

  @Option(names = "--concurrency", description = "Events in flight during a burst (default: ${DEFAULT-VALUE}).", defaultValue = "8")
  int concurrency;

  @Option(names = "--heap", description = "-Xmx of the burst (default: none: the JVM sizes its heap from the function's"
      + " deployed memory, -XX:MaxRAM, as on Cloud Run).")
  String heap;

  @Option(names = "--cgroup", description = "The cgroup v1 cpu controller the CPU shares are made under (default:"
      + " ${DEFAULT-VALUE}); where it is not writable the shares are not enforced and the tables say so.",
      defaultValue = "/sys/fs/cgroup/cpu")
  Path cgroup;

  @Option(names = "--shares", split = ",", description = "More CPU shares to start every function at, beside its deployed"
      + " one, such as 0.167,0.333,0.583,1: the figures a shape is chosen from (default: none).")
  List<Double> sweepShares = new ArrayList<>();

  @Option(names = "--jdk17-home", description = "A JDK 17 to run the cold starts on as well, beside Java 25"
      + " (./relay bench passes /usr/lib/jvm/java-17-openjdk-amd64 where it exists).")
  Path jdk17Home;

  @Option(names = "--jdk17-root", description = "A checkout whose functions and floors are compiled for Java 17 (this"
      + " build's classes are Java 25's, which a JDK 17 cannot load; ./relay bench builds one in bench/target/java17).")
  Path jdk17Root;

  @Option(names = "--jvm-option", description = "An option for every function's JVM, floors included (repeatable);"
      + " replaces the options the functions are deployed with (RelayFunction.JVM_OPTIONS); {function} in an option"
      + " becomes the function's name, for a file of its own, e.g. -XX:AOTCache=aot/{function}.aot.")
  List<String> jvmOptions = new ArrayList<>();

  @Option(names = "--aot-cache", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also start every floor and function at its deployed share with an AOT cache of its own, made by"
          + " one training start each (JDK 25 and later; default: ${DEFAULT-VALUE}; --no-aot-cache skips it).")
  boolean aotCache;

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
    out.printf("Machine: %d cores, %d MiB available, Java %s; function JVM options: %s%n%n",
        Runtime.getRuntime().availableProcessors(), Fanout.availableMiB(), System.getProperty("java.version"),
        jvmOptions.isEmpty() ? "none" : String.join(" ", jvmOptions));
    int failures = 0;
    if (only.contains(Part.cold) || only.contains(Part.memory)) {
      failures += coldStartAndMemory();
    }
    if (only.contains(Part.fanout)) {
      failures += fanout();
    }
    return failures == 0 ? 0 : 1;
  }

  private int fanout() throws Exception {
    List<String> options = List.of(fanoutJvmOptions.trim().split("\\s+"));
    Path absoluteRoot = root.toAbsolutePath().normalize();
    Duration gkeLatency = Duration.ofMillis(fanoutGkeLatencyMillis);
    Fanout fanout = new Fanout(absoluteRoot, absoluteRoot.resolve("bench/target/processes"), options, gkeLatency,
        message -> System.err.println("bench: " + message));
    List<Fanout.Result> results = new ArrayList<>();
    for (int clients : fanoutClients) {
      results.add(fanout.measure(clients, fanoutWarmup, fanoutReleases, fanoutHopSamples));
    }
    out.printf("## Fan-out: cloud-builds SUCCESS published → last client's runBuildTrigger received (%d releases each,"
        + " %s apart, ms)%n%n", fanoutReleases, Fanout.SETTLE.toSeconds() + " s");
    out.printf("Warm functions (%d release%s through first), release-publisher and one client-deployer per client, each"
        + " with %s. Floor: publish → delivered by the delivery bridge (push shape) → HTTP at a trivial endpoint, one hop, %d samples on"
        + " the same stack, times the %d hops on the path.%n%n", fanoutWarmup, fanoutWarmup == 1 ? "" : "s",
        String.join(" ", options) + (gkeLatency.isZero() ? "" : "; the GKE stand-in answers after " + gkeLatency.toMillis() + " ms"),
        fanoutHopSamples, Fanout.HOPS);
    out.println("| clients | median | p95 | one hop median | one hop p95 | floor (2 hops) | ratio | lost | function RSS |");
    out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    int failures = 0;
    for (Fanout.Result r : results) {
      String clients = r.clients() == r.requested() ? String.valueOf(r.clients())
          : r.clients() + " of " + r.requested() + " (" + r.note() + ")";
      double floor = Fanout.HOPS * r.hop().median();
      if (r.fanout() == null) {
        out.printf("| %s | – | – | %.1f | %.1f | %.1f | – | %d | %d MiB |%n", clients, r.hop().median(), r.hop().p95(), floor,
            r.lost(), r.functionRssMiB());
      } else {
        out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %d MiB |%n", clients, r.fanout().median(),
            r.fanout().p95(), r.hop().median(), r.hop().p95(), floor, r.fanout().median() / floor, r.lost(),
            r.functionRssMiB());
      }
      failures += r.lost();
    }
    out.printf("%nCPU per release, ms (over the release and the %d s after it; where the time goes):%n%n",
        Fanout.SETTLE.toSeconds());
    List<String> kinds = results.get(0).cpuMillisPerRelease().keySet().stream().toList();
    out.println("| clients | " + String.join(" | ", kinds) + " | total |");
    out.println("| ---: |" + " ---: |".repeat(kinds.size() + 1));
    for (Fanout.Result r : results) {
      StringBuilder row = new StringBuilder("| " + r.clients() + " |");
      double total = 0;
      for (String kind : kinds) {
        double millis = r.cpuMillisPerRelease().getOrDefault(kind, 0.0);
        total += millis;
        row.append(String.format(" %.0f |", millis));
      }
      out.println(row.append(String.format(" %.0f |", total)));
    }
    out.println();
    Map<Integer, Fanout.Result> perClient = new java.util.LinkedHashMap<>();
    int lost = 0;
    for (int warmups : perClientWarmup) {
      Fanout.Result r = DeployerCpu.measure(absoluteRoot, absoluteRoot.resolve("bench/target/processes"), options,
          gkeLatency, message -> System.err.println("bench: " + message), warmups, fanoutReleases, fanoutHopSamples);
      perClient.put(warmups, r);
      lost += r.lost();
    }
    DeployerCpu.print(out, results, perClient);
    return failures + lost;
  }

  private int coldStartAndMemory() throws Exception {
    AtomicInteger events = new AtomicInteger();
    int failures = 0;
    try (BenchStack stack = new BenchStack(root.resolve("bench/target/processes"));
        LocalIssuer issuer = LocalIssuer.start()) {
      Workloads workloads = new Workloads(root.toAbsolutePath().normalize(), stack.state(), issuer);
      List<Workload> functions = workloads.functions();
      if (functions.isEmpty()) {
        throw new IllegalStateException("no deployable JARs found: run ./mvnw -B package -DskipTests first");
      }
      Measurements measure = new Measurements(stack, jvmOptions);
      try (Shares shares = new Shares(cgroup)) {
        if (only.contains(Part.cold)) {
          coldStarts(workloads, functions, measure, events, shares, issuer, stack);
        }
        if (only.contains(Part.memory)) {
          failures += memory(workloads, functions, measure, events, shares);
        }
      }
    }
    return failures;
  }

  /**
   * Runs round-robin ({@link ColdStartRuns}): each round starts both floors and every function once
   * on the whole machine and once at its deployed CPU share, on Java 25 and (given a Java 17 build)
   * on Java 17, so that a machine drifting during the run moves all of them alike.
   */
  private void coldStarts(Workloads workloads, List<Workload> functions, Measurements measure, AtomicInteger events,
      Shares shares, LocalIssuer issuer, BenchStack stack) throws Exception {
    Workload http = workloads.helloHttp();
    Workload cloudEvent = workloads.helloCloudEvent();
    List<String> java25 = List.of(com.twosixty.relay.testing.ChildProcess.javaExecutable());
    List<ColdStartRuns.Config> configs = new ArrayList<>(shares.configs("25", java25, http, cloudEvent, functions, sweepShares));
    AotCaches caches = null;
    String aotNote = "With an AOT cache: not measured (--no-aot-cache).";
    if (aotCache && !AotCaches.supported()) {
      aotNote = "With an AOT cache: not measured (Java " + Runtime.version().feature() + " runs the bench; the cache needs 25).";
    } else if (aotCache) {
      List<Workload> all = new ArrayList<>(List.of(http, cloudEvent));
      all.addAll(functions);
      try {
        caches = AotCaches.make(root.resolve("bench/target/aot").toAbsolutePath().normalize(), measure, all, events);
        configs.addAll(shares.configs(AotCaches.JDK, caches.java(), http, cloudEvent, functions).stream()
            .filter(config -> !Double.isNaN(config.share().vcpu())).toList());
      } catch (IllegalStateException e) {
        aotNote = "With an AOT cache: not measured (" + e.getMessage().lines().findFirst().orElse("") + ").";
      }
    }
    Workloads workloads17 = null;
    List<Workload> functions17 = List.of();
    String jdk17Note = null;
    if (jdk17Home != null && jdk17Root != null) {
      workloads17 = new Workloads(jdk17Root.toAbsolutePath().normalize(), stack.state(), issuer);
      functions17 = workloads17.functions();
      List<String> java17 = List.of(jdk17Home.resolve("bin/java").toString());
      configs.addAll(shares.configs("17", java17, workloads17.helloHttp(), workloads17.helloCloudEvent(), functions17));
      jdk17Note = "Java 17: " + version(jdk17Home) + ", running the same sources compiled with --release 17 (" + jdk17Root
          + "); Java 25: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ".";
    }
    ColdStartRuns results = ColdStartRuns.run(configs, runs, measure, events);
    ColdStartRuns.Config whole = results.find("25", Double.NaN);
    Map<Workload, List<Double>> wall = new LinkedHashMap<>();
    Map<Workload, List<Double>> cpu = new LinkedHashMap<>();
    List<Workload> all = new ArrayList<>(List.of(http, cloudEvent));
    all.addAll(functions);
    for (Workload workload : all) {
      wall.put(workload, results.get(whole, workload.name()).wall());
      cpu.put(workload, results.get(whole, workload.name()).cpu());
    }
    out.printf("## Cold start on the whole machine: fresh JVM on the invoker to the first event's 2xx (Java 25, %d runs each,"
        + " round-robin, ms)%n%n", runs);
    out.println("Wall time, and the CPU time the function's JVM had used by its 2xx (all threads; on a fraction of");
    out.println("a vCPU, as in Cloud Functions' small tiers, the wall time follows the CPU time).");
    out.println();
    out.println("| function | kind | median | p95 | floor median (hello-world) | ratio | CPU median | floor CPU | CPU ratio "
        + "| deployable: zip / JAR |");
    out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Workload floor : List.of(http, cloudEvent)) {
      Stats time = Stats.of(wall.get(floor));
      out.printf("| hello-world | %s | %.0f | %.0f | | | %.0f | | | |%n", floor == http ? "HTTP" : "CloudEvent",
          time.median(), time.p95(), Stats.of(cpu.get(floor)).median());
    }
    for (Workload workload : functions) {
      RelayFunction function = function(workload);
      Workload floor = function.kind() == RelayFunction.Kind.HTTP ? http : cloudEvent;
      Stats time = Stats.of(wall.get(workload));
      double floorTime = Stats.of(wall.get(floor)).median();
      double cpuTime = Stats.of(cpu.get(workload)).median();
      double floorCpu = Stats.of(cpu.get(floor)).median();
      out.printf("| %s | %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %s / %.1f MiB |%n", workload.name(),
          kind(function), time.median(), time.p95(), floorTime, time.median() / floorTime, cpuTime, floorCpu,
          cpuTime / floorCpu, zipSize(workload.classpath()), size(workload.classpath()));
    }
    out.println();
    ShareTables tables = new ShareTables(out, results, runs);
    tables.atShare("25", functions, http, cloudEvent, shares.ergonomics(measure, java25));
    if (!sweepShares.isEmpty()) {
      tables.sweep("25", functions, http, cloudEvent, sweepShares);
    }
    if (caches != null) {
      tables.aotCache("25", AotCaches.JDK, functions, http, cloudEvent, caches);
    } else {
      out.println(aotNote);
      out.println();
    }
    if (jdk17Note != null) {
      tables.jdks("17", "25", functions, http, cloudEvent, jdk17Note);
    } else {
      out.println("Java 17: not measured (no --jdk17-home and --jdk17-root; ./relay bench passes them where a JDK 17 exists).");
      out.println();
    }
  }

  private int memory(Workloads workloads, List<Workload> functions, Measurements measure, AtomicInteger events,
      Shares shares) throws Exception {
    out.printf("## Memory: a burst of %d events, %d in flight, each function at its deployed memory and CPU share%n%n",
        burst, concurrency);
    out.println(heap != null ? "Heap: -Xmx" + heap + " (--heap), not the deployed memory's." : """
        Heap: -XX:MaxRAM set to the deployed memory, so the JVM sizes its heap from it as in a Cloud Run instance
        of that size (Relay sets JAVA_TOOL_OPTIONS, so Google's launcher adds no heap option of its own); "max heap"
        is what the JVM chose. Floors at the standard shape. Green: no event failed and the peak RSS stayed within
        the deployed memory.""");
    out.println();
    out.println("| function | events | failed | peak heap | peak RSS | events/s | memory | share | max heap | green |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |");
    List<Workload> all = new ArrayList<>(List.of(workloads.helloHttp(), workloads.helloCloudEvent()));
    all.addAll(functions);
    int failures = 0;
    for (Workload workload : all) {
      RelayFunction.Shape shape = shape(workload);
      CpuShare share = shares.of(shape.vcpu());
      List<String> java = share.wrap(List.of(com.twosixty.relay.testing.ChildProcess.javaExecutable()));
      List<String> memoryOptions = heap != null ? List.of("-Xmx" + heap) : List.of("-XX:MaxRAM=" + shape.memoryMiB() + "m");
      Measurements.Ergonomics ergonomics = measure.ergonomics(java, memoryOptions);
      Measurements.Burst result = measure.burst(workload, memoryOptions, java, burst, concurrency, events);
      failures += result.failed();
      double rssMiB = result.peakRssKiB() / 1024.0;
      boolean green = result.failed() == 0 && rssMiB <= shape.memoryMiB();
      out.printf("| %s | %d | %d | %.0f MiB | %.0f MiB | %.0f | %d MiB | %s | %d MiB | %s |%n", workload.name(), result.events(),
          result.failed(), result.peakHeapKiB() / 1024.0, rssMiB, result.events() / result.seconds(), shape.memoryMiB(),
          share.label(), ergonomics.maxHeapMiB(), green ? "yes" : "NO");
    }
    out.println();
    return failures;
  }

  /** The function zip Terraform uploads, beside the deployable JAR it holds (functions/function-zip.xml). */
  private static String zipSize(Path deployableJar) {
    Path zip = deployableJar.resolveSibling(deployableJar.getFileName().toString().replace("-deployable.jar", "-function.zip"));
    return Files.isRegularFile(zip) ? String.format("%.1f", size(zip)) : "–";
  }

  /** A function's deployed shape; the floors' is the standard one. */
  private static RelayFunction.Shape shape(Workload workload) {
    for (RelayFunction function : RelayFunction.values()) {
      if (function.functionName().equals(workload.name())) {
        return function.shape();
      }
    }
    return RelayFunction.Shape.STANDARD;
  }

  /** The JDK's own version line ({@code java -version}'s first), for the tables. */
  private static String version(Path javaHome) {
    try {
      Path release = javaHome.resolve("release");
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_VERSION=")) {
          return "JDK " + line.substring("JAVA_VERSION=".length()).replace("\"", "") + " (" + javaHome + ")";
        }
      }
    } catch (java.io.IOException e) {
      // fall through
    }
    return javaHome.toString();
  }

  private static double size(Path file) {
    try {
      return Files.size(file) / 1048576.0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static RelayFunction function(Workload workload) {
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
