package com.twosixty.relay.bench;

import com.twosixty.relay.testing.ChildProcess;
import com.twosixty.relay.testing.FunctionInvoker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Cold start and memory of one workload, each run in a fresh JVM on the invoker. */
final class Measurements {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** In a JVM option, replaced by the function's name: a file of its own per function (an AOT cache, a class-load log). */
  static final String FUNCTION_PLACEHOLDER = "{function}";

  private final BenchStack stack;
  private final List<String> jvmOptions;

  Measurements(BenchStack stack, List<String> jvmOptions) {
    this.stack = stack;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * One cold start: wall-clock milliseconds from starting the JVM to the first event's 2xx, and the
   * CPU milliseconds the function's JVM had used by then (all its threads, at 10 ms resolution).
   */
  record ColdStart(double wallMillis, double cpuMillis) {}

  /** A fresh JVM on the invoker, its first event, and the time and CPU it took, {@code runs} times. */
  List<ColdStart> coldStarts(Workload workload, int runs, AtomicInteger eventCounter) {
    return coldStarts(workload, runs, eventCounter, List.of(ChildProcess.javaExecutable()));
  }

  /** As {@link #coldStarts(Workload, int, AtomicInteger)}, with {@code java} as the command that runs Java ({@link CpuShare#wrap}). */
  List<ColdStart> coldStarts(Workload workload, int runs, AtomicInteger eventCounter, List<String> java) {
    List<ColdStart> samples = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      try (FunctionInvoker function = start(workload, List.of(), java)) {
        HttpResponse<String> response = send(workload, function, eventCounter.getAndIncrement());
        long end = System.nanoTime();
        double cpuMillis = cpuMillis(function.process().pid());
        if (response.statusCode() / 100 != 2) {
          throw new IllegalStateException(workload.name() + " answered " + response.statusCode() + " to its first event: "
              + response.body() + "\n" + function.process().tail(20));
        }
        samples.add(new ColdStart((end - start) / 1e6, cpuMillis));
      }
    }
    return samples;
  }

  /** User + system CPU time of a live process so far; NaN where the platform does not say. */
  static double cpuMillis(long pid) {
    return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
        .map(cpu -> cpu.toNanos() / 1e6).orElse(Double.NaN);
  }

  record Burst(int events, int failed, long peakHeapKiB, long peakRssKiB, double seconds) {}

  /** {@code events} events, {@code concurrency} at a time, into one JVM limited to {@code -Xmx}. */
  Burst burst(Workload workload, String xmx, int events, int concurrency, AtomicInteger eventCounter) throws Exception {
    return burst(workload, List.of("-Xmx" + xmx), List.of(ChildProcess.javaExecutable()), events, concurrency, eventCounter);
  }

  /**
   * {@code events} events, {@code concurrency} at a time, into one JVM started by {@code java} with
   * {@code memoryOptions} beside the function's options.
   */
  Burst burst(Workload workload, List<String> memoryOptions, List<String> java, int events, int concurrency,
      AtomicInteger eventCounter) throws Exception {
    try (FunctionInvoker function = start(workload, memoryOptions, java)) {
      send(workload, function, eventCounter.getAndIncrement()); // warm: the burst measures the steady state's peak too
      HeapSampler heap = new HeapSampler(function.process().pid());
      Thread sampler = new Thread(heap, "heap-sampler");
      sampler.start();
      Semaphore inFlight = new Semaphore(concurrency);
      AtomicInteger failed = new AtomicInteger();
      List<CompletableFuture<?>> all = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        inFlight.acquire();
        all.add(HTTP.sendAsync(workload.request().apply(function.url(), eventCounter.getAndIncrement()),
                HttpResponse.BodyHandlers.ofString())
            .whenComplete((response, error) -> {
              if (error != null || response.statusCode() / 100 != 2) {
                failed.incrementAndGet();
              }
              inFlight.release();
            }));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
      double seconds = (System.nanoTime() - start) / 1e9;
      heap.stop();
      sampler.join();
      heap.sampleOnce();
      boolean alive = function.process().isAlive();
      long rss = peakRss(function.process().pid());
      return new Burst(events, failed.get() + (alive ? 0 : 1), heap.peakKiB(), rss, seconds);
    }
  }

