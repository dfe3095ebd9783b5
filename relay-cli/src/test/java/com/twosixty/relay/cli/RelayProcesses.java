package com.twosixty.relay.cli;

import com.twosixty.relay.local.StackInfo;
import com.twosixty.relay.testing.ChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * `relay` as a person runs it, each command a process of its own, with the test's work directory as
 * its state directory ({@code -Drelay.workdir}): one local stack per test class.
 */
final class RelayProcesses {
  private final Path work;

  /** A finished command: its exit code and what it printed on each stream. */
  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** A stack `relay up --json …` started: the process, and the stack its first line describes. */
  record Stack(Process up, StackInfo info) {}

  RelayProcesses(Path work) throws IOException {
    this.work = Files.createDirectories(work);
  }

  List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(),
        "-Drelay.home=" + Path.of("..").toAbsolutePath().normalize(), "-Drelay.workdir=" + work, "-Dslf4j.internal.verbosity=ERROR",
        "-cp", System.getProperty("java.class.path"), Relay.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /** `relay up --json` and the given options, once it has printed the stack's JSON line (its stderr in up.err). */
  Stack up(String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("up", "--json"));
    args.addAll(List.of(options));
    Process up = new ProcessBuilder(command(args.toArray(String[]::new))).redirectError(work.resolve("up.err").toFile()).start();
    try {
      return new Stack(up, StackInfo.fromJson(CompletableFuture.supplyAsync(() -> firstLine(up)).get(240, TimeUnit.SECONDS)));
    } catch (Exception e) {
      up.destroyForcibly();
      throw new AssertionError("relay up printed no JSON line; its stderr:\n" + Files.readString(work.resolve("up.err")), e);
    }
  }

  /** One command to its end (at most 240 s). */
  Run run(String... args) throws Exception {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process process = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(240, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("relay " + String.join(" ", args) + " did not finish within 240 s");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** The first line a process prints: `relay up --json`'s stack description. */
  static String firstLine(Process process) {
    try {
      String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        throw new IllegalStateException("relay up exited with " + process.waitFor());
      }
      return line;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
