package com.twosixty.relay.operator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.ContractViolation;
import com.twosixty.relay.pubsub.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command gateway's use case: {@code POST /commands} with a JSON body
 * {@code {command, client, releaseId, service, reason}} (and optionally {@code commandId}: the
 * sender's own id for the command, published as the message's {@code eventId} attribute, so that
 * copies of one command are handled once) and a bearer ID token. The caller is
 * verified first (403), then the body read (400), the client found (404) and the caller checked
 * against the client's lists (403); only then is one {@code relay.command/v1} published, with
 * {@code by} = the verified email. A refusal publishes nothing.
 */
public final class CommandGatewayHandler {
  public static final String PATH = "/commands";
  private static final Set<String> FIELDS = Set.of("command", "client", "releaseId", "service", "reason", "commandId");
  /** An optional id the sender gives the command: its copies are then one command at the client (CommandKeys). */
  private static final java.util.regex.Pattern COMMAND_ID = java.util.regex.Pattern.compile("^[A-Za-z0-9._~-]{1,200}$");

  private final IdentityVerifier verifier;
  private final CommandAuthority authority;
  private final EventPublisher publisher;
  private final String commandsTopic;

  public CommandGatewayHandler(IdentityVerifier verifier, CommandAuthority authority, EventPublisher publisher,
      String commandsTopic) {
    this.verifier = verifier;
    this.authority = authority;
    this.publisher = publisher;
    this.commandsTopic = commandsTopic;
  }

  /** One request: its method, path, {@code Authorization} header ("" if none) and body. */
  public record Request(String method, String path, String authorization, byte[] body) {}

  public GatewayAnswer handle(Request request) {
    if (!"POST".equals(request.method())) {
      return GatewayAnswer.of(GatewayAnswer.METHOD_NOT_ALLOWED, "only POST " + PATH + " is served");
    }
    // Cloud Run functions strip the function's name from a cloudfunctions.net URL's path; a path
    // that still carries it (or another prefix) is the same route.
    String path = request.path() == null ? "" : request.path().replaceAll("/+$", "");
    if (!path.equals(PATH) && !path.endsWith("/command-gateway" + PATH)) {
      return GatewayAnswer.of(GatewayAnswer.NOT_FOUND, "no such route: POST " + PATH);
    }
    VerifiedCaller caller;
    try {
      caller = verifier.verify(bearer(request.authorization()));
    } catch (IdentityRefused e) {
      return GatewayAnswer.of(GatewayAnswer.FORBIDDEN, e.getMessage());
    }
    Map<String, Object> who = Map.of("caller", caller.email());
    Command command;
    String commandId;
    try {
      command = command(request.body(), caller);
      commandId = commandId(request.body());
    } catch (ContractViolation e) {
      return GatewayAnswer.of(GatewayAnswer.MALFORMED, "malformed command: " + e.getMessage()).withLogFields(who);
    }
    Map<String, Object> fields = new LinkedHashMap<>(who);
    fields.put("command", command.command().wireName());
    fields.put("client", command.client());
    fields.put("releaseId", command.releaseId());
    fields.put("service", command.service());
    CommandAuthority.Decision decision = authority.decide(caller, command.command(), command.client());
    if (decision instanceof CommandAuthority.UnknownClient unknown) {
      return GatewayAnswer.of(GatewayAnswer.NOT_FOUND, "unknown client: " + unknown.client()).withLogFields(fields);
    }
    if (decision instanceof CommandAuthority.Refused refused) {
      return GatewayAnswer.of(GatewayAnswer.FORBIDDEN, refused.reason()).withLogFields(fields);
    }
    String messageId;
    try {
      messageId = publisher.publish(commandsTopic, command, "", commandId);
    } catch (RuntimeException e) {
      return GatewayAnswer.of(GatewayAnswer.UNAVAILABLE, "the command could not be published, send it again: " + e.getMessage())
          .withLogFields(fields);
    }
    fields.put("allowedAs", ((CommandAuthority.Allowed) decision).as());
    fields.put("commandMessageId", messageId);
    if (!commandId.isEmpty()) {
      fields.put("commandId", commandId);
    }
    return GatewayAnswer.accepted(messageId, caller.email(), command.command().wireName() + " for " + command.client()
        + " published as " + caller.email()).withLogFields(fields);
  }

  /** The token of {@code Bearer <token>}; "" for anything else, which the verifier refuses. */
  static String bearer(String authorization) {
    if (authorization == null) {
      return "";
    }
    String value = authorization.trim();
    return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : "";
  }

  /**
   * The body as a command with {@code by} = the caller: only the five fields; {@code command} and
   * {@code client} required, the others "" when absent; then the contract's own validation.
   */
  static Command command(byte[] body, VerifiedCaller caller) {
    if (body == null || body.length == 0) {
      throw new ContractViolation("", "empty body: send {\"command\", \"client\", \"releaseId\", \"service\", \"reason\"}");
    }
    if (body.length > ContractCodec.MAX_PAYLOAD_BYTES) {
      throw new ContractViolation("", "body of " + body.length + " bytes exceeds " + ContractCodec.MAX_PAYLOAD_BYTES);
    }
    JsonObject json;
    try {
      JsonElement element = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
      if (!element.isJsonObject()) {
        throw new ContractViolation("", "not a JSON object");
      }
      json = element.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new ContractViolation("", "not valid JSON");
    }
    for (String field : json.keySet()) {
      if (field.equals("by")) {
        throw new ContractViolation("by", "is not accepted: the gateway records the verified caller");
      }
      if (!FIELDS.contains(field)) {
        throw new ContractViolation(field, "unknown field; the fields are " + new java.util.TreeSet<>(FIELDS));
      }
    }
    String type = string(json, "command", true);
    CommandType commandType = CommandType.fromWire(type.toLowerCase(Locale.ROOT))
        .orElseThrow(() -> new ContractViolation("command", "unknown command '" + type + "'"));
    Command command = new Command(commandType, string(json, "client", !commandType.forRollout()), string(json, "releaseId", false),
        string(json, "service", false), caller.email(), string(json, "reason", false));
    // The same validation every consumer applies: what passes here decodes there.
    return ContractCodec.decodeCommand(ContractCodec.encode(command));
  }

  /**
   * The body's optional {@code commandId} ("" when absent), published as the message's {@code eventId}
   * attribute; called once {@link #command} has accepted the body.
   */
  static String commandId(byte[] body) {
    String id = string(JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject(), "commandId", false);
    if (!id.isEmpty() && !COMMAND_ID.matcher(id).matches()) {
      throw new ContractViolation("commandId", "must be 1-200 letters, digits or . _ ~ -");
    }
    return id;
  }

  private static String string(JsonObject json, String field, boolean required) {
    JsonElement value = json.get(field);
    if (value == null || value.isJsonNull()) {
      if (required) {
        throw new ContractViolation(field, "required field is missing");
      }
      return "";
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new ContractViolation(field, "must be a string");
    }
    return value.getAsString();
  }
}
