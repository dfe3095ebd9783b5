package com.twosixty.relay.push;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads GitLab's and GitHub's push webhook bodies into a {@link PushEvent}. Only the fields that
 * decide a build are read; everything else may be there or not. Anything that cannot be trusted
 * to mean what it says is a {@link MalformedPayload}.
 */
public final class PushPayloads {
  /** Deeper than any push payload nests (about 5 levels); a JSON bomb stops here, not in a StackOverflowError. */
  static final int NESTING_LIMIT = 32;
  /**
   * GitHub's documented caps for webhook deliveries: at most 2048 commits per push, and at most
   * 3000 changed files per commit. A payload at a cap may have left something out. (The cap of 20
   * commits in GitHub's docs applies to timeline events, not to webhook deliveries.)
   */
  static final int GITHUB_MAX_COMMITS = 2048;
  static final int GITHUB_MAX_FILES_PER_COMMIT = 3000;

  private static final Pattern OBJECT_ID = Pattern.compile("^([0-9a-f]{40}|[0-9a-f]{64})$");

  private PushPayloads() {}

  /** A GitLab "Push Hook" body ({@code object_kind: push}); tag pushes are read too and come out as tag refs. */
  public static PushEvent gitLab(byte[] body, String eventUuid) {
    JsonObject root = parseObject(body);
    String kind = optionalString(root, "object_kind");
    if (!kind.isEmpty() && !kind.equals("push") && !kind.equals("tag_push")) {
      throw new MalformedPayload("object_kind is '" + kind + "', not push");
    }
    String before = objectId(root, "before");
    String after = objectId(root, "after");
    List<PushEvent.Commit> commits = commits(root, "commits");
    int total = root.has("total_commits_count") ? nonNegativeInt(root, "total_commits_count") : commits.size();
    String repository = requiredString(requiredObject(root, "project"), "project", "path_with_namespace");
    return new PushEvent(GitProvider.GITLAB, eventUuid, repository, requiredString(root, "ref"), before, after,
        PushEvent.isNullCommit(before), PushEvent.isNullCommit(after), false, commits, total,
        total > commits.size());
  }

  /** A GitHub {@code push} event body. */
  public static PushEvent gitHub(byte[] body, String deliveryId) {
    JsonObject root = parseObject(body);
    List<PushEvent.Commit> commits = commits(root, "commits");
    boolean capped = commits.size() >= GITHUB_MAX_COMMITS || commits.stream().anyMatch(commit ->
        commit.added().size() >= GITHUB_MAX_FILES_PER_COMMIT
            || commit.modified().size() >= GITHUB_MAX_FILES_PER_COMMIT
            || commit.removed().size() >= GITHUB_MAX_FILES_PER_COMMIT);
    String repository = requiredString(requiredObject(root, "repository"), "repository", "full_name");
    return new PushEvent(GitProvider.GITHUB, deliveryId, repository, requiredString(root, "ref"),
        objectId(root, "before"), objectId(root, "after"),
        requiredBoolean(root, "created"), requiredBoolean(root, "deleted"), requiredBoolean(root, "forced"),
        commits, commits.size(), capped);
  }

