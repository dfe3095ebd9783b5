package com.twosixty.relay.cloudbuild;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.pubsub.PubSubMessage;
import com.twosixty.relay.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/** Realistic cloud-builds notifications built from a recorded success, changed per case. */
final class Notifications {
  private Notifications() {}

  static JsonObject success() {
    return JsonParser.parseString(Fixtures.cloudBuildMonorepoSuccess()).getAsJsonObject();
  }

  static JsonObject withStatus(String status) {
    JsonObject build = success();
    build.addProperty("status", status);
    if (!status.equals("SUCCESS")) {
      build.remove("results");
    }
    return build;
  }

  static JsonObject changed(Consumer<JsonObject> change) {
    JsonObject build = success();
    change.accept(build);
    return build;
  }

  static PubSubMessage message(JsonObject build) {
    return new PubSubMessage("msg-1",
        Map.of("buildId", build.has("id") ? build.get("id").getAsString() : "", "status", build.get("status").getAsString()),
        build.toString().getBytes(StandardCharsets.UTF_8), "2026-11-24T10:15:31Z");
  }
}
