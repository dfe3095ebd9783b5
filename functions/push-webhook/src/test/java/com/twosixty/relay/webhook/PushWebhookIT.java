package com.twosixty.relay.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloudbuild.v1.RunBuildTriggerRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.push.WebhookSignatures;
import com.twosixty.relay.testing.FakeGoogleApis;
import com.twosixty.relay.testing.FirestoreEmulator;
import com.twosixty.relay.testing.Fixtures;
import com.twosixty.relay.testing.FunctionInvoker;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * push-webhook on the real Functions Framework invoker, over HTTP, with its deliveries in the real
 * Firestore emulator and its builds started on an in-process Cloud Build API.
 */
class PushWebhookIT {
  private static final String BRANCH = "main";
  private static final String PROJECT = "relay-hub";
  private static final Path LOGS = Path.of("target", "processes");
  private static final String SECRET = "it-webhook-secret-9f3c";
  private static final int MAX_BYTES = 64 * 1024;
  private static final String GITLAB_AFTER = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7";
  private static final String GITHUB_AFTER = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private static FirestoreEmulator firestoreEmulator;
  private static FakeGoogleApis cloudBuild;
  private static FunctionInvoker function;
  private static Firestore firestore;

  @BeforeAll
  static void start() {
    firestoreEmulator = FirestoreEmulator.start(LOGS);
    cloudBuild = FakeGoogleApis.start();
    function = FunctionInvoker.startPackaged("push-webhook", "push-webhook", PushWebhook.class.getName(), Map.of(
        "RELAY_HUB_PROJECT", PROJECT,
        "RELAY_MONOREPO_TRIGGER", "monorepo",
        "RELAY_MONOREPO_REPOSITORY", "twosixty/monorepo",
        "RELAY_SERVICES", "billing=billing/,portal=portal/,reports=reports/",
        "RELAY_SHARED_PATHS", "shared/,pom.xml,cloudbuild.yaml",
        "RELAY_WEBHOOK_SECRET", SECRET,
        "RELAY_WEBHOOK_MAX_BYTES", String.valueOf(MAX_BYTES),
        "RELAY_CLOUDBUILD_ENDPOINT", cloudBuild.endpoint(),
        "FIRESTORE_EMULATOR_HOST", firestoreEmulator.host()), LOGS);
    firestore = FirestoreClients.create(PROJECT, "(default)", firestoreEmulator.host());
  }

  @AfterAll
  static void stop() throws Exception {
    if (function != null) {
      function.close();
    }
    if (firestore != null) {
      firestore.close();
    }
    if (cloudBuild != null) {
      cloudBuild.close();
    }
    if (firestoreEmulator != null) {
      firestoreEmulator.close();
    }
  }

  @BeforeEach
  void clean() {
    cloudBuild.reset();
    firestoreEmulator.reset(PROJECT);
  }

  // ---- the providers' requests ----

