package com.twosixty.relay.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What deploy-reporter makes of the gateway's answers to an auto rollback: sent, retried, or given up. */
class GatewayRollbacksTest {
  private static final Command ROLLBACK =
      new Command(CommandType.ROLLBACK, "acme", "2026.11.25-2b3c4d5", "portal", "deploy-reporter", "auto rollback: FAILURE");

  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(202);
  private final AtomicReference<String> seen = new AtomicReference<>("");
  private final AtomicReference<String> authorization = new AtomicReference<>("");

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/commands", exchange -> {
      seen.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = (status.get() == 202 ? "{\"messageId\":\"m-7\",\"by\":\"r\",\"reason\":\"ok\"}"
          : "{\"reason\":\"not allowed\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private GatewayRollbacks rollbacks() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    return new GatewayRollbacks(new GatewayClient(url, audience -> "token-for-" + audience));
  }

  @Test
  void anAcceptedRollbackIsTheGatewaysMessageIdAndCarriesNoBy() {
    assertEquals("m-7", rollbacks().send(ROLLBACK, "auto-rollback-2026.11.25-bbbbbbb"));
    assertEquals("Bearer token-for-http://127.0.0.1:" + server.getAddress().getPort(), authorization.get());
    assertTrue(seen.get().contains("\"command\":\"rollback\"") && !seen.get().contains("\"by\""), seen.get());
    assertTrue(seen.get().contains("\"commandId\":\"auto-rollback-2026.11.25-bbbbbbb\""), "its id, the same for every copy: " + seen.get());
  }

  @Test
  void aRefusalIsPermanentAndAnOutageTransient() {
    status.set(403);
    assertTrue(assertThrows(PermanentFailure.class, () -> rollbacks().send(ROLLBACK, "")).getMessage().contains("not allowed"));
    status.set(503);
    assertThrows(TransientFailure.class, () -> rollbacks().send(ROLLBACK, ""));
    GatewayRollbacks unreachable = rollbacks();
    server.stop(0);
    assertThrows(TransientFailure.class, () -> unreachable.send(ROLLBACK, ""));
  }
}
