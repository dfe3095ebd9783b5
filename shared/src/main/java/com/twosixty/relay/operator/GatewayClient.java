package com.twosixty.relay.operator;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.twosixty.relay.contract.CommandType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends one command to the command gateway ({@code POST <gateway>/commands}) with a bearer ID token
 * for the gateway's URL: what `relay approve` and deploy-reporter's auto rollback do.
 */
public final class GatewayClient {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private final URI gateway;
  private final IdTokenSource tokens;

  /** @param gatewayUrl the gateway function's URL, which is also the audience of its tokens */
  public GatewayClient(String gatewayUrl, IdTokenSource tokens) {
    this.gateway = URI.create(gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl);
    this.tokens = tokens;
  }

  /** The audience tokens are asked for: the gateway's URL without a trailing '/'. */
  public String audience() {
    return gateway.toString();
  }

  /** What the gateway answered: its status and JSON ({@code reason}; {@code messageId}, {@code by} when 202). */
  public record Answer(int status, JsonObject body) {
    public boolean accepted() {
      return status == 202;
    }

    public String reason() {
      return body.has("reason") ? body.get("reason").getAsString() : "";
    }

    public String field(String name) {
      return body.has(name) && body.get(name).isJsonPrimitive() ? body.get(name).getAsString() : "";
    }
  }

  /** Throws {@link IllegalStateException} when the gateway cannot be reached (a caller retries). */
  public Answer send(CommandType command, String client, String releaseId, String service, String reason) {
    return send(command, client, releaseId, service, reason, "");
  }

  /**
   * As above, with the sender's own id for the command ({@code ""}: none): copies sent under one id
   * are handled once by the client (see {@code deploy.CommandKeys}).
   */
  public Answer send(CommandType command, String client, String releaseId, String service, String reason, String commandId) {
    JsonObject body = new JsonObject();
    if (!commandId.isEmpty()) {
      body.addProperty("commandId", commandId);
    }
    body.addProperty("command", command.wireName());
    body.addProperty("client", client);
    body.addProperty("releaseId", releaseId);
    body.addProperty("service", service);
    body.addProperty("reason", reason);
    HttpRequest request = HttpRequest.newBuilder(URI.create(audience() + CommandGatewayHandler.PATH))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + tokens.idToken(audience()))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("the command gateway at " + gateway + " did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to the command gateway", e);
    }
    JsonObject json;
    try {
      json = JsonParser.parseString(response.body()).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      json = new JsonObject();
      json.addProperty("reason", "HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
    }
    return new Answer(response.statusCode(), json);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
