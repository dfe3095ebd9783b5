package com.twosixty.relay.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.RelayMessage;
import com.twosixty.relay.pubsub.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's decisions, with tokens already mapped to callers: who may send what, and what is published. */
class CommandGatewayHandlerTest {
  private static final String CLIENTS = """
      [{"id": "northwind", "gcp": {"project": "relay-northwind-prod", "region": "europe-west1"},
        "cluster": {"name": "c", "location": "europe-west1-b"}, "deploy": {"repo": "r", "trigger": "t"},
        "approvers": ["Ada@Example.com", "domain:approvers.example.org"], "operators": ["ops@example.com"]},
       {"id": "acme", "gcp": {"project": "relay-acme-prod", "region": "us-east1"},
        "cluster": {"name": "c", "location": "us-east1"}, "deploy": {"repo": "r", "trigger": "t"}}]
      """;

  private final List<Command> published = new ArrayList<>();
  private final List<String> publishedIds = new ArrayList<>();
  private final EventPublisher publisher = new EventPublisher() {
    @Override
    public String publish(String topic, RelayMessage message, String orderingKey) {
      assertEquals("release-commands", topic);
      published.add((Command) message);
      return "m-" + published.size();
    }

    @Override
    public String publish(String topic, RelayMessage message, String orderingKey, String eventId) {
      publishedIds.add(eventId);
      return publish(topic, message, orderingKey);
    }
  };
  private final Map<String, String> tokens = Map.of(
      "ada", "ada@example.com",
      "grace", "grace@approvers.example.org",
      "ops", "ops@example.com",
      "mallory", "mallory@example.com",
      "nw-reporter", "relay-deploy-reporter@relay-northwind-prod.iam.gserviceaccount.com",
      "acme-reporter", "relay-deploy-reporter@relay-acme-prod.iam.gserviceaccount.com");
  private final IdentityVerifier verifier = token -> {
    if (!tokens.containsKey(token)) {
      throw new IdentityRefused(token.isEmpty() ? "no identity token" : "identity token refused: Invalid signature");
    }
    return new VerifiedCaller(tokens.get(token));
  };
  private final List<ClientDefinition> clients = ClientDefinitions.parseAll("RELAY_CLIENTS", CLIENTS);
  private final CommandGatewayHandler handler =
      new CommandGatewayHandler(verifier, new CommandAuthority(clients), publisher, "release-commands");

