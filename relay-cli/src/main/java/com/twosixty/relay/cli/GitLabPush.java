package com.twosixty.relay.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.twosixty.relay.local.LocalMonorepo;
import com.twosixty.relay.push.MonorepoLayout;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A GitLab push event (as GitLab documents its "Push Hook") touching files in some service folders
 * of a repository ({@code project.path_with_namespace}; the local stack's monorepo unless told).
 */
record GitLabPush(String repository, String branch, String before, String after, List<String> modifiedPaths) {

  static GitLabPush touching(MonorepoLayout layout, String branch, List<String> services, String commit) {
    List<String> paths = services.stream().map(s -> layout.folder(s) + "src/main/java/App.java").toList();
    return new GitLabPush(LocalMonorepo.REPOSITORY, branch, randomSha(), commit.isEmpty() ? randomSha() : commit, paths);
  }

  /** The same push to another repository (a deployed push-webhook builds only its RELAY_MONOREPO_REPOSITORY's). */
  GitLabPush to(String otherRepository) {
    return new GitLabPush(otherRepository, branch, before, after, modifiedPaths);
  }

  String shortSha() {
    return after.substring(0, 7);
  }

  String json() {
    JsonObject commit = new JsonObject();
    commit.addProperty("id", after);
    commit.addProperty("message", "Change " + String.join(", ", modifiedPaths));
    commit.addProperty("title", "Change " + modifiedPaths.size() + " file(s)");
    commit.addProperty("timestamp", Instant.now().toString());
    commit.addProperty("url", "https://gitlab.example.com/" + repository + "/-/commit/" + after);
    JsonObject author = new JsonObject();
    author.addProperty("name", "Relay CLI");
    author.addProperty("email", "relay@example.com");
    commit.add("author", author);
    commit.add("added", new JsonArray());
    JsonArray modified = new JsonArray();
    modifiedPaths.forEach(modified::add);
    commit.add("modified", modified);
    commit.add("removed", new JsonArray());
    JsonArray commits = new JsonArray();
    commits.add(commit);

    JsonObject project = new JsonObject();
    project.addProperty("id", 15);
    String name = repository.substring(repository.lastIndexOf('/') + 1);
    project.addProperty("name", name);
    project.addProperty("path_with_namespace", repository);
    project.addProperty("default_branch", LocalMonorepo.RELEASE_BRANCH);
    project.addProperty("web_url", "https://gitlab.example.com/" + repository);
    JsonObject legacyRepository = new JsonObject();
    legacyRepository.addProperty("name", name);
    legacyRepository.addProperty("homepage", "https://gitlab.example.com/" + repository);

    JsonObject push = new JsonObject();
    push.addProperty("object_kind", "push");
    push.addProperty("event_name", "push");
    push.addProperty("before", before);
    push.addProperty("after", after);
    push.addProperty("ref", "refs/heads/" + branch);
    push.addProperty("ref_protected", true);
    push.addProperty("checkout_sha", after);
    push.addProperty("user_name", "Relay CLI");
    push.addProperty("user_username", "relay");
    push.addProperty("project_id", 15);
    push.add("project", project);
    push.add("repository", legacyRepository);
    push.add("commits", commits);
    push.addProperty("total_commits_count", 1);
    return push.toString();
  }

  /** The headers GitLab sends with a push, with the project's secret token. */
  static Map<String, String> headers(String secret) {
    return Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", secret,
        "X-Gitlab-Event-UUID", UUID.randomUUID().toString(), "User-Agent", "GitLab/18.5.0");
  }

  static String randomSha() {
    byte[] bytes = new byte[20];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
