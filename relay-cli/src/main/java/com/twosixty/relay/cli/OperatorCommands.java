package com.twosixty.relay.cli;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.ContractViolation;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.local.StackInfo;
import com.twosixty.relay.operator.GatewayClient;
import com.twosixty.relay.operator.GoogleIdTokenSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The operator commands: each checks what it can first (the client file, the service, through
 * release-status the release and whether it waits for approval), POSTs one command to the command
 * gateway with an ID token (the gateway publishes it on release-commands with the verified identity
 * as {@code by}), then waits for client-deployer's answer: the command's record in the client's
 * audit trail ({@code clients/{id}/commands/{messageId}}, read through release-status), and for
 * approve, rollback and redeploy the deployment it started, to its end.
 */
final class OperatorCommands {
  private OperatorCommands() {}

  /** Options every operator command has. */
  static final class Common {
    @Option(names = "--reason", defaultValue = "", description = "Why, for the record.")
    String reason;

    @Option(names = "--as", paramLabel = "EMAIL",
        description = "Local stack only: send as this identity (default: git config user.email). Against a real hub you are who your credentials say.")
    String as;

    @Option(names = "--gateway", paramLabel = "URL",
        description = "With --hub-project: the command gateway's URL (release-hub output command_gateway_url; default $RELAY_COMMAND_GATEWAY_URL).")
    String gateway;

    @Option(names = "--no-wait", description = "Send and return at once, without waiting for the answer (client-deployer's; "
        + "release-rollout's for promote, halt, resume).")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "How long to wait for the answer, and the deployment it starts (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the command's record as release-status lists it in a client's "
        + "commands (with the deployment it started as deployment; for promote, halt, resume the record in the release's "
        + "rollout.commands with the rollout as rollout; with --no-wait the gateway's answer).")
    boolean json;

    @Option(names = "--status-url", paramLabel = "URL",
        description = "With --hub-project: release-status's URL, to check and follow the command (default "
            + "$RELAY_STATUS_URL; without it the command is only sent).")
    String statusUrl;

    @Mixin
    Target target;

    int send(CommandType type, String client, String releaseId, String service) {
      checkContract(type, client, releaseId, service);
      Optional<StatusApi> status = statusApi();
      CommandChecks.check(type, client, releaseId, service, status);
      String what = type.wireName() + " " + client + (releaseId.isEmpty() ? "" : " " + releaseId)
          + (service.isEmpty() ? "" : " (" + service + ")");
      return sendAndFollow(type, client, releaseId, service, what, status, client + "'s answer",
          (api, messageId, progress) -> new CommandFollow(api, client, messageId, progress, Duration.ofSeconds(timeoutSeconds))
              .follow(type, releaseId, service, what, json));
    }

    /**
     * A release's whole rollout ({@code promote}, {@code halt}, {@code resume}; no client): checked
     * through release-status (the release exists, it rolls out in waves, release-rollout would not
     * refuse it as things stand), sent through the gateway like the others, then followed to
     * release-rollout's answer in the release's {@code rollout.commands}, found by the message id.
     */
    int sendRollout(CommandType type, String releaseId) {
      checkContract(type, "", releaseId, "");
      Optional<StatusApi> status = statusApi();
      if (status.isPresent()) {
        JsonObject release = status.get().release(releaseId).orElseThrow(() -> new UserError(
            "unknown release " + releaseId + ": Relay has stored no such release (relay status --releases lists them)"));
        RolloutView.check(type, releaseId, release);
      }
      String what = type.wireName() + " " + releaseId;
      return sendAndFollow(type, "", releaseId, "", what, status, "release-rollout's answer",
          (api, messageId, progress) -> RolloutFollow.follow(api, releaseId, messageId, what, progress, json,
              Duration.ofSeconds(timeoutSeconds)));
    }

    /** Checked here too, so that a typo is named before any token is asked for. */
    private void checkContract(CommandType type, String client, String releaseId, String service) {
      try {
        ContractCodec.decodeCommand(ContractCodec.encode(new Command(type, client, releaseId, service, "-", reason)));
      } catch (ContractViolation e) {
        throw new UserError(e.getMessage());
      }
    }

    /** How a sent command is waited for: its answer found by the gateway's message id. */
    private interface Follow {
      int follow(StatusApi api, String messageId, PrintStream progress);
    }