  private static byte[] gitLabBody() {
    return Fixtures.read("/fixtures/gitlab-push.json").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gitHubBody() {
    return Fixtures.read("/fixtures/github-push.json").getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> gitLabHeaders(String uuid, String token) {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Gitlab-Event", "Push Hook");
    headers.put("X-Gitlab-Event-UUID", uuid);
    headers.put("X-Gitlab-Token", token);
    headers.put("User-Agent", "GitLab/17.6.0");
    return headers;
  }

  private static Map<String, String> gitHubHeaders(String delivery, String signature) {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-GitHub-Event", "push");
    headers.put("X-GitHub-Delivery", delivery);
    headers.put("X-GitHub-Hook-ID", "292430182");
    headers.put("X-Hub-Signature-256", signature);
    headers.put("User-Agent", "GitHub-Hookshot/044aadd");
    return headers;
  }

  private static String sign(byte[] body) {
    return new WebhookSignatures(SECRET).gitHubSignatureOf(body);
  }

  private static HttpResponse<String> post(byte[] body, String contentType, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(function.url()).POST(HttpRequest.BodyPublishers.ofByteArray(body)), contentType, headers);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String contentType, Map<String, String> headers) {
    request.timeout(Duration.ofSeconds(60));
    if (!contentType.isEmpty()) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("request to push-webhook failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> gitLab(byte[] body, String uuid) {
    return post(body, "application/json", gitLabHeaders(uuid, SECRET));
  }

  private static HttpResponse<String> gitHub(byte[] body, String delivery) {
    return post(body, "application/json", gitHubHeaders(delivery, sign(body)));
  }

  private static JsonObject json(HttpResponse<String> response) {
    assertEquals("application/json;charset=utf-8",
        response.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", ""));
    JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
    assertFalse(json.get("reason").getAsString().isEmpty(), "every answer has a reason: " + response.body());
    return json;
  }

  private static void assertAnswer(int status, String reasonStart, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    String reason = json(response).get("reason").getAsString();
    assertTrue(reason.startsWith(reasonStart), reason);
    assertFalse(response.body().contains(SECRET));
  }

  private static DocumentSnapshot delivery(String key) throws Exception {
    return firestore.collection("webhookDeliveries").document(key).get().get();
  }

  // ---- builds ----

  @Test
  void aGitLabPushStartsOneBuildOfTheServicesItChangedAtThePushedCommit() throws Exception {
    HttpResponse<String> response = gitLab(gitLabBody(), "8a3e2b1c-4d5f-4a6b-9c7d-0e1f2a3b4c5d");

    assertEquals(202, response.statusCode(), response.body());
    JsonObject answer = json(response);
    assertEquals("build-1", answer.get("buildId").getAsString());
    assertEquals("[\"billing\"]", answer.get("services").toString());
    assertEquals("changes under billing/", answer.get("reason").getAsString());

    List<RunBuildTriggerRequest> started = cloudBuild.triggerRuns();
    assertEquals(1, started.size());
    RunBuildTriggerRequest run = started.get(0);
    assertEquals(PROJECT, run.getProjectId());
    assertEquals("monorepo", run.getTriggerId());
    assertEquals(GITLAB_AFTER, run.getSource().getCommitSha());
    assertEquals(Map.of("_SERVICES", "billing", "_BRANCH", BRANCH, "_COMMIT_TIME", "2026-11-24T10:07:12Z"), run.getSource().getSubstitutionsMap());

    DocumentSnapshot byUuid = delivery("gitlab-8a3e2b1c-4d5f-4a6b-9c7d-0e1f2a3b4c5d");
    assertEquals("build-1", byUuid.getString("buildId"));
    assertEquals("gitlab", byUuid.getString("provider"));
    assertEquals("main", byUuid.getString("branch"));
    assertEquals(GITLAB_AFTER, byUuid.getString("commit"));
    assertEquals(List.of("billing"), byUuid.get("services"));
    assertEquals("build-1", delivery("commit-main-" + GITLAB_AFTER).getString("buildId"));
  }

  @Test
  void aGitHubPushStartsOneBuildOfTheServicesItChanged() throws Exception {
    HttpResponse<String> response = gitHub(gitHubBody(), "72d3162e-cc78-11e3-81ab-4c9367dc0958");

    assertEquals(202, response.statusCode(), response.body());
    assertEquals("[\"portal\",\"reports\"]", json(response).get("services").toString());
    List<RunBuildTriggerRequest> started = cloudBuild.triggerRuns();
    assertEquals(1, started.size());
    assertEquals(GITHUB_AFTER, started.get(0).getSource().getCommitSha());
    assertEquals(Map.of("_SERVICES", "portal,reports", "_BRANCH", BRANCH, "_COMMIT_TIME", "2026-11-24T10:42:53Z"), started.get(0).getSource().getSubstitutionsMap());
    assertTrue(delivery("github-72d3162e-cc78-11e3-81ab-4c9367dc0958").exists());
  }

  @Test
  void aNewHotfixBranchBuildsAllServices() {
    JsonObject push = JsonParser.parseString(new String(gitHubBody(), StandardCharsets.UTF_8)).getAsJsonObject();
    push.addProperty("ref", "refs/heads/hotfix/invoice-rounding");
    push.addProperty("created", true);
    push.addProperty("before", "0000000000000000000000000000000000000000");
    HttpResponse<String> response = gitHub(push.toString().getBytes(StandardCharsets.UTF_8), "d-hotfix");
    assertEquals(202, response.statusCode(), response.body());
    assertTrue(json(response).get("reason").getAsString().contains("new branch"), response.body());
    assertEquals(Map.of("_SERVICES", "all", "_BRANCH", "hotfix/invoice-rounding", "_COMMIT_TIME", "2026-11-24T10:42:53Z"),
        cloudBuild.triggerRuns().get(0).getSource().getSubstitutionsMap());
  }

  @Test
  void aReplayedDeliveryOrTheSameCommitAgainStartsNothing() {
    assertEquals(202, gitHub(gitHubBody(), "d-1").statusCode());
    assertAnswer(200, "duplicate delivery: build build-1 already started for github-d-1", gitHub(gitHubBody(), "d-1"));
    assertAnswer(200, "duplicate delivery: build build-1 already started for commit-main-", gitHub(gitHubBody(), "d-2"));
    assertEquals(1, cloudBuild.triggerRuns().size());
  }

  @Test
  void identicalDeliveriesArrivingTogetherStartOneBuild() throws Exception {
    int senders = 3;
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < senders; i++) {
        answers.add(pool.submit(() -> gitLab(gitLabBody(), "same-uuid")));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        statuses.add(answer.get().statusCode());
      }
      assertEquals(1, statuses.stream().filter(status -> status == 202).count(), statuses.toString());
      assertEquals(senders - 1, statuses.stream().filter(status -> status == 200).count(), statuses.toString());
      assertEquals(1, cloudBuild.triggerRuns().size());
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- Cloud Build failures ----

  @Test
  void cloudBuildUnavailableIs503RecordsNothingAndTheRetryBuilds() throws Exception {
    cloudBuild.failBuildsWith(Status.Code.UNAVAILABLE);
    assertAnswer(503, "Cloud Build is unavailable, retry later", gitLab(gitLabBody(), "retry-uuid"));
    assertEquals(1, cloudBuild.triggerAttempts());
    assertFalse(delivery("gitlab-retry-uuid").exists(), "the claim was released");
    assertFalse(delivery("commit-main-" + GITLAB_AFTER).exists(), "the claim was released");

    cloudBuild.failBuildsWith(null);
    HttpResponse<String> retry = gitLab(gitLabBody(), "retry-uuid");
    assertEquals(202, retry.statusCode(), retry.body());
    assertEquals(1, cloudBuild.triggerRuns().size());
  }

  @Test
  void cloudBuildRefusingIs502() {
    cloudBuild.failBuildsWith(Status.Code.NOT_FOUND);
    assertAnswer(502, "Cloud Build refused the build", gitHub(gitHubBody(), "d-refused"));
    assertTrue(cloudBuild.triggerRuns().isEmpty());
  }

  // ---- refusals: each status, nothing started ----

  @Test
  void pushesThatDoNotBuildAnswer200WithTheReason() {
    JsonObject feature = JsonParser.parseString(new String(gitHubBody(), StandardCharsets.UTF_8)).getAsJsonObject();
    feature.addProperty("ref", "refs/heads/feature/due-dates");
    assertAnswer(200, "branch 'feature/due-dates' is neither a release nor a hotfix branch",
        gitHub(feature.toString().getBytes(StandardCharsets.UTF_8), "d-feature"));
    Map<String, String> tagHook = gitLabHeaders("tag-uuid", SECRET);
    tagHook.put("X-Gitlab-Event", "Tag Push Hook");
    assertAnswer(200, "tag push", post(gitLabBody(), "application/json", tagHook));
    assertEquals(0, cloudBuild.triggerAttempts());
  }

  @Test
  void signedPushesFromAnotherRepositoryAnswer200NamingItAndStartNothing() throws Exception {
    JsonObject helloWorld = JsonParser.parseString(new String(gitHubBody(), StandardCharsets.UTF_8)).getAsJsonObject();
    JsonObject repository = helloWorld.getAsJsonObject("repository");
    repository.addProperty("name", "Hello-World");
    repository.addProperty("full_name", "Codertocat/Hello-World");
    repository.addProperty("html_url", "https://github.com/Codertocat/Hello-World");
    repository.addProperty("url", "https://github.com/Codertocat/Hello-World");
    repository.getAsJsonObject("owner").addProperty("login", "Codertocat");
    assertAnswer(200, "push to repository 'Codertocat/Hello-World', not the monorepo 'twosixty/monorepo'",
        gitHub(helloWorld.toString().getBytes(StandardCharsets.UTF_8), "d-hello-world"));

    JsonObject website = JsonParser.parseString(new String(gitLabBody(), StandardCharsets.UTF_8)).getAsJsonObject();
    website.addProperty("project_id", 42);
    website.getAsJsonObject("project").addProperty("id", 42);
    website.getAsJsonObject("project").addProperty("name", "website");
    website.getAsJsonObject("project").addProperty("path_with_namespace", "twosixty/website");
    website.getAsJsonObject("project").addProperty("web_url", "https://gitlab.example.com/twosixty/website");
    assertAnswer(200, "push to repository 'twosixty/website', not the monorepo 'twosixty/monorepo'",
        gitLab(website.toString().getBytes(StandardCharsets.UTF_8), "website-uuid"));

    assertEquals(0, cloudBuild.triggerAttempts());
    assertFalse(delivery("github-d-hello-world").exists(), "another repository's push claims nothing");
    assertFalse(delivery("commit-main-" + GITHUB_AFTER).exists(), "another repository's push claims nothing");
    assertFalse(delivery("gitlab-website-uuid").exists(), "another repository's push claims nothing");
    List<String> lines = function.logLines().stream()
        .filter(line -> line.contains("push not built (200): push to repository 'Codertocat/Hello-World'")).toList();
    assertEquals(1, lines.size(), String.join("\n", function.logLines()));
    assertTrue(lines.get(0).contains("\"severity\":\"INFO\"") && lines.get(0).contains("\"repository\":\"Codertocat/Hello-World\""),
        lines.get(0));

    // The monorepo's own push of the same commit then builds.
    assertEquals(202, gitHub(gitHubBody(), "d-monorepo").statusCode());
  }

  @Test
  void onlyPostIsAllowed() {
    HttpResponse<String> response = send(HttpRequest.newBuilder(function.url()).GET(), "", Map.of());
    assertAnswer(405, "method GET is not allowed", response);
    assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void onlyJsonIsAccepted() {
    byte[] form = ("payload=" + new String(gitHubBody(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    assertAnswer(415, "content type 'application/x-www-form-urlencoded' is not application/json",
        post(form, "application/x-www-form-urlencoded", gitHubHeaders("d-form", sign(form))));
    assertEquals(0, cloudBuild.triggerAttempts());
  }

  @Test
  void bodiesOverTheLimitAre413DeclaredOrChunked() {
    byte[] big = new byte[MAX_BYTES + 1000];
    java.util.Arrays.fill(big, (byte) ' ');
    assertAnswer(413, "body is larger than " + MAX_BYTES + " bytes", gitLab(big, "big-uuid"));
    HttpRequest.Builder chunked = HttpRequest.newBuilder(function.url())
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
    assertAnswer(413, "body is larger than", send(chunked, "application/json", gitLabHeaders("big-uuid", SECRET)));
    assertEquals(0, cloudBuild.triggerAttempts());
  }

  @Test
  void malformedBodiesAre400() {
    byte[] notJson = "{\"object_kind\": \"push\", \"ref\": ".getBytes(StandardCharsets.UTF_8);
    assertAnswer(400, "not a GitLab push event: body is not valid JSON", gitLab(notJson, "bad-uuid"));
    byte[] bomb = ("{\"ref\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}").getBytes(StandardCharsets.UTF_8);
    assertAnswer(400, "not a GitHub push event: body is not valid JSON", gitHub(bomb, "d-bomb"));
    assertAnswer(400, "not a GitLab or GitHub webhook", post(gitHubBody(), "application/json", Map.of()));
    assertEquals(0, cloudBuild.triggerAttempts());
    assertTrue(function.process().isAlive(), "a JSON bomb does not take the function down");
  }

  @Test
  void missingOrWrongSecretsAre401() {
    byte[] gitLabBody = gitLabBody();
    Map<String, String> noToken = gitLabHeaders("u-401", SECRET);
    noToken.remove("X-Gitlab-Token");
    assertAnswer(401, "X-Gitlab-Token is missing", post(gitLabBody, "application/json", noToken));
    String sameLength = "it-webhook-secret-0000";
    assertEquals(SECRET.length(), sameLength.length());
    assertAnswer(401, "X-Gitlab-Token does not match",
        post(gitLabBody, "application/json", gitLabHeaders("u-401", sameLength)));
    assertAnswer(401, "X-Gitlab-Token does not match",
        post(gitLabBody, "application/json", gitLabHeaders("u-401", SECRET + "-and-more")));

    byte[] body = gitHubBody();
    String right = sign(body);
    String wrongOfRightLength = right.substring(0, right.length() - 6) + (right.endsWith("ffffff") ? "000000" : "ffffff");
    assertEquals(right.length(), wrongOfRightLength.length());
    assertAnswer(401, "X-Hub-Signature-256 does not match",
        post(body, "application/json", gitHubHeaders("d-401", wrongOfRightLength)));
    assertAnswer(401, "X-Hub-Signature-256 does not match",
        post(body, "application/json", gitHubHeaders("d-401", right.substring(0, 40))));
    Map<String, String> unsigned = gitHubHeaders("d-401", right);
    unsigned.remove("X-Hub-Signature-256");
    assertAnswer(401, "X-Hub-Signature-256 is missing", post(body, "application/json", unsigned));
    assertEquals(0, cloudBuild.triggerAttempts());

    String logs = String.join("\n", function.logLines());
    assertFalse(logs.contains(SECRET), "the secret never reaches a log");
    assertTrue(logs.contains("\"severity\":\"WARNING\",\"message\":\"push not built (401): X-Gitlab-Token does not match"), logs);
  }
}
