package com.twosixty.relay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CPU share is a real cgroup that a wrapped command runs in from its start, or, where there is none, says so. */
class CpuShareTest {
  @TempDir
  Path temp;

  @Test
  void withoutAControllerTheShareIsNotEnforcedAndSaysWhy() {
    try (CpuShare share = CpuShare.of(temp, "relay-bench-test", 0.5)) {
      assertFalse(share.enforced());
      assertTrue(share.unenforced().contains("no cgroup v1 cpu controller at " + temp), share.unenforced());
      assertEquals("0.5 vCPU (not enforced)", share.label());
      assertEquals(List.of("java", "-version"), share.wrap(List.of("java", "-version")));
    }
  }

  @Test
  void aWrappedProcessRunsInTheGroupUnderItsQuota() throws Exception {
    assumeTrue(Files.isWritable(CpuShare.CONTROLLER.resolve("cgroup.procs")), "the cgroup v1 cpu controller is not writable here");
    String name = "relay-bench-test-" + ProcessHandle.current().pid();
    Path group = CpuShare.CONTROLLER.resolve(name);
    try (CpuShare share = CpuShare.of(CpuShare.CONTROLLER, name, 0.25)) {
      assertTrue(share.enforced(), share.unenforced());
      assertEquals("0.25 vCPU", share.label());
      assertEquals(25_000, share.quotaMicros());
      Process process = new ProcessBuilder(share.wrap(List.of("cat", "/proc/self/cgroup"))).redirectErrorStream(true).start();
      String cgroups = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, process.waitFor(), cgroups);
      assertTrue(cgroups.lines().anyMatch(line -> line.matches("\\d+:cpu(,cpuacct)?:/" + name)), cgroups);
    }
    assertFalse(Files.exists(group), "the group is removed when closed");
  }

  @Test
  void aShareOutOfRangeIsRefused() {
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> CpuShare.of(temp, "x", 0));
    assertTrue(refused.getMessage().contains("above 0"));
  }
}
