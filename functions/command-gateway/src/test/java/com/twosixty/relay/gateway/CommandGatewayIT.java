package com.twosixty.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.testing.FunctionInvoker;
import com.twosixty.relay.testing.LocalIssuer;
import com.twosixty.relay.testing.PubSubEmulator;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * command-gateway on the real invoker, verifying tokens of a local issuer with google-auth-library
 * (its JWKS fetched over HTTP, nothing skipped) and publishing on the real Pub/Sub emulator.
 */
class CommandGatewayIT {
  private static final String PROJECT = "relay-hub";
  private static final Path LOGS = Path.of("target", "processes");
  private static final String AUDIENCE = "https://command-gateway-abc123-ew.a.run.app";
  private static final String APPROVER = "release-manager@northwind.example";
  private static final String CLIENTS = """
      [{"id": "northwind", "gcp": {"project": "relay-northwind-prod", "region": "europe-west1"},
        "cluster": {"name": "c", "location": "europe-west1-b"}, "deploy": {"repo": "r", "trigger": "t"},
        "approvers": ["release-manager@northwind.example"], "operators": ["domain:twosixty.example"]},
       {"id": "acme", "gcp": {"project": "relay-acme-prod", "region": "us-east1"},
        "cluster": {"name": "c", "location": "us-east1"}, "deploy": {"repo": "r", "trigger": "t"},
        "operators": ["oncall@twosixty.example"]}]
      """;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private static PubSubEmulator pubsub;
  private static LocalIssuer issuer;
  private static FunctionInvoker function;
  private static SubscriptionName commands;

  @BeforeAll
  static void start() {
    pubsub = PubSubEmulator.start(LOGS);
    TopicName topic = pubsub.createTopic(PROJECT, "release-commands");
    commands = pubsub.createSubscription(topic, "commands-test");
    issuer = LocalIssuer.start();
    function = FunctionInvoker.startPackaged("command-gateway", "command-gateway", CommandGateway.class.getName(), Map.of(
        "RELAY_HUB_PROJECT", PROJECT,
        "RELAY_CLIENTS", CLIENTS,
        "RELAY_TOKEN_ISSUER", issuer.issuer(),
        "RELAY_TOKEN_CERTS_URL", issuer.certsUrl(),
        "RELAY_TOKEN_AUDIENCES", AUDIENCE + ",32555940559.apps.googleusercontent.com",
        "PUBSUB_EMULATOR_HOST", pubsub.host()), LOGS);
  }

  @AfterAll
  static void stop() {
    if (function != null) {
      function.close();
    }
    if (issuer != null) {
      issuer.close();
    }
    pubsub.close();
  }

  @BeforeEach
  void drain() {
    pubsub.pull(commands, 100, Duration.ofMillis(300));
  }

  private static HttpResponse<String> post(String token, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(function.url().resolve("/commands"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String command(String command, String client) {
    return "{\"command\":\"" + command + "\",\"client\":\"" + client + "\",\"releaseId\":\"2026.11.24-1a2b3c4\","
        + "\"service\":\"\",\"reason\":\"ticket 42\"}";
  }

  private static JsonObject json(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  private static void assertRefused(int status, String reasonPart, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    String reason = json(response).get("reason").getAsString();
    assertTrue(reason.contains(reasonPart), reason);
  }

  private static void assertNothingPublished() {
    assertEquals(List.of(), pubsub.pull(commands, 1, Duration.ofSeconds(2)), "a refusal publishes nothing");
  }

  @Test
  void aListedApproversTokenPublishesTheCommandWithTheVerifiedEmailAsBy() {
    HttpResponse<String> response = post(issuer.token(APPROVER, AUDIENCE), command("approve", "northwind"));

    assertEquals(202, response.statusCode(), response.body());
    JsonObject answer = json(response);
    assertEquals(APPROVER, answer.get("by").getAsString());
    List<PubsubMessage> received = pubsub.pull(commands, 1, Duration.ofSeconds(10));
    assertEquals(1, received.size());
    assertEquals(answer.get("messageId").getAsString(), received.get(0).getMessageId());
    Command command = ContractCodec.decodeCommand(received.get(0).getData().toByteArray());
    assertEquals(new Command(CommandType.APPROVE, "northwind", "2026.11.24-1a2b3c4", "", APPROVER, "ticket 42"), command);
    assertEquals("northwind", received.get(0).getAttributesMap().get("client"));
    assertEquals("approve", received.get(0).getAttributesMap().get("command"));
  }

  @Test
  void everyTokenThatDoesNotProveAListedCallerIsA403AndPublishesNothing() {
    LocalIssuer.Claims approver = issuer.claims(APPROVER, AUDIENCE);
    String approve = command("approve", "northwind");

    assertRefused(403, "not among northwind's approvers", post(issuer.token("mallory@evil.example", AUDIENCE), approve));
    assertRefused(403, "expired", post(issuer.sign(approver.expiredAt(Instant.now().minusSeconds(30))), approve));
    assertRefused(403, "signature", post(issuer.signWithAnotherKey(approver), approve));
    assertRefused(403, "audience", post(issuer.sign(approver.withAudience("https://release-status-abc123-ew.a.run.app")), approve));
    assertRefused(403, "no identity token", post(null, approve));
    assertRefused(403, "no identity token", post("", approve));
    assertRefused(403, "not verified", post(issuer.sign(approver.withEmailVerified(false)), approve));
    assertRefused(403, "issuer", post(issuer.sign(approver.withIssuer("https://accounts.google.com")), approve));
    assertNothingPublished();

    String log = String.join("\n", function.logLines());
    assertFalse(log.contains(issuer.token(APPROVER, AUDIENCE).substring(0, 40)), "tokens never reach the log");
    assertTrue(log.contains("\"severity\":\"WARNING\",\"message\":\"command refused (403): identity token refused: "), log);
  }

  @Test
  void aDeployReporterMayRollBackItsOwnClientOnly() {
    String acmeReporter = "relay-deploy-reporter@relay-acme-prod.iam.gserviceaccount.com";

    assertRefused(403, "not among northwind's operators", post(issuer.token(acmeReporter, AUDIENCE), command("rollback", "northwind")));
    assertNothingPublished();

    HttpResponse<String> own = post(issuer.token(acmeReporter, AUDIENCE), command("rollback", "acme"));
    assertEquals(202, own.statusCode(), own.body());
    Command published = ContractCodec.decodeCommand(pubsub.pull(commands, 1, Duration.ofSeconds(10)).get(0).getData().toByteArray());
    assertEquals(acmeReporter, published.by());
    assertEquals(CommandType.ROLLBACK, published.command());
  }

  @Test
  void unknownClientMalformedBodyAndOtherMethodsAreAnsweredAndPublishNothing() {
    String token = issuer.token(APPROVER, AUDIENCE);
    assertRefused(404, "unknown client: globex", post(token, command("approve", "globex")));
    assertRefused(400, "malformed command", post(token, "{\"command\": \"approve\""));
    assertRefused(400, "field 'by'", post(token, "{\"command\":\"approve\",\"client\":\"northwind\",\"by\":\"ceo@example.com\"}"));
    HttpResponse<String> get = send(HttpRequest.newBuilder(function.url().resolve("/commands")).GET().build());
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
    assertNothingPublished();
  }
}
