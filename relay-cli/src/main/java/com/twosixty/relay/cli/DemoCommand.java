package com.twosixty.relay.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the whole release flow on this machine: the local stack, a signed GitLab push touching",
        "billing and portal, each step narrated as it happens, rolled out in three waves (essence, northwind after",
        "essence's soak, acme after northwind's), the manual client approved; then a second push whose wave-1 deploy",
        "fails, halting its rollout, resumed and promoted by an operator; a table per release.",
        "Exits 0 when every step happened, 1 when one did not within its deadline."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--failing-client", defaultValue = "acme",
      description = "Whose deploy builds fail, to show FAILED and auto rollback (default ${DEFAULT-VALUE}).")
  String failingClient;

  @Option(names = "--all-succeed", description = "Inject no deploy failure.")
  boolean allSucceed;

  @Option(names = "--keep-running", description = "Leave the stack (and the dashboard) running after the demo, until Ctrl-C.")
  boolean keepRunning;

  @Option(names = "--step-seconds", defaultValue = "45", description = "Deadline of each step (default ${DEFAULT-VALUE}).")
  int stepSeconds;

  @Option(names = "--build-seconds", defaultValue = "2",
      description = "How long a build stays WORKING in the Cloud Build stand-in (default ${DEFAULT-VALUE}).")
  double buildSeconds;

  @Option(names = "--soak", defaultValue = "5s", paramLabel = "DURATION",
      description = "How long each wave soaks before the next starts (default ${DEFAULT-VALUE}; 10s, PT5S).")
  String soak;

  @Option(names = "--no-waves", description = "Every client takes the release at once: no waves, no halted second release.")
  boolean noWaves;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    StackOptions stackOptions = new StackOptions();
    stackOptions.buildSeconds = buildSeconds;
    stackOptions.soak = soak;
    stackOptions.waves = noWaves ? null : "3";
    PrintWriter out = spec.commandLine().getOut();
    Orphans.stop(System.out);
    DemoReport report = new Demo(stackOptions.options(true),
        new Demo.Scenario(allSucceed ? "" : failingClient, Duration.ofSeconds(stepSeconds), keepRunning), out).run();
    return report.succeeded() ? 0 : 1;
  }
}
