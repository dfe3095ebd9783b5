package com.twosixty.relay.operator;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.CommandType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who may send which command to which client, from the client files: {@code approvers} approve
 * and reject; {@code operators} send every other command; the client's own deploy-reporter service
 * account ({@code relay-deploy-reporter@<client project>.iam.gserviceaccount.com}, as
 * client-environment creates it) may roll back that client and no other. Entries are email
 * addresses or {@code domain:example.com}. Groups are not resolved here (no Google Groups client
 * in the BOM): a group's members reach the gateway through Cloud Run IAM, and the lists name people.
 */
public final class CommandAuthority {
  /** The account_id client-environment gives deploy-reporter's service account in each client project. */
  public static final String DEPLOY_REPORTER_ACCOUNT = "relay-deploy-reporter";

  private final Map<String, ClientDefinition> clients = new LinkedHashMap<>();

  public CommandAuthority(List<ClientDefinition> clients) {
    clients.forEach(c -> this.clients.put(c.id(), c));
  }

  public Optional<ClientDefinition> client(String id) {
    return Optional.ofNullable(clients.get(id));
  }

  /** The deploy-reporter service account of a client: the one tool identity a client file implies. */
  public static String deployReporterAccount(ClientDefinition client) {
    return DEPLOY_REPORTER_ACCOUNT + "@" + client.gcp().project() + ".iam.gserviceaccount.com";
  }

  /** What the gateway does with a caller's command. */
  public sealed interface Decision {}

  public record Allowed(String as) implements Decision {}

  public record UnknownClient(String client) implements Decision {}

  public record Refused(String reason) implements Decision {}

  public Decision decide(VerifiedCaller caller, CommandType command, String clientId) {
    if (clientId.isEmpty() && command.forRollout()) {
      return rollout(caller, command);
    }
    ClientDefinition client = clients.get(clientId);
    if (client == null) {
      return new UnknownClient(clientId);
    }
    if (caller.email().equals(deployReporterAccount(client).toLowerCase(Locale.ROOT))) {
      return command == CommandType.ROLLBACK
          ? new Allowed("deploy-reporter of " + client.id())
          : new Refused(caller.email() + " is " + client.id() + "'s deploy-reporter: it may send rollback only, not "
              + command.wireName());
    }
    boolean approval = command == CommandType.APPROVE || command == CommandType.REJECT;
    List<String> listed = approval ? client.approvers() : client.operators();
    String list = approval ? "approvers" : "operators";
    Optional<String> entry = listed.stream().filter(e -> matches(e, caller)).findFirst();
    if (entry.isPresent()) {
      return new Allowed(list + ": " + entry.get());
    }
    return new Refused(caller.email() + " is not among " + client.id() + "'s " + list + " (clients/" + client.id()
        + ".yaml), who may " + (approval ? "approve and reject" : "send " + command.wireName()));
  }

  /**
   * A release's rollout, across every client: {@code halt} may be sent by any client's operator
   * (stopping the line is always safe); {@code promote} and {@code resume} push the release on to
   * every later wave, so only by a caller every client file lists among its operators.
   */
  private Decision rollout(VerifiedCaller caller, CommandType command) {
    List<String> listing = clients.values().stream()
        .filter(c -> c.operators().stream().anyMatch(e -> matches(e, caller))).map(ClientDefinition::id).toList();
    if (command == CommandType.HALT) {
      return listing.isEmpty()
          ? new Refused(caller.email() + " is not among any client's operators, who may halt a rollout")
          : new Allowed("operators: " + listing.get(0));
    }
    List<String> missing = clients.keySet().stream().filter(id -> !listing.contains(id)).toList();
    return missing.isEmpty() && !clients.isEmpty()
        ? new Allowed("operators of every client")
        : new Refused(caller.email() + " is not among the operators of " + String.join(", ", missing)
            + ": " + command.wireName() + " of a rollout takes a release to every client, so every client file must list the caller");
  }

  private static boolean matches(String entry, VerifiedCaller caller) {
    if (entry.startsWith("domain:")) {
      return caller.domain().equals(entry.substring("domain:".length()));
    }
    return caller.email().equals(entry);
  }
}
