package com.twosixty.relay.cli;

import com.twosixty.relay.local.ChildRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** What a stack that was killed (SIGKILL, a crash) left running in the work directory, found by the pids it recorded. */
final class Orphans {
  private Orphans() {}

  /** Stops them, saying which; returns how many. */
  static int stop(PrintStream out) {
    int stopped = 0;
    for (ChildRecord record : ChildRecord.abandoned(Relay.workDir())) {
      List<ChildRecord.Child> children = record.stopRunning(Duration.ofSeconds(5));
      if (!children.isEmpty()) {
        out.println("relay: stopped " + children.size() + " process" + (children.size() == 1 ? "" : "es")
            + " a previous stack left running: " + children.stream().map(c -> c.name() + " (pid " + c.pid() + ")")
            .collect(Collectors.joining(", ")));
        stopped += children.size();
      }
    }
    return stopped;
  }
}
