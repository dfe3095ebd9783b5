package com.twosixty.relay.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code relay}: the local stack, and the messages other tools send to Relay. */
@Command(name = "relay", mixinStandardHelpOptions = true, version = "relay 0.1.0",
    description = "Runs Relay on this machine and sends it what other tools would send.",
    subcommands = {
        DemoCommand.class, UpCommand.class, DownCommand.class, ServeCommand.class, PushCommand.class, ReleaseCommand.class,
        OperatorCommands.Approve.class, OperatorCommands.Reject.class, OperatorCommands.Pin.class,
        OperatorCommands.Unpin.class, OperatorCommands.Freeze.class, OperatorCommands.Unfreeze.class,
        OperatorCommands.Rollback.class, OperatorCommands.Redeploy.class,
        OperatorCommands.Promote.class, OperatorCommands.Halt.class, OperatorCommands.Resume.class, StatusCommand.class, MetricsCommand.class, FaultCommand.class,
        CommandLine.HelpCommand.class})
public final class Relay {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine relay = new CommandLine(new Relay());
    wholeDescriptions(relay);
    return relay.setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
          if (error instanceof UserError) {
            commandLine.getErr().println("relay: " + error.getMessage());
            return 2;
          }
          commandLine.getErr().println("relay " + commandLine.getCommandName() + " failed: "
              + (error.getMessage() == null ? error.toString() : error.getMessage()));
          if (System.getenv("RELAY_DEBUG") != null) {
            error.printStackTrace(commandLine.getErr());
          }
          return 1;
        });
  }

  /**
   * Each command's description as one paragraph: picocli lists a subcommand by its first
   * description line, so a description written over several lines was cut mid-sentence in
   * {@code relay --help}. Joined, it wraps whole in both the list and the command's own help.
   */
  private static void wholeDescriptions(CommandLine commandLine) {
    String[] lines = commandLine.getCommandSpec().usageMessage().description();
    if (lines.length > 1) {
      commandLine.getCommandSpec().usageMessage().description(String.join(" ", lines));
    }
    commandLine.getSubcommands().values().forEach(Relay::wholeDescriptions);
  }

  /** The repository the command works on: set by ./relay, else the working directory. */
  static Path repoRoot() {
    return Path.of(System.getProperty("relay.home", ".")).toAbsolutePath().normalize();
  }

  /** Logs and the state file: {@code .relay/} in the repository unless -Drelay.workdir says otherwise (tests). */
  static Path workDir() {
    String given = System.getProperty("relay.workdir");
    return given != null ? Path.of(given).toAbsolutePath().normalize() : repoRoot().resolve(".relay");
  }

  /** Where `relay up` records the running stack for the other commands. */
  static Path stateFile() {
    return workDir().resolve("stack.json");
  }
}