  /** Parses strictly, with a nesting limit, and requires the whole body to be one JSON object. */
  static JsonObject parseObject(byte[] body) {
    if (body.length == 0) {
      throw new MalformedPayload("body is empty");
    }
    try (JsonReader reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8))) {
      reader.setStrictness(Strictness.STRICT);
      reader.setNestingLimit(NESTING_LIMIT);
      JsonElement element = tree(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new MalformedPayload("body has content after the JSON value");
      }
      if (!element.isJsonObject()) {
        throw new MalformedPayload("body is JSON but not an object");
      }
      return element.getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      if (e instanceof MalformedPayload malformed) {
        throw malformed;
      }
      throw new MalformedPayload("body is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The reader's value as a tree; JsonParser wraps the reader's own complaint, which is the reason to give. */
  private static JsonElement tree(JsonReader reader) {
    try {
      return JsonParser.parseReader(reader);
    } catch (JsonParseException e) {
      Throwable reason = e.getCause() == null ? e : e.getCause();
      throw new MalformedPayload("body is not valid JSON: " + reason.getMessage(), e);
    }
  }

  private static List<PushEvent.Commit> commits(JsonObject root, String field) {
    JsonElement element = root.get(field);
    if (element == null || element.isJsonNull()) {
      return List.of();
    }
    if (!element.isJsonArray()) {
      throw new MalformedPayload(field + " is not an array");
    }
    List<PushEvent.Commit> commits = new ArrayList<>();
    JsonArray array = element.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      String where = field + "[" + i + "]";
      if (!array.get(i).isJsonObject()) {
        throw new MalformedPayload(where + " is not an object");
      }
      JsonObject commit = array.get(i).getAsJsonObject();
      commits.add(new PushEvent.Commit(optionalString(commit, "id"),
          paths(commit, "added", where), paths(commit, "modified", where), paths(commit, "removed", where),
          optionalString(commit, "timestamp")));
    }
    return commits;
  }

  private static List<String> paths(JsonObject commit, String field, String where) {
    JsonElement element = commit.get(field);
    if (element == null || element.isJsonNull()) {
      return List.of();
    }
    if (!element.isJsonArray()) {
      throw new MalformedPayload(where + "." + field + " is not an array");
    }
    List<String> paths = new ArrayList<>();
    for (JsonElement path : element.getAsJsonArray()) {
      if (!path.isJsonPrimitive() || !path.getAsJsonPrimitive().isString() || path.getAsString().isEmpty()) {
        throw new MalformedPayload(where + "." + field + " holds something other than a path");
      }
      paths.add(path.getAsString());
    }
    return paths;
  }

  private static String requiredString(JsonObject object, String field) {
    String value = optionalString(object, field);
    if (value.isEmpty()) {
      throw new MalformedPayload(field + " is missing");
    }
    return value;
  }

  private static JsonObject requiredObject(JsonObject root, String field) {
    JsonElement element = root.get(field);
    if (element == null || element.isJsonNull()) {
      throw new MalformedPayload(field + " is missing");
    }
    if (!element.isJsonObject()) {
      throw new MalformedPayload(field + " is not an object");
    }
    return element.getAsJsonObject();
  }

  /** A nested object's string field, named in the reason as {@code parent.field}. */
  private static String requiredString(JsonObject object, String parent, String field) {
    try {
      return requiredString(object, field);
    } catch (MalformedPayload e) {
      throw new MalformedPayload(parent + "." + e.getMessage());
    }
  }

  private static String optionalString(JsonObject object, String field) {
    JsonElement element = object.get(field);
    if (element == null || element.isJsonNull()) {
      return "";
    }
    if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
      throw new MalformedPayload(field + " is not a string");
    }
    return element.getAsString();
  }

  private static String objectId(JsonObject object, String field) {
    String value = requiredString(object, field);
    if (!OBJECT_ID.matcher(value).matches()) {
      throw new MalformedPayload(field + " is not a commit id (40 or 64 lowercase hex digits)");
    }
    return value;
  }

  private static boolean requiredBoolean(JsonObject object, String field) {
    JsonElement element = object.get(field);
    if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isBoolean()) {
      throw new MalformedPayload(field + " is missing or not true/false");
    }
    return element.getAsBoolean();
  }

  private static int nonNegativeInt(JsonObject object, String field) {
    JsonElement element = object.get(field);
    try {
      if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()) {
        int value = element.getAsJsonPrimitive().getAsBigDecimal().intValueExact();
        if (value >= 0) {
          return value;
        }
      }
    } catch (ArithmeticException notWhole) {
      // falls through to the same answer as any other bad number
    }
    throw new MalformedPayload(field + " is not a whole number of commits");
  }
}