    /**
     * POSTs the command to the gateway; a refusal there is exit 1; with --no-wait (or nothing to
     * follow it through) prints the message id, else waits for {@code answer} through release-status.
     */
    private int sendAndFollow(CommandType type, String client, String releaseId, String service, String what,
        Optional<StatusApi> status, String answer, Follow follow) {
      GatewayClient.Answer sent;
      try {
        sent = gatewayClient().send(type, client, releaseId, service, reason);
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
      if (!sent.accepted()) {
        System.err.println("relay: " + what + " refused (HTTP " + sent.status() + "): " + sent.reason());
        return 1;
      }
      String messageId = sent.field("messageId");
      if (noWait || status.isEmpty()) {
        if (json) {
          System.out.println(sent.body());
        } else {
          System.out.println(what + " sent as message " + messageId + " by " + sent.field("by")
              + (status.isEmpty() && !noWait ? " (not followed: give --status-url or set RELAY_STATUS_URL)" : ""));
        }
        return 0;
      }
      PrintStream progress = json ? System.err : System.out;
      progress.println(what + " sent as message " + messageId + " by " + sent.field("by") + "; waiting for " + answer);
      return follow.follow(status.get(), messageId, progress);
    }

    /** release-status, to check and follow: the local stack's, --status-url, or $RELAY_STATUS_URL with --hub-project. */
    private Optional<StatusApi> statusApi() {
      if (target.project == null) {
        return Optional.of(new StatusApi(target.releaseStatusBase(null)));
      }
      String url = statusUrl != null ? statusUrl : System.getenv().getOrDefault("RELAY_STATUS_URL", "");
      return url.isBlank() ? Optional.empty() : Optional.of(new StatusApi(target.releaseStatusBase(url.trim())));
    }

    private GatewayClient gatewayClient() {
      Optional<StackInfo> stack = target.localStack();
      if (stack.isEmpty()) {
        if (as != null) {
          throw new UserError("--as works on the local stack only: against a real hub you are who your Application "
              + "Default Credentials say (gcloud auth application-default login)");
        }
        String url = gateway != null ? gateway : System.getenv().getOrDefault("RELAY_COMMAND_GATEWAY_URL", "");
        if (url.isBlank()) {
          throw new UserError("with --hub-project, give --gateway URL (release-hub output command_gateway_url) "
              + "or set RELAY_COMMAND_GATEWAY_URL");
        }
        return new GatewayClient(url.trim(), GoogleIdTokenSource.applicationDefault());
      }
      String url = stack.get().url("commandGateway");
      if (url.isEmpty()) {
        throw new UserError("the local stack runs no command gateway (its function is not in this build)");
      }
      String identity = as != null ? as.trim() : gitUserEmail();
      String control = stack.get().url("control");
      return new GatewayClient(url, audience -> localToken(control, identity));
    }

    /** A token of the stack's issuer for {@code identity}: the local stand-in for gcloud's. */
    private static String localToken(String control, String identity) {
      JsonObject request = new JsonObject();
      request.addProperty("email", identity);
      Http.Answer answer = Http.postJson(control + "tokens", request.toString(), java.util.Map.of());
      if (!answer.ok()) {
        throw new UserError("the local stack gave no token for '" + identity + "': " + answer.body());
      }
      return JsonParser.parseString(answer.body()).getAsJsonObject().get("token").getAsString();
    }

    private static String gitUserEmail() {
      try {
        Process git = new ProcessBuilder("git", "config", "user.email").redirectErrorStream(true).start();
        String email = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (git.waitFor() == 0 && email.contains("@")) {
          return email;
        }
      } catch (java.io.IOException e) {
        // no git: say what to do below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new UserError("who sends this? git config user.email is not set: give --as EMAIL (one of the client file's "
          + "approvers or operators)");
    }
  }

  @CommandLine.Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approves a release waiting for a client's approval (every service it waits for, or with --service "
          + "that one only), then follows the deployment it starts to its end.")
  static final class Approve implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT") String client;
    @Parameters(index = "1", paramLabel = "RELEASE_ID") String releaseId;
    @Option(names = "--service", defaultValue = "", paramLabel = "SERVICE",
        description = "Only this service: it deploys, the release keeps waiting for its others.") String service;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.send(CommandType.APPROVE, client, releaseId, service);
    }
  }

  @CommandLine.Command(name = "reject", mixinStandardHelpOptions = true,
      description = "Rejects a release waiting for a client's approval (every service it waits for).")
  static final class Reject implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLIENT") String client;
    @Parameters(index = "1", paramLabel = "RELEASE_ID") String releaseId;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.send(CommandType.REJECT, client, releaseId, "");
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

  @CommandLine.Command(name = "promote", mixinStandardHelpOptions = true,
      description = "Lets a release's next closed wave start now, without the rest of the previous wave's soak (it still "
          + "waits for that wave's clients to finish), then prints release-rollout's answer and the rollout. Only a "
          + "caller every client file lists among its operators may send it.")
  static final class Promote implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RELEASE_ID") String releaseId;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.sendRollout(CommandType.PROMOTE, releaseId);
    }
  }

  @CommandLine.Command(name = "halt", mixinStandardHelpOptions = true,
      description = "Halts a release's rollout: no further wave starts it, clients of opened waves that have not started "
          + "it wait; --reason is required and shown with the halt. Any client's operator may send it.")
  static final class Halt implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RELEASE_ID") String releaseId;
    @Mixin Common common;

    @Override
    public Integer call() {
      if (common.reason.isBlank()) {
        throw new UserError("halt needs --reason TEXT: it is shown with the halt to whoever finds the rollout stopped");
      }
      return common.sendRollout(CommandType.HALT, releaseId);
    }
  }

  @CommandLine.Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Clears a release's halt: its rollout goes on (failures before the halt no longer halt it; a new one "
          + "halts it again). Only a caller every client file lists among its operators may send it.")
  static final class Resume implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RELEASE_ID") String releaseId;
    @Mixin Common common;

    @Override
    public Integer call() {
      return common.sendRollout(CommandType.RESUME, releaseId);
    }
  }
}
