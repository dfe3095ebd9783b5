package com.twosixty.relay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushPayloadsTest {
  private static final String NULL_SHA = "0000000000000000000000000000000000000000";

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject fixture(String name) {
    return JsonParser.parseString(Fixtures.read("/fixtures/" + name)).getAsJsonObject();
  }

  @Test
  void readsGitLabsPushEvent() {
    PushEvent push = PushPayloads.gitLab(bytes(Fixtures.read("/fixtures/gitlab-push.json")), "uuid-1");
    assertEquals(GitProvider.GITLAB, push.provider());
    assertEquals("uuid-1", push.deliveryId());
    assertEquals("twosixty/monorepo", push.repository());
    assertEquals("main", push.branch().orElseThrow());
    assertEquals("95790bf891e76fee5e1747ab589903a6a1f80f22", push.before());
    assertEquals("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", push.after());
    assertFalse(push.created() || push.deleted() || push.forced() || push.commitListCapped());
    assertEquals(2, push.totalCommits());
    assertEquals(List.of("billing/src/test/java/com/twosixty/billing/RoundingTest.java"), push.commits().get(0).added());
    assertEquals(List.of("docs/runbook.md"), push.commits().get(1).modified());
  }

  @Test
  void gitLabsNewAndDeletedBranchesShowAsNullCommits() {
    JsonObject created = fixture("gitlab-push.json");
    created.addProperty("before", NULL_SHA);
    assertTrue(PushPayloads.gitLab(bytes(created.toString()), "").created());
    JsonObject deleted = fixture("gitlab-push.json");
    deleted.addProperty("after", NULL_SHA);
    deleted.add("checkout_sha", null);
    deleted.add("commits", new JsonArray());
    deleted.addProperty("total_commits_count", 0);
    assertTrue(PushPayloads.gitLab(bytes(deleted.toString()), "").deleted());
  }

  @Test
  void gitLabsTotalBeyondTheListedCommitsMarksTheListCapped() {
    JsonObject many = fixture("gitlab-push.json");
    many.addProperty("total_commits_count", 31);
    PushEvent push = PushPayloads.gitLab(bytes(many.toString()), "");
    assertEquals(31, push.totalCommits());
    assertTrue(push.commitListCapped());
  }

  @Test
  void readsGitHubsPushEvent() {
    PushEvent push = PushPayloads.gitHub(bytes(Fixtures.read("/fixtures/github-push.json")), "72d3162e-cc78-11e3-81ab-4c9367dc0958");
    assertEquals(GitProvider.GITHUB, push.provider());
    assertEquals("twosixty/monorepo", push.repository());
    assertEquals("main", push.branch().orElseThrow());
    assertEquals("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", push.after());
    assertFalse(push.created() || push.deleted() || push.forced() || push.commitListCapped());
    assertEquals(2, push.commits().size());
    assertEquals(List.of("reports/queries/due-dates.sql"), push.commits().get(1).added());
    assertEquals(List.of("docs/due-dates.sql"), push.commits().get(1).removed());
  }

  @Test
  void gitHubsFlagsAreRead() {
    JsonObject forced = fixture("github-push.json");
    forced.addProperty("forced", true);
    assertTrue(PushPayloads.gitHub(bytes(forced.toString()), "").forced());
    JsonObject tag = fixture("github-push.json");
    tag.addProperty("ref", "refs/tags/v1.4.0");
    PushEvent tagPush = PushPayloads.gitHub(bytes(tag.toString()), "");
    assertTrue(tagPush.isTag());
    assertTrue(tagPush.branch().isEmpty());
  }

  @Test
  void aGitHubCommitAtTheFileCapMarksTheListCapped() {
    JsonObject huge = fixture("github-push.json");
    JsonArray modified = new JsonArray();
    for (int i = 0; i < PushPayloads.GITHUB_MAX_FILES_PER_COMMIT; i++) {
      modified.add("portal/generated/f" + i + ".ts");
    }
    huge.getAsJsonArray("commits").get(0).getAsJsonObject().add("modified", modified);
    assertTrue(PushPayloads.gitHub(bytes(huge.toString()), "").commitListCapped());
  }

  @Test
  void malformedBodiesAreRefusedWithTheReason() {
    assertMalformed("", "body is empty");
    assertMalformed("{\"ref\": ", "body is not valid JSON: End of input at line 1 column 9 path $.ref");
    assertMalformed("[1,2]", "not an object");
    assertMalformed("{} {}", "not valid JSON");
    assertMalformed("{ref: 'refs/heads/main'}", "not valid JSON");
    JsonObject noRef = fixture("github-push.json");
    noRef.remove("ref");
    assertMalformed(noRef.toString(), "ref is missing");
    JsonObject badSha = fixture("github-push.json");
    badSha.addProperty("after", "HEAD");
    assertMalformed(badSha.toString(), "after is not a commit id");
    JsonObject badFlag = fixture("github-push.json");
    badFlag.addProperty("forced", "yes");
    assertMalformed(badFlag.toString(), "forced is missing or not true/false");
    JsonObject badPaths = fixture("github-push.json");
    badPaths.getAsJsonArray("commits").get(0).getAsJsonObject().addProperty("added", "portal/x");
    assertMalformed(badPaths.toString(), "commits[0].added is not an array");
    JsonObject badCount = fixture("gitlab-push.json");
    badCount.addProperty("total_commits_count", -1);
    MalformedPayload e = assertThrows(MalformedPayload.class, () -> PushPayloads.gitLab(bytes(badCount.toString()), ""));
    assertTrue(e.getMessage().contains("total_commits_count"), e.getMessage());
  }

  @Test
  void aPushMustNameItsRepository() {
    JsonObject noProject = fixture("gitlab-push.json");
    noProject.remove("project");
    assertGitLabMalformed(noProject.toString(), "project is missing");
    JsonObject noPath = fixture("gitlab-push.json");
    noPath.getAsJsonObject("project").remove("path_with_namespace");
    assertGitLabMalformed(noPath.toString(), "project.path_with_namespace is missing");
    JsonObject numericPath = fixture("gitlab-push.json");
    numericPath.getAsJsonObject("project").addProperty("path_with_namespace", 15);
    assertGitLabMalformed(numericPath.toString(), "project.path_with_namespace is not a string");

    JsonObject noRepository = fixture("github-push.json");
    noRepository.remove("repository");
    assertMalformed(noRepository.toString(), "repository is missing");
    JsonObject repositoryString = fixture("github-push.json");
    repositoryString.addProperty("repository", "twosixty/monorepo");
    assertMalformed(repositoryString.toString(), "repository is not an object");
    JsonObject noFullName = fixture("github-push.json");
    noFullName.getAsJsonObject("repository").remove("full_name");
    assertMalformed(noFullName.toString(), "repository.full_name is missing");
  }

  @Test
  void aJsonBombStopsAtTheNestingLimit() {
    String bomb = "{\"ref\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
    MalformedPayload e = assertThrows(MalformedPayload.class, () -> PushPayloads.gitHub(bytes(bomb), ""));
    assertTrue(e.getMessage().contains("Nesting limit"), e.getMessage());
  }

  private static void assertGitLabMalformed(String body, String expected) {
    MalformedPayload e = assertThrows(MalformedPayload.class, () -> PushPayloads.gitLab(bytes(body), ""));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static void assertMalformed(String body, String expected) {
    MalformedPayload e = assertThrows(MalformedPayload.class, () -> PushPayloads.gitHub(bytes(body), ""));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
