package com.twosixty.relay.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.twosixty.relay.config.Settings;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The function's own part: wiring and misconfiguration. Everything else is in PushWebhookIT. */
class PushWebhookTest {

  record Request(String method, Map<String, List<String>> headers, byte[] body) implements HttpRequest {
    @Override public String getMethod() { return method; }
    @Override public String getUri() { return "http://localhost/"; }
    @Override public String getPath() { return "/"; }
    @Override public Optional<String> getQuery() { return Optional.empty(); }
    @Override public Map<String, List<String>> getQueryParameters() { return Map.of(); }
    @Override public Map<String, HttpPart> getParts() { return Map.of(); }
    @Override public Optional<String> getContentType() { return Optional.of("application/json"); }
    @Override public long getContentLength() { return body.length; }
    @Override public Optional<String> getCharacterEncoding() { return Optional.empty(); }
    @Override public InputStream getInputStream() { return new ByteArrayInputStream(body); }
    @Override public BufferedReader getReader() { return new BufferedReader(new StringReader(new String(body, StandardCharsets.UTF_8))); }
    @Override public Map<String, List<String>> getHeaders() { return headers; }
  }

  static final class Response implements HttpResponse {
    int status = 200;
    String contentType = "";
    final Map<String, List<String>> headers = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override public void setStatusCode(int code) { status = code; }
    @Override public void setStatusCode(int code, String message) { status = code; }
    @Override public void setContentType(String type) { contentType = type; }
    @Override public Optional<String> getContentType() { return Optional.of(contentType); }
    @Override public void appendHeader(String name, String value) { headers.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(value); }
    @Override public Map<String, List<String>> getHeaders() { return headers; }
    @Override public OutputStream getOutputStream() { return body; }
    @Override public BufferedWriter getWriter() { return new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8)); }
  }

  @Test
  void aMissingSecretIs500NamingTheSettingNotAnyValue() throws Exception {
    PushWebhook function = new PushWebhook(new Settings(Map.of(
        "RELAY_HUB_PROJECT", "relay-hub", "RELAY_MONOREPO_TRIGGER", "monorepo", "RELAY_MONOREPO_REPOSITORY", "twosixty/monorepo",
        "RELAY_SERVICES", "billing=billing/")));
    Response response = new Response();
    function.service(new Request("POST", Map.of("X-Gitlab-Event", List.of("Push Hook")), "{}".getBytes(StandardCharsets.UTF_8)),
        response);
    assertEquals(500, response.status);
    String body = response.body.toString(StandardCharsets.UTF_8);
    assertTrue(body.contains("push-webhook is misconfigured: environment variable RELAY_WEBHOOK_SECRET is not set"), body);
  }

  @Test
  void aBadServiceLayoutIs500() throws Exception {
    PushWebhook function = new PushWebhook(new Settings(Map.of("RELAY_HUB_PROJECT", "relay-hub",
        "RELAY_MONOREPO_TRIGGER", "monorepo", "RELAY_MONOREPO_REPOSITORY", "twosixty/monorepo", "RELAY_SERVICES", "billing",
        "RELAY_WEBHOOK_SECRET", "x")));
    Response response = new Response();
    function.service(new Request("POST", Map.of(), new byte[0]), response);
    assertEquals(500, response.status);
    assertTrue(response.body.toString(StandardCharsets.UTF_8).contains("RELAY_SERVICES entry 'billing' is not service=folder/"));
  }

  @Test
  void aMissingOrUrlMonorepoRepositoryIs500NamingTheSetting() throws Exception {
    for (Map<String, String> settings : List.of(
        Map.of("RELAY_HUB_PROJECT", "relay-hub", "RELAY_MONOREPO_TRIGGER", "monorepo", "RELAY_SERVICES", "billing=billing/",
            "RELAY_WEBHOOK_SECRET", "x"),
        Map.of("RELAY_HUB_PROJECT", "relay-hub", "RELAY_MONOREPO_TRIGGER", "monorepo", "RELAY_SERVICES", "billing=billing/",
            "RELAY_WEBHOOK_SECRET", "x", "RELAY_MONOREPO_REPOSITORY", "https://gitlab.com/twosixty/monorepo"))) {
      PushWebhook function = new PushWebhook(new Settings(settings));
      Response response = new Response();
      function.service(new Request("POST", Map.of("X-Gitlab-Event", List.of("Push Hook")), "{}".getBytes(StandardCharsets.UTF_8)),
          response);
      assertEquals(500, response.status);
      String body = response.body.toString(StandardCharsets.UTF_8);
      assertTrue(body.contains("push-webhook is misconfigured: ") && body.contains("RELAY_MONOREPO_REPOSITORY"), body);
    }
  }

  @Test
  void methodNotAllowedSaysWhatIs() throws Exception {
    PushWebhook function = new PushWebhook(new Settings(Map.of("RELAY_HUB_PROJECT", "relay-hub",
        "RELAY_MONOREPO_TRIGGER", "monorepo", "RELAY_MONOREPO_REPOSITORY", "twosixty/monorepo",
        "RELAY_SERVICES", "billing=billing/", "RELAY_WEBHOOK_SECRET", "x")));
    Response response = new Response();
    function.service(new Request("DELETE", Map.of(), new byte[0]), response);
    assertEquals(405, response.status);
    assertEquals(List.of("POST"), response.headers.get("Allow"));
  }

  @Test
  void nothingIsBuiltBeforeTheFirstRequest() {
    new PushWebhook(() -> {
      throw new AssertionError("wiring built at construction");
    });
  }
}
