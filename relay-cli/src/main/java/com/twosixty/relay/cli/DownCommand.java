package com.twosixty.relay.cli;

import com.twosixty.relay.local.StackInfo;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Stops the local stack that relay up started (as Ctrl-C would: it stops every process it started), "
        + "and any process a killed stack left running.")
final class DownCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    Optional<StackInfo> running = StackInfo.readRunning(Relay.stateFile());
    if (running.isPresent()) {
      long pid = running.get().stackPid();
      Optional<ProcessHandle> stack = ProcessHandle.of(pid);
      if (stack.isPresent()) {
        System.out.println("relay: stopping the local stack (pid " + pid + ")");
        stack.get().destroy();
        try {
          stack.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          System.out.println("relay: the stack did not stop within 60 s; killing it");
          stack.get().destroyForcibly();
          stack.get().onExit().get(10, TimeUnit.SECONDS);
        }
      }
      Files.deleteIfExists(Relay.stateFile());
    }
    int orphans = Orphans.stop(System.out);
    if (running.isEmpty() && orphans == 0) {
      System.out.println("relay: no local stack runs");
    } else if (running.isPresent()) {
      System.out.println("relay: stopped");
    }
    return 0;
  }
}
