package com.twosixty.relay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A child process on a port of its own, its output in a log file, stopped by process id (with its
 * descendants: a JVM that forks must not outlive the test).
 */
public class ChildProcess implements AutoCloseable {
  /** Ports given out by {@link #freePort} in this JVM (test harness state, never a function's). */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  protected ChildProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static ChildProcess start(String name, List<String> command, Map<String, String> environment, int port,
      Path logDirectory, Duration readyWithin) {
    try {
      Files.createDirectories(logDirectory);
      Path log = logDirectory.resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      ChildProcess child = new ChildProcess(name, process, port, log);
      child.awaitPort(readyWithin);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * A port nothing listens on, never one this JVM handed out before: the kernel may give a closed
   * port 0 twice, and then of two children started at once one fails to bind while the other's
   * listener makes it look started (seen with 51 functions in the fan-out benchmark).
   */
  public static int freePort() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        socket.setReuseAddress(true);
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The JVM running this code, for starting Java children with the same runtime. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private void awaitPort(Duration within) {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before listening on port "
            + port + "; its output:\n" + tail(40));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(10); // fine-grained: cold-start benchmarks measure through this wait
      }
    }
    close();
    throw new IllegalStateException(name + " did not listen on port " + port + " within " + within + "; its output:\n" + tail(40));
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return log;
  }

  /** Everything the process has written so far. */
  public List<String> logLines() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  public String tail(int lines) {
    List<String> all = logLines();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** Kills the process at once, as a crash would, leaving the port free for a restart. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!waitForExit(Duration.ofSeconds(5))) {
      kill();
    }
  }

  private boolean waitForExit(Duration within) {
    try {
      return process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
