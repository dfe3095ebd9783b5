package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Following a rollout command to release-rollout's answer over HTTP, against a server that answers
 * {@code GET /api/releases/{id}} in the rollout view's shape: without the command's record first, with it later.
 */
class RolloutFollowTest {
  private static final String RELEASE = "2026.12.07-1a2b3c4";

  private HttpServer server;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Serves the release: its first {@code unanswered} answers hold no record of message 41, the later ones this one. */
  private StatusApi serve(int unanswered, String record) throws Exception {
    AtomicInteger requests = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/releases/" + RELEASE, exchange -> {
      String commands = requests.incrementAndGet() <= unanswered ? "" : record;
      byte[] body = ("""
          {"release":{"releaseId":"%s"},"clients":[],
           "rollout":{"state":"HALTED","halt":{"client":"","reason":"error rate","by":"oncall@twosixty.example","at":"2026-12-07T10:00:05Z"},
            "waves":[{"wave":1,"state":"OPEN","openedAt":"2026-12-07T10:00:00Z","soakEndsAt":"","soakRemainingSeconds":0,
                      "promoted":false,"waitingFor":"","clients":[{"client":"essence","status":"SUCCEEDED"}]},
                     {"wave":2,"state":"HALTED","openedAt":"","soakEndsAt":"","soakRemainingSeconds":0,"promoted":false,
                      "waitingFor":"","clients":[{"client":"northwind","status":"WAITING_FOR_WAVE"}]}],
            "commands":[%s]}}""".formatted(RELEASE, commands)).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return new StatusApi("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private int follow(StatusApi api, boolean json, Duration timeout) {
    return RolloutFollow.follow(api, RELEASE, "41", "halt " + RELEASE, new RolloutFollow.Streams(new PrintStream(stdout, true),
        new PrintStream(progress, true), new PrintStream(stderr, true)), json, timeout);
  }

  @Test
  void anAppliedCommandPrintsItsRecordAndTheRollout() throws Exception {
    StatusApi api = serve(1, """
        {"messageId":"41","command":"halt","by":"oncall@twosixty.example","reason":"error rate","at":"2026-12-07T10:00:05Z",
         "outcome":"APPLIED","outcomeReason":""}""");

    assertEquals(0, follow(api, false, Duration.ofSeconds(30)));
    assertEquals(List.of(
        "halt " + RELEASE + ": applied (halt by oncall@twosixty.example (\"error rate\"): APPLIED)",
        "rollout HALTED: halted: error rate (by oncall@twosixty.example at 2026-12-07T10:00:05Z)",
        "  wave 1  OPEN     essence SUCCEEDED",
        "  wave 2  HALTED   northwind WAITING_FOR_WAVE"), progress.toString(StandardCharsets.UTF_8).lines().toList());
    assertEquals("", stderr.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRefusalIsOneLineAndExitsOneAndJsonPrintsTheRecordWithTheRollout() throws Exception {
    StatusApi api = serve(0, """
        {"messageId":"41","command":"halt","by":"oncall@twosixty.example","reason":"again","at":"2026-12-07T10:00:06Z",
         "outcome":"REFUSED","outcomeReason":"already halted: error rate"}""");

    assertEquals(1, follow(api, true, Duration.ofSeconds(30)));
    assertEquals("relay: halt " + RELEASE + " refused by release-rollout: already halted: error rate",
        stderr.toString(StandardCharsets.UTF_8).strip());
    JsonObject printed = JsonParser.parseString(stdout.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    assertEquals("REFUSED", printed.get("outcome").getAsString());
    assertEquals("HALTED", printed.getAsJsonObject("rollout").get("state").getAsString());
    assertEquals("", progress.toString(StandardCharsets.UTF_8));
  }

  @Test
  void noAnswerInTimeNamesTheMessage() throws Exception {
    StatusApi api = serve(Integer.MAX_VALUE, "");

    assertEquals(1, follow(api, false, Duration.ZERO));
    assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("relay: halt " + RELEASE
        + ": no answer from release-rollout within 0 s (message 41)"), stderr.toString(StandardCharsets.UTF_8));
  }
}
