package com.twosixty.relay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.build.BuildRunner;
import com.twosixty.relay.cloudbuild.BranchPolicy;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler's answers with an in-memory delivery log and a recording build runner. */
class PushWebhookHandlerTest {
  private static final String BRANCH = "main";
  private static final String SECRET = "s3cr3t-token-value";
  private static final String GITLAB_AFTER = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7";
  private static final String GITHUB_AFTER = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

  record Run(String project, String trigger, String commit, Map<String, String> substitutions) {}

  /** Keys and their build ids, as the Firestore adapter keeps them. */
  static class InMemoryDeliveryLog implements DeliveryLog {
    final Map<String, String> buildIdByKey = new LinkedHashMap<>();

    @Override
    public synchronized Claim claim(Delivery delivery) {
      for (String key : delivery.keys()) {
        if (buildIdByKey.containsKey(key)) {
          return new AlreadySeen(key, buildIdByKey.get(key));
        }
      }
      delivery.keys().forEach(key -> buildIdByKey.put(key, ""));
      return new Claimed();
    }

    @Override
    public synchronized void recordBuild(Delivery delivery, String buildId, List<String> services) {
      delivery.keys().forEach(key -> buildIdByKey.put(key, buildId));
    }

    @Override
    public synchronized void release(Delivery delivery) {
      delivery.keys().forEach(key -> buildIdByKey.remove(key, ""));
    }
  }

  private final List<Run> runs = new ArrayList<>();
  private final InMemoryDeliveryLog deliveries = new InMemoryDeliveryLog();
  private RuntimeException nextBuildFailure;

  private final BuildRunner recording = (project, trigger, commit, substitutions) -> {
    if (nextBuildFailure != null) {
      RuntimeException failure = nextBuildFailure;
      nextBuildFailure = null;
      throw failure;
    }
    runs.add(new Run(project, trigger, commit, substitutions));
    return "build-" + runs.size();
  };

  private PushWebhookHandler handler(DeliveryLog log) {
    return new PushWebhookHandler(new PushWebhookHandler.Config("relay-hub", "monorepo",
        new MonorepoRepository("twosixty/monorepo"), 64 * 1024),
        new WebhookSignatures(SECRET), BranchPolicy.defaults(),
        MonorepoLayout.parse("billing=billing/,portal=portal/,reports=reports/", "shared/,pom.xml,cloudbuild.yaml"),
        recording, log);
  }

  private final PushWebhookHandler handler = handler(deliveries);

  private static WebhookRequest request(String method, String contentType, byte[] body, Map<String, String> headers) {
    return new WebhookRequest(method, contentType, body.length, headers, new ByteArrayInputStream(body));
  }

