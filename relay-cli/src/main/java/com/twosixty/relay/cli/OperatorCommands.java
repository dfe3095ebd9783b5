package com.twosixty.relay.cli;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.ContractViolation;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The operator commands: each publishes one relay.command/v1 on release-commands. */
final class OperatorCommands {
  private OperatorCommands() {}

  /** Options every operator command has. */
  static final class Common {
    @Option(names = "--by", description = "Who sends the command (default: $USER).")
    String by = System.getProperty("user.name", "relay-cli");

    @Option(names = "--reason", defaultValue = "", description = "Why, for the record.")
    String reason;

    @Mixin
    Target target;

    int send(CommandType type, String client, String releaseId, String service) {
      Command command = new Command(type, client, releaseId, service, by, reason);
      try {
        ContractCodec.decodeCommand(ContractCodec.encode(command));
      } catch (ContractViolation e) {
        throw new UserError(e.getMessage());
      }
      try (PubSubEventPublisher publisher = target.publisher()) {
        String id = publisher.publish("release-commands", command, "");
        System.out.println(type.wireName() + " " + client + (releaseId.isEmpty() ? "" : " " + releaseId)
            + (service.isEmpty() ? "" : " (" + service + ")") + " sent as message " + id);
      }
      return 0;
    }
  }

  @CommandLine.Command(name = "approve", mixinStandardHelpOptions = true, description = "Approves a release waiting for a client's approval.")
  static final class Approve implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT") String client;
    @Parameters(index = "1", paramLabel = "RELEASE_ID") String releaseId;
    @Option(names = "--service", defaultValue = "", description = "Only this service.") String service;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.send(CommandType.APPROVE, client, releaseId, service);
    }
  }

  @CommandLine.Command(name = "reject", mixinStandardHelpOptions = true, description = "Rejects a release waiting for a client's approval.")
  static final class Reject implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT") String client;
    @Parameters(index = "1", paramLabel = "RELEASE_ID") String releaseId;
    @Option(names = "--service", defaultValue = "", description = "Only this service.") String service;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.send(CommandType.REJECT, client, releaseId, service);
    }
  }

  @CommandLine.Command(name = "pin", mixinStandardHelpOptions = true, description = "Keeps a client's service on a release.")
  static final class Pin implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT") String client;
    @Parameters(index = "1", paramLabel = "SERVICE") String service;
    @Parameters(index = "2", paramLabel = "RELEASE_ID") String releaseId;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.send(CommandType.PIN, client, releaseId, service);
    }
  }

  @CommandLine.Command(name = "unpin", mixinStandardHelpOptions = true, description = "Lets a client's service follow releases again.")
  static final class Unpin implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT") String client;
    @Parameters(index = "1", paramLabel = "SERVICE") String service;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.send(CommandType.UNPIN, client, "", service);
    }
  }

  @CommandLine.Command(name = "freeze", mixinStandardHelpOptions = true, description = "Stops every deployment to a client until unfreeze.")
  static final class Freeze implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT") String client;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.send(CommandType.FREEZE, client, "", "");
    }
  }

  @CommandLine.Command(name = "unfreeze", mixinStandardHelpOptions = true, description = "Lets deployments to a client resume.")
  static final class Unfreeze implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT") String client;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.send(CommandType.UNFREEZE, client, "", "");
    }
  }

  @CommandLine.Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Takes a client's service (or all) back to the previous release that succeeded.")
  static final class Rollback implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT") String client;
    @Parameters(index = "1", paramLabel = "SERVICE", arity = "0..1", defaultValue = "", description = "Default: all services.") String service;
    @Option(names = "--release", defaultValue = "", paramLabel = "RELEASE_ID",
        description = "Only services whose newest deployment is this release.") String releaseId;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.send(CommandType.ROLLBACK, client, releaseId, service);
    }
  }

  @CommandLine.Command(name = "redeploy", mixinStandardHelpOptions = true,
      description = "Deploys a release to a client even if it is not newer than what runs.")
  static final class Redeploy implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT") String client;
    @Parameters(index = "1", paramLabel = "RELEASE_ID") String releaseId;
    @Option(names = "--service", defaultValue = "", description = "Only this service.") String service;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.send(CommandType.REDEPLOY, client, releaseId, service);
    }
  }
}
