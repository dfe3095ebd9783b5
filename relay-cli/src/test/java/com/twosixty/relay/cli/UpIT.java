package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.local.StackInfo;
import com.twosixty.relay.testing.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** `relay up --json` as a person or a script runs it: a process of its own, stopped by `relay down`. */
class UpIT {
  private static final Path WORK = Path.of("target", "up-it").toAbsolutePath();

  @Test
  void upDescribesTheStackOnOneLineAndDownLeavesNoProcessBehind() throws Exception {
    Process up = startRelay("up", "--json");
    StackInfo stack;
    try {
      String line = CompletableFuture.supplyAsync(() -> RelayProcesses.firstLine(up)).get(180, TimeUnit.SECONDS);
      stack = StackInfo.fromJson(line);
    } catch (Exception e) {
      up.destroyForcibly();
      throw new AssertionError("relay up printed no JSON line; its stderr:\n" + Files.readString(WORK.resolve("up.err")), e);
    }

    assertFalse(stack.pubsubEmulatorHost().isEmpty());
    assertFalse(stack.firestoreEmulatorHost().isEmpty());
    assertEquals("relay-local", stack.hubProject());
    assertEquals(Map.of("acme", "relay-acme-prod", "essence", "relay-essence-prod", "northwind", "relay-northwind-prod"),
        stack.clientProjects());
    assertTrue(stack.topics().keySet().containsAll(Set.of("releases", "release-commands", "deployments", "cloud-builds",
        "cloud-builds/acme", "cloud-builds/essence", "cloud-builds/northwind")), stack.topics().toString());
    assertEquals("projects/relay-local/topics/releases", stack.topics().get("releases"));
    assertTrue(stack.urls().keySet().containsAll(Set.of("pushWebhook", "releaseStatus", "dashboard")), stack.urls().toString());
    assertFalse(stack.webhookSecret().isEmpty());
    assertTrue(stack.pids().containsKey("pubsub-emulator") && stack.pids().containsKey("firestore-emulator"));
    assertTrue(stack.pids().containsKey("release-publisher"), stack.pids().toString());
    List<Long> children = new ArrayList<>(stack.pids().values());
    children.forEach(pid -> assertTrue(alive(pid), "child " + pid + " runs while the stack is up"));
    assertTrue(Files.exists(WORK.resolve("stack.json")));
    assertFalse(stack.url("commandGateway").isEmpty(), stack.urls().toString());

    Process elsewhere = runRelay("elsewhere", "freeze", "northwind", "--project", "relay-hub-x", "--gateway",
        "https://gateway.invalid", "--as", "release-manager@northwind.example");
    assertEquals(2, elsewhere.exitValue());
    assertTrue(Files.readString(WORK.resolve("elsewhere.err")).contains("--as works on the local stack only"));

    // The operator commands against this stack: OperatorCommandsIT. `relay down` stops it as Ctrl-C
    // would (SIGTERM; the same shutdown hook as SIGINT), and waits for it.
    Process down = runRelay("down", "down");
    assertEquals(0, down.exitValue(), Files.readString(WORK.resolve("down.err")));
    assertTrue(Files.readString(WORK.resolve("down.out")).contains("stopping the local stack (pid " + up.pid() + ")"));
    assertTrue(up.waitFor(10, TimeUnit.SECONDS), "relay up stopped after relay down");

    List<Long> survivors = children.stream().filter(UpIT::alive).toList();
    assertEquals(List.of(), survivors, "child processes still alive after relay down");
    assertFalse(Files.exists(WORK.resolve("stack.json")), "the state file goes with the stack");
  }

  private static Process startRelay(String... args) throws IOException {
    Files.createDirectories(WORK);
    List<String> command = new ArrayList<>();
    // As ./relay does: a JVM cannot catch a SIGINT it inherited as ignored (mvn started with '&').
    if (new ProcessBuilder("env", "--default-signal=INT", "true").start().onExit().join().exitValue() == 0) {
      command.addAll(List.of("env", "--default-signal=INT"));
    }
    command.addAll(List.of(ChildProcess.javaExecutable(), "-Drelay.home=" + Path.of("..").toAbsolutePath().normalize(),
        "-Drelay.workdir=" + WORK, "-Dslf4j.internal.verbosity=ERROR", "-cp", System.getProperty("java.class.path"),
        Relay.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(WORK.resolve("up.err").toFile()).start();
  }

  /** A one-shot command against the running stack, its output in WORK/<name>.out and .err; waits for it. */
  private static Process runRelay(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(),
        "-Drelay.home=" + Path.of("..").toAbsolutePath().normalize(), "-Drelay.workdir=" + WORK,
        "-Dslf4j.internal.verbosity=ERROR", "-cp", System.getProperty("java.class.path"), Relay.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectOutput(WORK.resolve(name + ".out").toFile())
        .redirectError(WORK.resolve(name + ".err").toFile()).start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "relay " + String.join(" ", args) + " finished");
    return process;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
