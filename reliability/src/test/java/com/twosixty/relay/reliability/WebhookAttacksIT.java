package com.twosixty.relay.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.testing.FakeGoogleApis;
import com.twosixty.relay.testing.FirestoreEmulator;
import com.twosixty.relay.testing.Fixtures;
import com.twosixty.relay.testing.FunctionInvoker;
import com.twosixty.relay.webhook.PushWebhook;
import com.twosixty.relay.push.WebhookSignatures;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on push-webhook, seeded: each gets its status code, none starts a build, and valid pushes
 * keep working during and after them (slow bodies included).
 */
class WebhookAttacksIT {
  private static final String SECRET = "reliability-secret";
  private static final int MAX_BYTES = 64 * 1024;
  private static final int PER_ATTACK = 40;
  private static final Path LOGS = Path.of("target", "processes");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static FirestoreEmulator firestore;
  private static FakeGoogleApis google;
  private static FunctionInvoker webhook;
  private final Random random = new Random(PoisonMessagesIT.SEED);
  private int commits;

  @BeforeAll
  static void start() {
    firestore = FirestoreEmulator.start(LOGS);
    google = FakeGoogleApis.start();
    webhook = FunctionInvoker.start("attacked-push-webhook", PushWebhook.class.getName(), Map.of(
        "RELAY_HUB_PROJECT", "relay-reliability",
        "RELAY_MONOREPO_TRIGGER", "monorepo",
        "RELAY_MONOREPO_REPOSITORY", "twosixty/monorepo",
        "RELAY_SERVICES", "billing=billing/,portal=portal/,reports=reports/",
        "RELAY_WEBHOOK_SECRET", SECRET,
        "RELAY_WEBHOOK_MAX_BYTES", String.valueOf(MAX_BYTES),
        "RELAY_CLOUDBUILD_ENDPOINT", google.endpoint(),
        "FIRESTORE_EMULATOR_HOST", firestore.host()), LOGS);
  }

  @AfterAll
  static void stop() {
    if (webhook != null) {
      webhook.close();
    }
    google.close();
    firestore.close();
  }