  private FunctionInvoker start(Workload workload, List<String> extraOptions, List<String> java) {
    Map<String, String> env = new HashMap<>(stack.environment());
    env.putAll(workload.settings());
    String name = fileName(workload);
    return FunctionInvoker.startDeployable(name, named(java, name), workload.target(), workload.classpath(), env, stack.logs,
        named(options(extraOptions), name), ChildProcess.freePort());
  }

  /** A workload's name as a file name: {@code hello-world-http}, {@code client-deployer}. */
  static String fileName(Workload workload) {
    return workload.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  /** {@code command} with {@value #FUNCTION_PLACEHOLDER} replaced by {@code name}. */
  static List<String> named(List<String> command, String name) {
    return command.stream().map(part -> part.replace(FUNCTION_PLACEHOLDER, name)).toList();
  }

  /** The functions' JVM options, then {@code extraOptions}. */
  List<String> options(List<String> extraOptions) {
    List<String> options = new ArrayList<>(jvmOptions);
    options.addAll(extraOptions);
    return options;
  }

  /** How a JVM sizes itself: the CPUs it counts, its collector, its largest heap. */
  record Ergonomics(int cpus, String collector, long maxHeapMiB) {}

  /**
   * What {@code java} with the functions' options and {@code extraOptions} chooses for itself
   * ({@code -XshowSettings:system -XX:+PrintFlagsFinal -version}): under a CPU share, whether it
   * saw the quota.
   */
  Ergonomics ergonomics(List<String> java, List<String> extraOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(named(java, "ergonomics"));
    command.addAll(named(options(extraOptions), "ergonomics"));
    command.addAll(List.of("-XshowSettings:system", "-XX:+PrintFlagsFinal", "-version"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    int cpus = Runtime.getRuntime().availableProcessors();
    String collector = "?";
    long maxHeap = -1;
    for (String line : output.split("\n")) {
      String trimmed = line.trim();
      String[] fields = trimmed.split("\\s+");
      if (trimmed.startsWith("Effective CPU Count:")) {
        cpus = Integer.parseInt(trimmed.substring(trimmed.indexOf(':') + 1).trim());
      } else if (fields.length >= 4 && fields[1].equals("MaxHeapSize")) {
        maxHeap = Long.parseLong(fields[3]) / 1048576;
      } else if (fields.length >= 4 && fields[1].matches("Use(Serial|G1|Parallel|Z|Shenandoah)GC") && fields[3].equals("true")) {
        collector = fields[1].substring(3);
      }
    }
    return new Ergonomics(cpus, collector, maxHeap);
  }

  private static HttpResponse<String> send(Workload workload, FunctionInvoker function, int n) {
    try {
      return HTTP.send(workload.request().apply(function.url(), n), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(workload.name() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** VmHWM: the most resident memory the process ever had. */
  private static long peakRss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** Samples the heap in use (survivors + eden + old) with jstat every 50 ms. */
  private static final class HeapSampler implements Runnable {
    private final long pid;
    private final AtomicLong peak = new AtomicLong();
    private volatile Process jstat;

    HeapSampler(long pid) {
      this.pid = pid;
    }

    @Override
    public void run() {
      read(List.of("50"));
    }

    /** One more sample after the burst: a short burst may end before jstat's first periodic line. */
    void sampleOnce() {
      read(List.of());
    }

    private void read(List<String> interval) {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
          "-gc", Long.toString(pid)));
      command.addAll(interval);
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!interval.isEmpty()) {
          jstat = process;
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          List<String> header = null;
          String line;
          while ((line = out.readLine()) != null) {
            String[] fields = line.trim().split("\\s+");
            if (header == null) {
              header = List.of(fields);
              continue;
            }
            if (fields.length != header.size() || !Character.isDigit(fields[0].charAt(0))) {
              continue;
            }
            double used = 0;
            for (String column : List.of("S0U", "S1U", "EU", "OU")) {
              used += Double.parseDouble(fields[header.indexOf(column)]);
            }
            long kib = (long) used;
            peak.accumulateAndGet(kib, Math::max);
          }
        }
      } catch (IOException endedByStop) {
        // stop() destroys the periodic jstat; its stream closes under the reader.
      }
    }

    void stop() {
      // Let the last sample in, then end jstat.
      try {
        Thread.sleep(120);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (jstat != null) {
        jstat.destroy();
      }
    }

    long peakKiB() {
      return peak.get();
    }
  }
}