  private GatewayAnswer post(String token, String body) {
    return handler.handle(new CommandGatewayHandler.Request("POST", "/commands", token == null ? "" : "Bearer " + token,
        body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String command(String command, String client) {
    return "{\"command\":\"" + command + "\",\"client\":\"" + client + "\",\"releaseId\":\"2026.11.24-1a2b3c4\","
        + "\"service\":\"\",\"reason\":\"looks good\"}";
  }

  @Test
  void aListedApproverApprovesAsTheVerifiedEmail() {
    GatewayAnswer answer = post("ada", command("approve", "northwind"));

    assertEquals(202, answer.status(), answer.reason());
    assertEquals("ada@example.com", answer.by());
    assertEquals("m-1", answer.messageId());
    assertEquals(List.of(new Command(CommandType.APPROVE, "northwind", "2026.11.24-1a2b3c4", "", "ada@example.com",
        "looks good")), published);
    assertEquals("approvers: ada@example.com", answer.logFields().get("allowedAs"));
  }

  @Test
  void aDomainEntryAdmitsEveryVerifiedAddressOfThatDomainOnly() {
    assertEquals(202, post("grace", command("reject", "northwind")).status());
    assertEquals(403, post("mallory", command("approve", "northwind")).status());
    assertEquals(1, published.size());
  }

  @Test
  void approversApproveAndOperatorsOperateButNeitherTheOther() {
    assertEquals(403, post("ops", command("approve", "northwind")).status());
    assertEquals(403, post("ada", command("freeze", "northwind")).status());
    assertEquals(202, post("ops", command("freeze", "northwind")).status());
    GatewayAnswer refused = post("mallory", command("approve", "northwind"));
    assertEquals("mallory@example.com is not among northwind's approvers (clients/northwind.yaml), who may approve and reject",
        refused.reason());
    assertEquals(1, published.size());
  }

  @Test
  void aClientsDeployReporterMayRollBackThatClientOnly() {
    assertEquals(202, post("acme-reporter", command("rollback", "acme")).status());
    GatewayAnswer otherClient = post("acme-reporter", command("rollback", "northwind"));
    assertEquals(403, otherClient.status());
    assertTrue(otherClient.reason().contains("not among northwind's operators"), otherClient.reason());
    assertEquals(403, post("nw-reporter", command("approve", "northwind")).status());
    assertEquals(1, published.size());
    assertEquals("relay-deploy-reporter@relay-acme-prod.iam.gserviceaccount.com", published.get(0).by());
  }

  @Test
  void aClientWithoutListsTakesNoCommandFromAnyPerson() {
    assertEquals(403, post("ada", command("approve", "acme")).status());
    assertTrue(published.isEmpty());
  }

  @Test
  void refusalsPublishNothing() {
    assertEquals(403, post(null, command("approve", "northwind")).status());
    assertEquals(403, post("forged", command("approve", "northwind")).status());
    assertEquals(404, post("ada", command("approve", "globex")).status());
    assertEquals(400, post("ada", "{not json").status());
    assertEquals(400, post("ada", "[]").status());
    assertEquals(400, post("ada", "{\"command\":\"approve\"}").status());
    assertEquals(400, post("ada", "{\"command\":\"deploy\",\"client\":\"northwind\"}").status());
    assertEquals(400, post("ada", "{\"command\":\"approve\",\"client\":\"northwind\",\"releaseId\":\"../x\"}").status());
    GatewayAnswer withBy = post("ada", "{\"command\":\"approve\",\"client\":\"northwind\",\"by\":\"someone-else\"}");
    assertEquals(400, withBy.status());
    assertTrue(withBy.reason().contains("field 'by'"), withBy.reason());
    assertEquals(405, handler.handle(new CommandGatewayHandler.Request("GET", "/commands", "Bearer ada", new byte[0])).status());
    assertEquals(404, handler.handle(new CommandGatewayHandler.Request("POST", "/other", "Bearer ada",
        command("approve", "northwind").getBytes(StandardCharsets.UTF_8))).status());
    assertTrue(published.isEmpty());
  }

  @Test
  void theRouteIsCommandsWithOrWithoutTheFunctionsNameBeforeIt() {
    for (String path : List.of("/commands", "/commands/", "/command-gateway/commands")) {
      assertEquals(202, handler.handle(new CommandGatewayHandler.Request("POST", path, "Bearer ada",
          command("approve", "northwind").getBytes(StandardCharsets.UTF_8))).status(), path);
    }
    assertEquals(404, handler.handle(new CommandGatewayHandler.Request("POST", "/commands/extra", "Bearer ada",
        command("approve", "northwind").getBytes(StandardCharsets.UTF_8))).status());
  }

  @Test
  void theTokenIsAuthenticatedBeforeTheBodyIsRead() {
    // An unauthenticated caller learns nothing about the clients or the body's shape.
    assertEquals(403, post(null, command("approve", "globex")).status());
    assertEquals(403, post("forged", "{not json").status());
  }

  @Test
  void aPublishFailureIsA503ToSendAgain() {
    CommandGatewayHandler failing = new CommandGatewayHandler(verifier, new CommandAuthority(clients),
        (topic, message, key) -> {
          throw new IllegalStateException("publish to release-commands failed: UNAVAILABLE");
        }, "release-commands");
    GatewayAnswer answer = failing.handle(new CommandGatewayHandler.Request("POST", "/commands", "Bearer ada",
        command("approve", "northwind").getBytes(StandardCharsets.UTF_8)));
    assertEquals(503, answer.status());
  }

  @Test
  void aCommandIdIsPublishedAsTheMessagesEventIdSoItsCopiesAreOneCommandAtTheClient() {
    String rollback = "{\"command\":\"rollback\",\"client\":\"acme\",\"releaseId\":\"2026.11.24-1a2b3c4\","
        + "\"reason\":\"auto rollback: FAILURE\",\"commandId\":\"auto-rollback-2026.11.24-1a2b3c4\"}";
    assertEquals(202, post("acme-reporter", rollback).status());
    assertEquals(202, post("acme-reporter", rollback).status());
    assertEquals(202, post("ops", command("freeze", "northwind")).status());
    assertEquals(List.of("auto-rollback-2026.11.24-1a2b3c4", "auto-rollback-2026.11.24-1a2b3c4", ""), publishedIds);

    GatewayAnswer bad = post("acme-reporter", rollback.replace("auto-rollback-2026.11.24-1a2b3c4", "a/b"));
    assertEquals(400, bad.status());
    assertEquals("malformed command: field 'commandId': must be 1-200 letters, digits or . _ ~ -", bad.reason());
    assertEquals(3, published.size(), "a refused one publishes nothing");
  }
}
