package com.twosixty.relay.testing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers a Pub/Sub message to a function as a push subscription does: a POST of the raw push body
 * ({@link CloudEventPost#envelope}'s JSON), {@code Content-Type: application/json}, an OIDC
 * {@code Authorization: Bearer} token and no CloudEvent ({@code ce-*}) headers.
 */
public final class PushPost {
  /** Stands in for the OIDC token Pub/Sub signs for the subscription's service account (Cloud Run checks it, not the function). */
  public static final String BEARER = "Bearer local-push-oidc-token";

  private PushPost() {}

  public static HttpResponse<String> message(URI function, String subscription, byte[] data, Map<String, String> attributes) {
    return send(function, CloudEventPost.envelope(UUID.randomUUID().toString(), data, attributes, subscription));
  }

  /** Posts a raw push body (for malformed-envelope cases too). */
  public static HttpResponse<String> send(URI function, String body) {
    HttpRequest request = HttpRequest.newBuilder(function)
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Authorization", BEARER)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    return CloudEventPost.post(request);
  }
}
