package com.twosixty.relay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.local.FunctionDeployment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark runs end to end on a tiny size; its figures are for BENCHMARKS.md, not asserted here. */
class BenchmarksIT {
  @Test
  void runsEveryFunctionOnATinySize() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = new CommandLine(new Benchmarks(new PrintStream(buffer, true, StandardCharsets.UTF_8)))
        .execute("--only", "cold,memory", "--runs", "1", "--burst", "3", "--concurrency", "2", "--root", "..");
    String table = buffer.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, table);
    assertFalse(table.contains("NaN"), "a cold start without its CPU time:\n" + table);
    for (RelayFunction function : RelayFunction.values()) {
      Path deployable = FunctionDeployment.deployable(Path.of("..").toAbsolutePath().normalize(), function);
      if (Files.isRegularFile(deployable)) {
        assertTrue(table.contains("| " + function.functionName() + " | " + (function.kind() == RelayFunction.Kind.HTTP ? "HTTP" : "CloudEvent")),
            function + " has no cold-start row:\n" + table);
        assertTrue(table.contains("| " + function.functionName() + " | 3 | 0 |"), function + " has no clean burst row:\n" + table);
        assertTrue(table.lines().anyMatch(line -> line.startsWith("| " + function.functionName() + " | ")
                && line.contains(" | " + function.shape().cpu() + " vCPU")),
            function + " has no row at its deployed share:\n" + table);
        assertTrue(table.lines().anyMatch(line -> line.startsWith("| " + function.functionName() + " | " + function.shape().cpu()
                + " vCPU | ") && line.endsWith(" MiB |")),
            function + " has no row with its AOT cache:\n" + table);
      }
    }
    assertTrue(table.contains("## Cold start with an AOT cache at the deployed CPU share"), table);
    // At the deployed share: under a real quota where the cgroup controller is writable, marked where not.
    assertTrue(table.contains("## Cold start at the deployed CPU share"), table);
    assertTrue(table.contains("a cgroup v1 CPU quota of") || table.contains("NOT ENFORCED"), table);
  }

  @Test
  void marksTheShareNotEnforcedWithoutAController() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = new CommandLine(new Benchmarks(new PrintStream(buffer, true, StandardCharsets.UTF_8)))
        .execute("--only", "cold", "--runs", "1", "--root", "..", "--cgroup", "target/no-cgroup-here", "--no-aot-cache");
    String table = buffer.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, table);
    assertTrue(table.contains("NOT ENFORCED** (no cgroup v1 cpu controller at target/no-cgroup-here)"), table);
    assertTrue(table.contains("vCPU (not enforced)"), table);
    assertTrue(table.contains("With an AOT cache: not measured (--no-aot-cache)."), table);
  }

  @Test
  void runsTheFanoutOnATinySize() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = new CommandLine(new Benchmarks(new PrintStream(buffer, true, StandardCharsets.UTF_8)))
        .execute("--only", "fanout", "--fanout-clients", "2", "--fanout-releases", "2", "--fanout-hop-samples", "3",
            "--per-client-warmup", "1", "--root", "..");
    String table = buffer.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, table);
    assertTrue(table.contains("## Fan-out"), "no fan-out table:\n" + table);
    assertTrue(table.lines().anyMatch(line -> line.startsWith("| 2 | ")), "no row for 2 clients:\n" + table);
    assertTrue(table.lines().anyMatch(line -> line.startsWith("| one client, with deploy-reporter, warm-up 1 | 1 | ")),
        "no per-client CPU row:\n" + table);
    assertTrue(table.lines().anyMatch(line -> line.startsWith("| fan-out | 2 | ")), "no per-client CPU of the fan-out:\n" + table);
  }
}