  /** A GitHub push of a commit never pushed before. */
  private byte[] newPush() {
    JsonObject push = JsonParser.parseString(Fixtures.read("/fixtures/github-push.json")).getAsJsonObject();
    String commit = String.format("%040x", 0xabc000L + ++commits);
    push.addProperty("after", commit);
    push.getAsJsonObject("head_commit").addProperty("id", commit);
    return push.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A push of a new commit, correctly signed, to GitHub's sample repository instead of the monorepo. */
  private byte[] newPushToHelloWorld() {
    JsonObject push = JsonParser.parseString(new String(newPush(), StandardCharsets.UTF_8)).getAsJsonObject();
    JsonObject repository = push.getAsJsonObject("repository");
    repository.addProperty("name", "Hello-World");
    repository.addProperty("full_name", "Codertocat/Hello-World");
    repository.addProperty("html_url", "https://github.com/Codertocat/Hello-World");
    repository.addProperty("url", "https://github.com/Codertocat/Hello-World");
    repository.getAsJsonObject("owner").addProperty("login", "Codertocat");
    return push.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static HttpRequest.Builder gitHub(byte[] body, String delivery, String signature) {
    HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url()).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", delivery)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    return request;
  }

  private static String sign(byte[] body) {
    return new WebhookSignatures(SECRET).gitHubSignatureOf(body);
  }

  /** A connection the server closed before answering (it stops reading an oversized body). */
  private static final int CLOSED = -1;

  private static int send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (java.io.IOException closed) {
      return CLOSED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String randomHex(int length) {
    byte[] bytes = new byte[(length + 1) / 2];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes).substring(0, length);
  }

  @Test
  void everyAttackGetsItsStatusAndNoneBuilds() throws Exception {
    Map<String, List<Integer>> answers = new LinkedHashMap<>();
    Map<String, Set<Integer>> expected = new LinkedHashMap<>();
    byte[] first = newPush();
    assertEquals(202, send(gitHub(first, "delivery-0", sign(first)).build()));

    for (int i = 0; i < PER_ATTACK; i++) {
      byte[] body = newPush();
      record(answers, expected, "wrong signature, right length", Set.of(401),
          send(gitHub(body, "w" + i, "sha256=" + randomHex(64)).build()));
      record(answers, expected, "truncated signature", Set.of(401),
          send(gitHub(body, "t" + i, sign(body).substring(0, 7 + random.nextInt(64))).build()));
      record(answers, expected, "missing signature", Set.of(401), send(gitHub(body, "m" + i, null).build()));
      record(answers, expected, "signature of another body", Set.of(401), send(gitHub(body, "o" + i, sign(newPush())).build()));
      record(answers, expected, "replayed delivery", Set.of(200), send(gitHub(first, "delivery-0", sign(first)).build()));
      record(answers, expected, "same commit, new delivery id", Set.of(200), send(gitHub(first, "replay-" + i, sign(first)).build()));
      byte[] elsewhere = newPushToHelloWorld();
      record(answers, expected, "signed push from another repository", Set.of(200),
          send(gitHub(elsewhere, "r" + i, sign(elsewhere)).build()));
      byte[] over = new byte[MAX_BYTES + 1 + random.nextInt(2_000)];
      java.util.Arrays.fill(over, (byte) ' ');
      record(answers, expected, "body just over the limit", Set.of(413), send(gitHub(over, "h" + i, sign(over)).build()));
      byte[] huge = new byte[4 * MAX_BYTES + random.nextInt(MAX_BYTES)];
      java.util.Arrays.fill(huge, (byte) ' ');
      // The function reads at most twice the limit: beyond, a sender still writing may see the connection closed.
      record(answers, expected, "body many times the limit", Set.of(413, CLOSED), send(gitHub(huge, "H" + i, sign(huge)).build()));
      String method = List.of("GET", "PUT", "DELETE", "PATCH").get(random.nextInt(4));
      record(answers, expected, "wrong method", Set.of(405), send(HttpRequest.newBuilder(webhook.url())
          .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body)).build()));
      String type = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data").get(random.nextInt(4));
      record(answers, expected, "wrong content type", Set.of(415), send(gitHub(body, "c" + i, sign(body)).setHeader("Content-Type", type).build()));
      int depth = 1_000 + random.nextInt(20_000);
      byte[] bomb = ("{\"ref\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
      record(answers, expected, "JSON bomb (deep nesting), signed", Set.of(400), send(gitHub(bomb, "b" + i, sign(bomb)).build()));
    }

    int slowConnections = 6;
    ExecutorService pool = Executors.newFixedThreadPool(slowConnections);
    List<Future<?>> slow = new ArrayList<>();
    for (int i = 0; i < slowConnections; i++) {
      slow.add(pool.submit(this::trickleABody));
    }
    Thread.sleep(300);
    List<Integer> validDuringSlowBodies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] valid = newPush();
      validDuringSlowBodies.add(send(gitHub(valid, "during-" + i, sign(valid)).build()));
    }
    for (Future<?> connection : slow) {
      connection.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    byte[] after = newPush();
    int validAfter = send(gitHub(after, "after", sign(after)).build());

    writeReport(answers, expected, slowConnections, validDuringSlowBodies, validAfter);
    answers.forEach((attack, statuses) ->
        assertTrue(statuses.stream().allMatch(expected.get(attack)::contains), attack + " answered " + statuses));
    assertEquals(List.of(202, 202, 202), validDuringSlowBodies, "valid pushes are answered while bodies trickle in");
    assertEquals(202, validAfter);
    assertEquals(1 + 3 + 1, google.triggerRuns().size(), "only the valid pushes built");
    assertTrue(webhook.process().isAlive());
    assertTrue(webhook.logLines().stream().noneMatch(l -> l.contains(SECRET)), "the secret never reaches a log");
  }

  /** Sends headers promising a body, then a byte every 200 ms for two seconds, then gives up. */
  private Void trickleABody() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", webhook.url().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n"
          + "X-GitHub-Event: push\r\nX-GitHub-Delivery: slow\r\nX-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (int i = 0; i < 10; i++) {
        out.write('{');
        out.flush();
        Thread.sleep(200);
      }
    }
    return null;
  }

  private static void record(Map<String, List<Integer>> answers, Map<String, Set<Integer>> expected, String attack,
      Set<Integer> want, int got) {
    answers.computeIfAbsent(attack, a -> new ArrayList<>()).add(got);
    expected.put(attack, want);
  }

  private void writeReport(Map<String, List<Integer>> answers, Map<String, Set<Integer>> expected, int slow,
      List<Integer> during, int after) throws Exception {
    StringBuilder report = new StringBuilder("| attack | requests | expected answer | got it | builds started |\n| --- | ---: | ---: | ---: | ---: |\n");
    answers.forEach((attack, statuses) -> report.append(String.format("| %s | %d | %s | %d | 0 |%n", attack, statuses.size(),
        expected.get(attack).stream().map(s -> s == CLOSED ? "closed" : String.valueOf(s)).sorted().toList(),
        statuses.stream().filter(expected.get(attack)::contains).count())));
    report.append(String.format("| slow bodies (a byte per 200 ms, abandoned) | %d | (connection dropped) | %d | 0 |%n", slow, slow));
    report.append(String.format("| valid pushes during the slow bodies / after everything | %d | 202 | %d | %d |%n", during.size() + 1,
        during.stream().filter(s -> s == 202).count() + (after == 202 ? 1 : 0), google.triggerRuns().size() - 1));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "reliability-webhook.md"), report.toString());
  }
}
