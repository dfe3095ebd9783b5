package com.twosixty.relay.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A share of a CPU for a function's JVM, as Cloud Run gives an instance its {@code available_cpu}:
 * a cgroup v1 {@code cpu} group whose CFS quota is that share of each period. The JVM is put in the
 * group by a shell that writes its own pid into {@code cgroup.procs} and then execs Java, so class
 * loading and the JIT run under the quota from the first instruction, and every thread the JVM
 * starts inherits it. The JVM reads the quota too (its container support), and sizes itself for one
 * CPU, as it does on Cloud Run below 2 vCPU.
 *
 * <p>Where the controller is not there or not writable (not root, cgroup v2 only), the share is
 * {@link #unlimited} with the reason, and the tables say so.
 */
final class CpuShare implements AutoCloseable {
  static final Path CONTROLLER = Path.of("/sys/fs/cgroup/cpu");
  /** CFS's default period; the quota is the share of it. */
  static final long PERIOD_MICROS = 100_000;

  private final double vcpu;
  /** The group, or null when the share is not enforced. */
  private final Path group;
  /** Why the share is not enforced; null when it is. */
  private final String unenforced;

  private CpuShare(double vcpu, Path group, String unenforced) {
    this.vcpu = vcpu;
    this.group = group;
    this.unenforced = unenforced;
  }

  /** No limit at all: the whole machine, as the whole-core columns measure. */
  static CpuShare unlimited() {
    return new CpuShare(Double.NaN, null, null);
  }

  /**
   * A group at {@code vcpu} of a CPU under {@code controller}, named {@code name} (unique to this
   * benchmark JVM); unenforced, with the reason, when the controller cannot be written.
   */
  static CpuShare of(Path controller, String name, double vcpu) {
    if (!(vcpu > 0)) {
      throw new IllegalArgumentException("a CPU share must be above 0, got " + vcpu);
    }
    if (!Files.isRegularFile(controller.resolve("cpu.cfs_quota_us"))) {
      return new CpuShare(vcpu, null, "no cgroup v1 cpu controller at " + controller);
    }
    Path group = controller.resolve(name);
    try {
      Files.createDirectories(group);
      write(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
      write(group.resolve("cpu.cfs_quota_us"), Long.toString(Math.round(vcpu * PERIOD_MICROS)));
      return new CpuShare(vcpu, group, null);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(group);
      return new CpuShare(vcpu, null, controller + " is not writable here (" + e.getMessage() + ")");
    }
  }

  /** The share asked for; NaN for {@link #unlimited}. */
  double vcpu() {
    return vcpu;
  }

  /** Whether a JVM started through {@link #wrap} runs under the quota. */
  boolean enforced() {
    return group != null;
  }

  /** Why the share is not enforced ({@code null} when it is, or when none was asked for). */
  String unenforced() {
    return unenforced;
  }

  /** "1 vCPU", "0.333 vCPU", or "whole machine". */
  String label() {
    if (Double.isNaN(vcpu)) {
      return "whole machine";
    }
    String share = String.format(Locale.ROOT, "%.3f", vcpu).replaceAll("0+$", "").replaceAll("\\.$", "");
    return share + " vCPU" + (enforced() ? "" : " (not enforced)");
  }

  /**
   * The command that runs {@code java} in the group: {@code sh -c 'echo $$ > .../cgroup.procs &&
   * exec "$@"' sh java}; {@code java} itself when the share is not enforced.
   */
  List<String> wrap(List<String> java) {
    if (group == null) {
      return java;
    }
    List<String> command = new ArrayList<>(List.of("sh", "-c",
        "echo $$ > '" + group.resolve("cgroup.procs") + "' && exec \"$@\"", "sh"));
    command.addAll(java);
    return command;
  }

  /** The quota as the group holds it, in microseconds per period ({@code -1}: none; for the tests). */
  long quotaMicros() throws IOException {
    return group == null ? -1 : Long.parseLong(Files.readString(group.resolve("cpu.cfs_quota_us")).trim());
  }

  /** Removes the group; its processes have ended (a group with processes cannot be removed: then it stays, said on stderr). */
  @Override
  public void close() {
    if (group != null && !deleteQuietly(group)) {
      System.err.println("bench: could not remove " + group + " (processes still in it?)");
    }
  }

  private static boolean deleteQuietly(Path group) {
    // The last JVM may still be exiting: give it a moment.
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        Files.deleteIfExists(group);
        return true;
      } catch (IOException busy) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  private static void write(Path file, String value) throws IOException {
    Files.writeString(file, value, StandardCharsets.US_ASCII);
  }
}
