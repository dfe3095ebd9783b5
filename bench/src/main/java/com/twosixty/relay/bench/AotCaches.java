package com.twosixty.relay.bench;

import com.twosixty.relay.testing.ChildProcess;
import com.twosixty.relay.testing.FunctionInvoker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An AOT cache per workload (JDK 25: JEP 483's classes loaded and linked ahead of time, JEP 515's
 * method profiles), made the two-step way a container image's build would make it: one cold start
 * of the workload with {@code -XX:AOTMode=record} writes the configuration when the JVM exits, then
 * {@code -XX:AOTMode=create} assembles the cache for the same command line (the invoker's JAR; the
 * deployable's classes come through the invoker's class loader and are cached too). A cache loads
 * only into the JVM build that made it, with the same class path: what Cloud Run with an image of
 * Relay's own could ship, and Cloud Functions' runtime (Google's JDK, installed at deploy time)
 * cannot.
 */
final class AotCaches {
  /** The JDK label of the configurations that start with a cache ({@link ColdStartRuns.Config#jdk()}). */
  static final String JDK = "25 + AOT cache";

  private final Path directory;
  private final Map<String, Long> bytes = new LinkedHashMap<>();

  private AotCaches(Path directory) {
    this.directory = directory;
  }

  /** Whether the JDK that runs the bench, and so the functions, has the AOT cache (25 and later). */
  static boolean supported() {
    return Runtime.version().feature() >= 25;
  }

  /** Trains and assembles a cache for each of {@code workloads} in {@code directory} (emptied first). */
  static AotCaches make(Path directory, Measurements measure, List<Workload> workloads, AtomicInteger events)
      throws IOException, InterruptedException {
    Files.createDirectories(directory);
    try (var old = Files.list(directory)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    AotCaches caches = new AotCaches(directory);
    String java = ChildProcess.javaExecutable();
    measure.coldStarts(workloads.get(0), 1, events); // uncounted, as in every round-robin: warms the emulators
    for (Workload workload : workloads) {
      measure.coldStarts(workload, 1, events, List.of(java, "-XX:AOTMode=record",
          "-XX:AOTConfiguration=" + directory.resolve(Measurements.FUNCTION_PLACEHOLDER + ".aotconf")));
      caches.create(measure, workload, java);
    }
    return caches;
  }

  private void create(Measurements measure, Workload workload, String java) throws IOException, InterruptedException {
    String name = Measurements.fileName(workload);
    Path configuration = directory.resolve(name + ".aotconf");
    Path cache = directory.resolve(name + ".aot");
    Path log = directory.resolve(name + ".create.log");
    if (!Files.isRegularFile(configuration)) {
      throw new IllegalStateException(workload.name() + ": its training run wrote no AOT configuration at " + configuration);
    }
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(Measurements.named(measure.options(List.of()), name));
    command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration, "-XX:AOTCache=" + cache,
        "-jar", FunctionInvoker.invokerJar().toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.isRegularFile(cache)) {
      process.destroyForcibly();
      throw new IllegalStateException(workload.name() + ": no AOT cache from " + String.join(" ", command) + "\n"
          + Files.readString(log));
    }
    Files.delete(configuration);
    bytes.put(workload.name(), Files.size(cache));
  }

  /** The command that starts Java with each workload's own cache. */
  List<String> java() {
    return List.of(ChildProcess.javaExecutable(), "-XX:AOTCache=" + directory.resolve(Measurements.FUNCTION_PLACEHOLDER + ".aot"));
  }

  /** The size of a workload's cache, in MiB. */
  double mebibytes(Workload workload) {
    return bytes.getOrDefault(workload.name(), 0L) / 1048576.0;
  }
}
