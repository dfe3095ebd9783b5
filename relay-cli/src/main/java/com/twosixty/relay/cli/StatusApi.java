package com.twosixty.relay.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the commands read from release-status to check a command before sending it and to follow what it caused. */
final class StatusApi {
  private final String base;

  /** @param base release-status's URL, ending in '/' */
  StatusApi(String base) {
    this.base = base;
  }

  /** {@code GET /api/releases/{id}}; empty when Relay stored no such release. */
  Optional<JsonObject> release(String releaseId) {
    return object("api/releases/" + encode(releaseId));
  }

  /** {@code GET /api/clients/{id}}; empty while the client has no record (nothing reached it yet). */
  Optional<JsonObject> client(String clientId) {
    return object("api/clients/" + encode(clientId));
  }

  /** The newest releases' ids ({@code GET /api/releases}, first page). */
  List<String> newestReleaseIds() {
    Http.Answer answer = Http.get(base + "api/releases?pageSize=50");
    requireOk(answer);
    List<String> ids = new ArrayList<>();
    for (JsonElement release : JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonArray("releases")) {
      ids.add(release.getAsJsonObject().get("releaseId").getAsString());
    }
    return ids;
  }

  private Optional<JsonObject> object(String path) {
    Http.Answer answer = Http.get(base + path);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    requireOk(answer);
    return Optional.of(JsonParser.parseString(answer.body()).getAsJsonObject());
  }

  private static void requireOk(Http.Answer answer) {
    if (!answer.ok()) {
      throw new UserError("release-status answered HTTP " + answer.status() + ": " + answer.body());
    }
  }

  private static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A text field of a JSON object, "" when absent or null. */
  static String text(JsonObject object, String field) {
    JsonElement value = object == null ? null : object.get(field);
    return value == null || value.isJsonNull() ? "" : value.getAsString();
  }

  static List<JsonObject> objects(JsonObject object, String field) {
    JsonElement value = object == null ? null : object.get(field);
    List<JsonObject> objects = new ArrayList<>();
    if (value != null && value.isJsonArray()) {
      for (JsonElement element : (JsonArray) value) {
        if (element.isJsonObject()) {
          objects.add(element.getAsJsonObject());
        }
      }
    }
    return objects;
  }

  /** This client's entry of a release's detail ({@code clients[]}), if the release reached it. */
  static Optional<JsonObject> clientOutcome(JsonObject releaseDetail, String client) {
    return objects(releaseDetail, "clients").stream().filter(c -> text(c, "client").equals(client)).findFirst();
  }

  /** The service names a release carries. */
  static List<String> releaseServices(JsonObject releaseDetail) {
    JsonElement release = releaseDetail.get("release");
    if (release == null || !release.isJsonObject()) {
      return List.of();
    }
    return objects(release.getAsJsonObject(), "services").stream().map(s -> text(s, "name")).toList();
  }
}
