package com.twosixty.relay.cli;

import com.twosixty.relay.local.LocalStack;
import com.twosixty.relay.local.StackInfo;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Starts the local stack and leaves it running until Ctrl-C, SIGTERM or relay down, which stop every "
        + "process it started (and its children stop by themselves if it is killed). The other commands find it "
        + "through .relay/stack.json; processes a killed stack left running are stopped first.")
final class UpCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON line describing the stack once it is ready (progress goes to stderr).")
  boolean json;

  @Option(names = "--without-freeze-windows",
      description = "Give the functions the client files without their freeze windows (as relay demo does).")
  boolean withoutFreezeWindows;

  @Mixin
  StackOptions stackOptions;

  @Override
  public Integer call() throws InterruptedException {
    PrintStream out = System.out;
    PrintStream progress = json ? System.err : System.out;
    java.util.List<String> waves = stackOptions.wavesDescription(); // a mistake in --waves is named before anything starts
    if (StackInfo.readRunning(Relay.stateFile()).isPresent()) {
      throw new UserError("a local stack already runs (" + Relay.stateFile() + "); stop it first with ./relay down");
    }
    Orphans.stop(progress);
    LocalStack stack = LocalStack.prepare(stackOptions.options(withoutFreezeWindows).toBuilder()
        .progress(message -> progress.println("relay: " + message)).build());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      progress.println("relay: stopping the local stack");
      stack.close();
      try {
        Files.deleteIfExists(Relay.stateFile());
      } catch (java.io.IOException ignored) {
        // A stale state file is recognised by its dead pid.
      }
      stopped.countDown();
    }, "relay-stop"));
    stack.start();
    stackOptions.applyFaults(stack);
    StackInfo info = stack.info();
    info.writeTo(Relay.stateFile());
    if (json) {
      waves.forEach(line -> progress.println("relay: " + line));
      out.println(info.toJson());
      out.flush();
    } else {
      Printing.printStack(out, info);
      waves.forEach(out::println);
      out.println();
      out.println("Ctrl-C (or ./relay down) stops everything. In another shell: ./relay push --wait, ./relay status, ./relay approve …"
          + (waves.isEmpty() ? "" : ", ./relay halt|resume|promote RELEASE"));
    }
    stopped.await();
    return 0;
  }
}
