package com.twosixty.relay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Makes a stack's children die with it, however it ends (SIGKILL included): a small shell child
 * whose standard input is a pipe from the stack's JVM. When that JVM exits, the system closes the
 * pipe; the watchdog reads end-of-file, then stops every process the {@link ChildRecord} still
 * names (SIGTERM, SIGKILL 5 s later). A stack that stops normally stops its children and deletes
 * the record first, so the watchdog finds nothing to do. It ignores SIGINT: Ctrl-C reaches the whole
 * foreground process group, and the watchdog must outlive the stack's own shutdown.
 */
final class Watchdog implements AutoCloseable {
  private static final String SCRIPT = """
      trap '' INT
      cat >/dev/null
      record="$1"
      [ -s "$record" ] || exit 0
      while read -r pid started name; do kill "$pid" 2>/dev/null; done < "$record"
      sleep 5
      while read -r pid started name; do kill -9 "$pid" 2>/dev/null; done < "$record"
      rm -f "$record"
      """;

  private final Process process;

  private Watchdog(Process process) {
    this.process = process;
  }

  static Watchdog start(Path record) {
    try {
      Process process = new ProcessBuilder("sh", "-c", SCRIPT, "relay-watchdog", record.toAbsolutePath().toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      return new Watchdog(process);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stack's watchdog (sh)", e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** The stack stopped its children itself: end the watchdog (its input closes, the record is gone). */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      process.destroy();
    }
  }
}
