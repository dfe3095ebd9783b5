package com.twosixty.relay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The child processes a stack started, one line each as it starts ({@code pid startMillis name}) in
 * {@code <workDir>/children-<stack pid>.pids}: what a stack killed with SIGKILL leaves behind is
 * found there (a file whose stack pid no longer runs), by pid and start time (a pid the system gave
 * to another process since does not match), and stopped. The stack's {@link Watchdog} reads it too.
 */
public final class ChildRecord {
  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("children-(\\d+)\\.pids");

  private final Path file;

  /** The record of the stack this process runs. */
  public static ChildRecord ofThisProcess(Path workDir) {
    return new ChildRecord(workDir.resolve("children-" + ProcessHandle.current().pid() + ".pids"));
  }

  private ChildRecord(Path file) {
    this.file = file;
  }

  /**
   * The records in {@code workDir} of stacks whose process no longer runs (killed, or crashed):
   * their children that still run are orphans.
   */
  public static List<ChildRecord> abandoned(Path workDir) {
    if (!Files.isDirectory(workDir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = Files.list(workDir)) {
      return files.filter(f -> {
        java.util.regex.Matcher m = NAME.matcher(f.getFileName().toString());
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true);
      }).sorted().map(ChildRecord::new).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  public Path file() {
    return file;
  }

  /** A child that runs, recorded. */
  public record Child(long pid, long startMillis, String name) {
    static Optional<Child> parse(String line) {
      String[] parts = line.trim().split(" ", 3);
      if (parts.length < 3) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Child(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** The process, if it still runs and is the one recorded (same start time, to the second). */
    public Optional<ProcessHandle> running() {
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> handle.info().startInstant()
          .map(started -> Math.abs(started.toEpochMilli() - startMillis) < 1000).orElse(false));
    }
  }

  /** Starts the record afresh: the stack that owns this work directory starts. */
  public void reset() {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public synchronized void add(String name, ProcessHandle process) {
    long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    try {
      Files.writeString(file, process.pid() + " " + started + " " + name + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The stack stopped its children itself: nothing is left to find. */
  public void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a stale record only names processes that no longer run
    }
  }

  /** The recorded children that still run. */
  public List<Child> running() {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      List<Child> children = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Child.parse(line).filter(c -> c.running().isPresent()).ifPresent(children::add);
      }
      return children;
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Stops the recorded children that still run (SIGTERM, then SIGKILL after {@code grace}), with
   * their descendants, and forgets them.
   *
   * @return those it stopped
   */
  public List<Child> stopRunning(Duration grace) {
    List<Child> children = running();
    List<ProcessHandle> handles = new ArrayList<>();
    for (Child child : children) {
      child.running().ifPresent(handle -> {
        handle.descendants().forEach(handles::add);
        handles.add(handle);
      });
    }
    handles.forEach(ProcessHandle::destroy);
    Instant deadline = Instant.now().plus(grace);
    for (ProcessHandle handle : handles) {
      try {
        handle.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
            java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception stillRunning) {
        handle.destroyForcibly();
      }
    }
    clear();
    return children;
  }
}
