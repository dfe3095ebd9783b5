package com.twosixty.relay.testing;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers a Pub/Sub message to a function as Eventarc does: a binary-mode CloudEvent of type
 * {@code google.cloud.pubsub.topic.v1.messagePublished} over HTTP.
 */
public final class CloudEventPost {
  public static final String PUBSUB_EVENT_TYPE = "google.cloud.pubsub.topic.v1.messagePublished";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private CloudEventPost() {}

  /** The CloudEvent data Eventarc sends for one Pub/Sub message. */
  public static String envelope(String messageId, byte[] data, Map<String, String> attributes, String subscription) {
    JsonObject attrs = new JsonObject();
    attributes.forEach(attrs::addProperty);
    JsonObject message = new JsonObject();
    message.addProperty("data", Base64.getEncoder().encodeToString(data));
    message.add("attributes", attrs);
    message.addProperty("messageId", messageId);
    message.addProperty("publishTime", Instant.now().toString());
    JsonObject envelope = new JsonObject();
    envelope.add("message", message);
    envelope.addProperty("subscription", subscription);
    return envelope.toString();
  }

  public static HttpResponse<String> pubSub(URI function, String topic, byte[] data, Map<String, String> attributes) {
    String id = UUID.randomUUID().toString();
    return send(function, topic, id, envelope(id, data, attributes, "projects/local/subscriptions/test"));
  }

  /** Posts a raw CloudEvent body (for malformed-envelope cases). */
  public static HttpResponse<String> send(URI function, String topic, String id, String body) {
    HttpRequest request = HttpRequest.newBuilder(function)
        .timeout(Duration.ofSeconds(60))
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-type", PUBSUB_EVENT_TYPE)
        .header("ce-source", "//pubsub.googleapis.com/" + topic)
        .header("ce-time", Instant.now().toString())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    return post(request);
  }

  /** Sends a POST and returns its answer; a failure to connect is an {@link IllegalStateException}. */
  static HttpResponse<String> post(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("POST to " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
