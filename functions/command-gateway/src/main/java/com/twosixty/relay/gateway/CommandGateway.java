package com.twosixty.relay.gateway;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.config.Lazy;
import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.operator.CommandAuthority;
import com.twosixty.relay.operator.CommandGatewayHandler;
import com.twosixty.relay.operator.GatewayAnswer;
import com.twosixty.relay.operator.GoogleIdTokenVerifier;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * HTTP Cloud Function: {@code POST /commands} from operators (`relay approve` …) and tools
 * (deploy-reporter's auto rollback), each with a Google-signed ID token. The decisions are
 * {@link CommandGatewayHandler}'s and {@link CommandAuthority}'s; this class maps HTTP to them and
 * writes one log line per request (never the token).
 */
public final class CommandGateway implements HttpFunction {
  private static final StructuredLog LOG = StructuredLog.forComponent("command-gateway");

  private final Supplier<CommandGatewayHandler> handler;

  static CommandGatewayHandler wire(Settings settings) {
    String hubProject = settings.require(Setting.RELAY_HUB_PROJECT);
    CommandAuthority authority = new CommandAuthority(
        ClientDefinitions.parseAll(Setting.RELAY_CLIENTS.name(), settings.require(Setting.RELAY_CLIENTS)));
    List<String> audiences = Arrays.stream(settings.require(Setting.RELAY_TOKEN_AUDIENCES).split(","))
        .map(String::trim).filter(a -> !a.isEmpty()).toList();
    GoogleIdTokenVerifier verifier = new GoogleIdTokenVerifier(settings.get(Setting.RELAY_TOKEN_ISSUER),
        settings.get(Setting.RELAY_TOKEN_CERTS_URL), audiences);
    PubSubEventPublisher publisher = new PubSubEventPublisher(hubProject, settings.raw("PUBSUB_EMULATOR_HOST"));
    String topic = settings.get(Setting.RELAY_RELEASE_COMMANDS_TOPIC);
    CompletableFuture.runAsync(() -> publisher.warmUp(topic));
    return new CommandGatewayHandler(verifier, authority, publisher, topic);
  }

  /** The instance the invoker creates: its clients start building now, beside the invoker's own start. */
  public CommandGateway() {
    this(Lazy.of(() -> wire(Settings.fromEnvironment())).buildInBackground("command-gateway-start"));
  }

  CommandGateway(Supplier<CommandGatewayHandler> handler) {
    this.handler = handler;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    GatewayAnswer answer;
    try {
      answer = handler.get().handle(new CommandGatewayHandler.Request(request.getMethod(), request.getPath(),
          request.getFirstHeader("Authorization").orElse(""), readBody(request)));
    } catch (BodyTooLarge e) {
      answer = GatewayAnswer.of(GatewayAnswer.TOO_LARGE, e.getMessage());
    } catch (IllegalStateException | IllegalArgumentException e) {
      answer = GatewayAnswer.of(GatewayAnswer.INTERNAL_ERROR, "command-gateway is misconfigured: " + e.getMessage());
    } catch (RuntimeException e) {
      answer = GatewayAnswer.of(GatewayAnswer.INTERNAL_ERROR, "command-gateway failed: " + e);
    }
    log(answer);
    response.setStatusCode(answer.status());
    response.setContentType("application/json; charset=utf-8");
    response.appendHeader("Cache-Control", "no-store");
    if (answer.status() == GatewayAnswer.METHOD_NOT_ALLOWED) {
      response.appendHeader("Allow", "POST");
    }
    Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    writer.write(answer.toJson().toString());
    writer.flush();
  }

  private static final class BodyTooLarge extends RuntimeException {
    BodyTooLarge(String message) {
      super(message);
    }
  }

  private static byte[] readBody(HttpRequest request) throws IOException {
    int limit = com.twosixty.relay.contract.ContractCodec.MAX_PAYLOAD_BYTES;
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw new BodyTooLarge("body exceeds " + limit + " bytes");
      }
      return body;
    }
  }

  private static void log(GatewayAnswer answer) {
    List<Object> fields = new ArrayList<>(List.of("status", answer.status()));
    answer.logFields().forEach((key, value) -> {
      fields.add(key);
      fields.add(value);
    });
    Object[] keyValues = fields.toArray();
    String message = answer.status() == GatewayAnswer.ACCEPTED
        ? "command published: " + answer.reason()
        : "command refused (" + answer.status() + "): " + answer.reason();
    switch (answer.severity()) {
      case "ERROR" -> LOG.error(message, keyValues);
      case "WARNING" -> LOG.warn(message, keyValues);
      default -> LOG.info(message, keyValues);
    }
  }
}