  private static byte[] gitLabBody() {
    return Fixtures.read("/fixtures/gitlab-push.json").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gitHubBody() {
    return Fixtures.read("/fixtures/github-push.json").getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> gitLabHeaders(String uuid) {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Gitlab-Event", "Push Hook");
    headers.put("X-Gitlab-Token", SECRET);
    headers.put("X-Gitlab-Event-UUID", uuid);
    return headers;
  }

  private static Map<String, String> gitHubHeaders(byte[] body, String delivery) {
    Map<String, String> headers = new HashMap<>();
    headers.put("x-github-event", "push");
    headers.put("x-github-delivery", delivery);
    headers.put("x-hub-signature-256", new WebhookSignatures(SECRET).gitHubSignatureOf(body));
    return headers;
  }

  private WebhookAnswer gitLab(byte[] body, Map<String, String> headers) {
    return handler.handle(request("POST", "application/json", body, headers));
  }

  private WebhookAnswer gitHub(byte[] body, String delivery) {
    return handler.handle(request("POST", "application/json; charset=utf-8", body, gitHubHeaders(body, delivery)));
  }

  private static byte[] edited(byte[] body, java.util.function.Consumer<JsonObject> edit) {
    JsonObject json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    edit.accept(json);
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aGitLabPushBuildsTheServicesItChangedAtThePushedCommit() {
    WebhookAnswer answer = gitLab(gitLabBody(), gitLabHeaders("uuid-1"));
    assertEquals(202, answer.status(), answer.reason());
    assertEquals(List.of(new Run("relay-hub", "monorepo", GITLAB_AFTER, Map.of("_SERVICES", "billing", "_BRANCH", BRANCH,
        "_COMMIT_TIME", "2026-11-24T10:07:12Z"))), runs);
    JsonObject json = answer.toJson();
    assertEquals("build-1", json.get("buildId").getAsString());
    assertEquals("[\"billing\"]", json.get("services").toString());
    assertEquals("changes under billing/", json.get("reason").getAsString());
  }

  @Test
  void aGitHubPushBuildsTheServicesItChangedIncludingARenameTarget() {
    WebhookAnswer answer = gitHub(gitHubBody(), "d-1");
    assertEquals(202, answer.status(), answer.reason());
    assertEquals(List.of(new Run("relay-hub", "monorepo", GITHUB_AFTER, Map.of("_SERVICES", "portal,reports", "_BRANCH", BRANCH,
        "_COMMIT_TIME", "2026-11-24T10:42:53Z"))), runs);
    assertEquals(List.of("portal", "reports"), answer.services());
  }

  @Test
  void aNewBranchBuildsAllWithTheReason() {
    byte[] body = edited(gitHubBody(), json -> {
      json.addProperty("created", true);
      json.addProperty("before", "0000000000000000000000000000000000000000");
      json.addProperty("ref", "refs/heads/hotfix/2026-11-invoices");
    });
    WebhookAnswer answer = gitHub(body, "d-new");
    assertEquals(202, answer.status(), answer.reason());
    assertEquals(Map.of("_SERVICES", "all", "_BRANCH", "hotfix/2026-11-invoices",
        "_COMMIT_TIME", "2026-11-24T10:42:53Z"), runs.get(0).substitutions());
    assertEquals(List.of("billing", "portal", "reports"), answer.services());
    assertTrue(answer.reason().contains("new branch"), answer.reason());
  }

  @Test
  void aReplayedDeliveryOrTheSameCommitAgainStartsNothing() {
    assertEquals(202, gitHub(gitHubBody(), "d-1").status());
    WebhookAnswer replay = gitHub(gitHubBody(), "d-1");
    assertEquals(200, replay.status());
    assertEquals("duplicate delivery: build build-1 already started for github-d-1", replay.reason());
    WebhookAnswer sameCommit = gitHub(gitHubBody(), "d-2");
    assertEquals(200, sameCommit.status());
    assertTrue(sameCommit.reason().startsWith("duplicate delivery"), sameCommit.reason());
    assertEquals(1, runs.size());
  }

  @Test
  void ignoredPushesAnswer200WithTheReasonAndBuildNothing() {
    assertIgnored(gitHub(edited(gitHubBody(), json -> json.addProperty("ref", "refs/heads/feature/x")), "a"),
        "branch 'feature/x' is neither a release nor a hotfix branch");
    assertIgnored(gitHub(edited(gitHubBody(), json -> json.addProperty("ref", "refs/tags/v1")), "b"),
        "tag push: only branch pushes build");
    assertIgnored(gitHub(edited(gitHubBody(), json -> {
      json.addProperty("deleted", true);
      json.addProperty("after", "0000000000000000000000000000000000000000");
    }), "c"), "branch deletion: nothing to build");
    assertIgnored(gitHub(edited(gitHubBody(), json -> json.getAsJsonArray("commits").forEach(commit -> {
      commit.getAsJsonObject().add("added", new com.google.gson.JsonArray());
      commit.getAsJsonObject().add("removed", new com.google.gson.JsonArray());
      JsonObject c = commit.getAsJsonObject();
      com.google.gson.JsonArray docs = new com.google.gson.JsonArray();
      docs.add("docs/x.md");
      c.add("modified", docs);
    })), "d"), "no service affected: no service folder changed (docs/x.md)");
    Map<String, String> tagHook = gitLabHeaders("u-t");
    tagHook.put("X-Gitlab-Event", "Tag Push Hook");
    assertIgnored(gitLab(gitLabBody(), tagHook), "tag push: only branch pushes build");
    byte[] ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> pingHeaders = gitHubHeaders(ping, "p");
    pingHeaders.put("x-github-event", "ping");
    assertIgnored(handler.handle(request("POST", "application/json", ping, pingHeaders)),
        "ping: the webhook reaches push-webhook and its secret matches");
    assertTrue(runs.isEmpty());
    assertTrue(deliveries.buildIdByKey.isEmpty(), "ignored pushes record nothing");
  }

  /** GitLab's fixture moved to another project, as GitLab would send a push there (path, URLs, id). */
  private static byte[] gitLabBodyFrom(String pathWithNamespace) {
    return edited(gitLabBody(), json -> {
      json.addProperty("project_id", 42);
      JsonObject project = json.getAsJsonObject("project");
      project.addProperty("id", 42);
      project.addProperty("name", pathWithNamespace.substring(pathWithNamespace.lastIndexOf('/') + 1));
      project.addProperty("namespace", pathWithNamespace.substring(0, pathWithNamespace.lastIndexOf('/')));
      project.addProperty("path_with_namespace", pathWithNamespace);
      project.addProperty("web_url", "https://gitlab.example.com/" + pathWithNamespace);
      project.addProperty("git_http_url", "https://gitlab.example.com/" + pathWithNamespace + ".git");
      project.addProperty("git_ssh_url", "git@gitlab.example.com:" + pathWithNamespace + ".git");
      json.getAsJsonObject("repository").addProperty("homepage", "https://gitlab.example.com/" + pathWithNamespace);
    });
  }

  /** GitHub's fixture as a push to its documentation's sample repository, Codertocat/Hello-World. */
  private static byte[] gitHubBodyFromHelloWorld() {
    return edited(gitHubBody(), json -> {
      JsonObject repository = json.getAsJsonObject("repository");
      repository.addProperty("id", 186853002);
      repository.addProperty("name", "Hello-World");
      repository.addProperty("full_name", "Codertocat/Hello-World");
      repository.addProperty("private", false);
      repository.addProperty("html_url", "https://github.com/Codertocat/Hello-World");
      repository.addProperty("url", "https://github.com/Codertocat/Hello-World");
      repository.getAsJsonObject("owner").addProperty("login", "Codertocat");
      repository.getAsJsonObject("owner").addProperty("name", "Codertocat");
    });
  }

  @Test
  void aSignedGitLabPushFromAnotherProjectBuildsNothingAndNamesIt() {
    WebhookAnswer answer = gitLab(gitLabBodyFrom("twosixty/website"), gitLabHeaders("uuid-other"));
    assertIgnored(answer, "push to repository 'twosixty/website', not the monorepo 'twosixty/monorepo': only the"
        + " monorepo's pushes build");
    assertEquals("twosixty/website", answer.logFields().get("repository"));
    // A fork or namesake in another group is another repository too.
    assertEquals(200, gitLab(gitLabBodyFrom("someone/monorepo"), gitLabHeaders("uuid-fork")).status());
    assertEquals(200, gitLab(gitLabBodyFrom("twosixty/monorepo-old"), gitLabHeaders("uuid-old")).status());
    assertTrue(runs.isEmpty());
    assertTrue(deliveries.buildIdByKey.isEmpty(), "another repository's push claims no delivery");
  }

  @Test
  void aSignedGitHubPushFromAnotherRepositoryBuildsNothingAndNamesIt() {
    WebhookAnswer answer = gitHub(gitHubBodyFromHelloWorld(), "d-hello");
    assertIgnored(answer, "push to repository 'Codertocat/Hello-World', not the monorepo 'twosixty/monorepo':"
        + " only the monorepo's pushes build");
    assertEquals("Codertocat/Hello-World", answer.logFields().get("repository"));
    assertTrue(runs.isEmpty());
    assertTrue(deliveries.buildIdByKey.isEmpty(), "another repository's push claims no delivery");
    // Then the monorepo's own push of the same commit still builds: nothing was claimed for it.
    assertEquals(202, gitHub(gitHubBody(), "d-mono").status());
  }

  @Test
  void anotherRepositorysPushWithABadSignatureIsStill401() {
    byte[] body = gitHubBodyFromHelloWorld();
    Map<String, String> headers = gitHubHeaders(body, "d-forged");
    headers.put("x-hub-signature-256", new WebhookSignatures("another-secret").gitHubSignatureOf(body));
    assertEquals(401, handler.handle(request("POST", "application/json", body, headers)).status());
    Map<String, String> wrongToken = gitLabHeaders("u-forged");
    wrongToken.put("X-Gitlab-Token", "another-secret");
    assertEquals(401, gitLab(gitLabBodyFrom("twosixty/website"), wrongToken).status());
    assertTrue(runs.isEmpty());
  }

  @Test
  void theMonorepoMatchesInAnyCase() {
    byte[] body = edited(gitHubBody(), json -> json.getAsJsonObject("repository").addProperty("full_name", "TwoSixty/MonoRepo"));
    assertEquals(202, gitHub(body, "d-case").status());
    assertEquals(1, runs.size());
  }

  @Test
  void requestsThatAreNotJsonPostsAreRefused() {
    assertEquals(405, handler.handle(request("GET", "", new byte[0], Map.of())).status());
    assertEquals(405, handler.handle(request("PUT", "application/json", gitHubBody(), gitHubHeaders(gitHubBody(), "x"))).status());
    WebhookAnswer form = handler.handle(request("POST", "application/x-www-form-urlencoded", gitHubBody(),
        gitHubHeaders(gitHubBody(), "x")));
    assertEquals(415, form.status());
    assertTrue(form.reason().contains("application/json"), form.reason());
    assertEquals(415, handler.handle(request("POST", "", gitHubBody(), gitHubHeaders(gitHubBody(), "x"))).status());
    assertTrue(runs.isEmpty());
  }

  @Test
  void bodiesOverTheLimitAre413WhetherDeclaredOrStreamed() {
    byte[] big = new byte[64 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertEquals(413, handler.handle(request("POST", "application/json", big, gitLabHeaders("u"))).status());
    int[] read = {0};
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        read[0]++;
        return ' ';
      }
    };
    WebhookAnswer streamed = handler.handle(new WebhookRequest("POST", "application/json", -1, gitLabHeaders("u"), endless));
    assertEquals(413, streamed.status());
    // Buffered: the limit plus one byte; then up to the limit again is read and dropped, so that a
    // sender still writing sees the 413 (an endless body is cut off there).
    assertTrue(read[0] <= 2 * 64 * 1024 + 1, "read no more than twice the limit plus one byte, read " + read[0]);
    byte[] exactly = new byte[64 * 1024];
    java.util.Arrays.fill(exactly, (byte) ' ');
    exactly[0] = '{';
    exactly[exactly.length - 1] = '}';
    assertEquals(400, handler.handle(request("POST", "application/json", exactly, gitLabHeaders("u"))).status(),
        "a body of exactly the limit is read (and then refused as no push event)");
  }

  @Test
  void missingOrWrongSecretsAre401AndNeverEcho() {
    Map<String, String> noToken = gitLabHeaders("u");
    noToken.remove("X-Gitlab-Token");
    assertUnauthorized(gitLab(gitLabBody(), noToken), "X-Gitlab-Token is missing");
    Map<String, String> wrongToken = gitLabHeaders("u");
    wrongToken.put("X-Gitlab-Token", "not-the-token-value");
    assertUnauthorized(gitLab(gitLabBody(), wrongToken), "X-Gitlab-Token does not match the secret token");

    byte[] body = gitHubBody();
    Map<String, String> noSignature = gitHubHeaders(body, "d");
    noSignature.remove("x-hub-signature-256");
    assertUnauthorized(handler.handle(request("POST", "application/json", body, noSignature)), "X-Hub-Signature-256 is missing: set the webhook's secret");
    Map<String, String> rightLength = gitHubHeaders(body, "d");
    String right = rightLength.get("x-hub-signature-256");
    rightLength.put("x-hub-signature-256", right.substring(0, right.length() - 4) + (right.endsWith("aaaa") ? "bbbb" : "aaaa"));
    assertUnauthorized(handler.handle(request("POST", "application/json", body, rightLength)),
        "X-Hub-Signature-256 does not match the body and secret");
    Map<String, String> wrongLength = gitHubHeaders(body, "d");
    wrongLength.put("x-hub-signature-256", right.substring(0, 20));
    assertUnauthorized(handler.handle(request("POST", "application/json", body, wrongLength)),
        "X-Hub-Signature-256 does not match the body and secret");
    byte[] tampered = edited(body, json -> json.addProperty("ref", "refs/heads/master"));
    assertUnauthorized(handler.handle(request("POST", "application/json", tampered, gitHubHeaders(body, "d"))),
        "X-Hub-Signature-256 does not match the body and secret");
    assertTrue(runs.isEmpty());
  }

  @Test
  void malformedBodiesAndHeadersAre400() {
    byte[] notJson = "{\"ref\": refs/heads/main".getBytes(StandardCharsets.UTF_8);
    WebhookAnswer answer = handler.handle(request("POST", "application/json", notJson, gitHubHeaders(notJson, "d")));
    assertEquals(400, answer.status());
    assertTrue(answer.reason().startsWith("not a GitHub push event: body is not valid JSON"), answer.reason());
    byte[] bomb = ("{\"ref\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}").getBytes(StandardCharsets.UTF_8);
    assertEquals(400, gitLab(bomb, gitLabHeaders("u")).status());
    assertEquals(400, handler.handle(request("POST", "application/json", gitHubBody(), Map.of())).status());
    Map<String, String> both = gitHubHeaders(gitHubBody(), "d");
    both.put("X-Gitlab-Event", "Push Hook");
    assertEquals(400, handler.handle(request("POST", "application/json", gitHubBody(), both)).status());
    assertEquals(400, gitHub(gitHubBody(), "../../etc/passwd").status());
    assertTrue(runs.isEmpty());
  }

  @Test
  void cloudBuildUnavailableIs503AndReleasesTheClaimSoARetryBuilds() {
    nextBuildFailure = new TransientFailure("running trigger monorepo in relay-hub failed with UNAVAILABLE");
    WebhookAnswer first = gitHub(gitHubBody(), "d-1");
    assertEquals(503, first.status());
    assertTrue(first.reason().startsWith("Cloud Build is unavailable, retry later"), first.reason());
    assertTrue(deliveries.buildIdByKey.isEmpty(), "no delivery recorded");
    WebhookAnswer retry = gitHub(gitHubBody(), "d-1");
    assertEquals(202, retry.status(), retry.reason());
    assertEquals(1, runs.size());
  }

  @Test
  void cloudBuildRefusingIs502AndAlsoReleasesTheClaim() {
    nextBuildFailure = new PermanentFailure("running trigger monorepo in relay-hub failed with NOT_FOUND");
    WebhookAnswer answer = gitLab(gitLabBody(), gitLabHeaders("u-1"));
    assertEquals(502, answer.status());
    assertEquals("ERROR", answer.severity());
    assertTrue(deliveries.buildIdByKey.isEmpty());
  }

  @Test
  void anUnavailableDeliveryLogIs503AndStartsNoBuild() {
    DeliveryLog down = new DeliveryLog() {
      @Override
      public Claim claim(Delivery delivery) {
        throw new TransientFailure("claiming delivery failed with UNAVAILABLE");
      }

      @Override
      public void recordBuild(Delivery delivery, String buildId, List<String> services) {}

      @Override
      public void release(Delivery delivery) {}
    };
    assertEquals(503, handler(down).handle(request("POST", "application/json", gitLabBody(), gitLabHeaders("u"))).status());
    assertTrue(runs.isEmpty());
  }

  @Test
  void aBuildWhoseRecordFailsIsStill202ButLoggedAsAWarning() {
    DeliveryLog forgetful = new InMemoryDeliveryLog() {
      @Override
      public synchronized void recordBuild(Delivery delivery, String buildId, List<String> services) {
        throw new TransientFailure("recording failed with UNAVAILABLE");
      }
    };
    WebhookAnswer answer = handler(forgetful).handle(request("POST", "application/json", gitLabBody(), gitLabHeaders("u")));
    assertEquals(202, answer.status());
    assertEquals("WARNING", answer.severity());
    assertEquals(1, runs.size());
  }

  @Test
  void deliveryKeysAreValidFirestoreDocumentIds() {
    DeliveryLog.Delivery delivery = new DeliveryLog.Delivery(GitProvider.GITLAB, "a1b2", "hotfix/2026.11 invoices", GITLAB_AFTER);
    assertEquals(List.of("gitlab-a1b2", "commit-hotfix%2F2026.11+invoices-" + GITLAB_AFTER), delivery.keys());
    assertEquals(List.of("commit-main-" + GITLAB_AFTER),
        new DeliveryLog.Delivery(GitProvider.GITHUB, "", "main", GITLAB_AFTER).keys());
  }

  private static void assertIgnored(WebhookAnswer answer, String reason) {
    assertEquals(200, answer.status(), answer.reason());
    assertEquals(reason, answer.reason());
    assertEquals("INFO", answer.severity());
  }

  private static void assertUnauthorized(WebhookAnswer answer, String reason) {
    assertEquals(401, answer.status());
    assertEquals(reason, answer.reason());
    assertFalse(answer.toJson().toString().contains(SECRET));
    assertFalse(answer.logFields().toString().contains(SECRET));
  }
}
