package com.twosixty.relay.webhook;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.twosixty.relay.build.CloudBuildRunner;
import com.twosixty.relay.cloudbuild.BranchPolicy;
import com.twosixty.relay.config.Lazy;
import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.push.FirestoreDeliveryLog;
import com.twosixty.relay.push.MonorepoLayout;
import com.twosixty.relay.push.MonorepoRepository;
import com.twosixty.relay.push.PushWebhookHandler;
import com.twosixty.relay.push.WebhookAnswer;
import com.twosixty.relay.push.WebhookRequest;
import com.twosixty.relay.push.WebhookSignatures;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.function.Supplier;

/**
 * HTTP Cloud Function: a GitLab or GitHub push webhook in, the monorepo build for the services
 * the push changed out. The decisions are {@link PushWebhookHandler}'s; this class maps HTTP to
 * it and writes one log line per request.
 */
public final class PushWebhook implements HttpFunction {
  private static final StructuredLog LOG = StructuredLog.forComponent("push-webhook");

  private final Supplier<Wiring> wiring;

  /** What one instance is built from: when it starts, in the background, or else by its first request. */
  record Wiring(PushWebhookHandler handler) {
    static Wiring from(Settings settings) {
      String hubProject = settings.require(Setting.RELAY_HUB_PROJECT);
      long maxBytes = settings.getLong(Setting.RELAY_WEBHOOK_MAX_BYTES);
      if (maxBytes <= 0) {
        throw new IllegalStateException(Setting.RELAY_WEBHOOK_MAX_BYTES.name() + " must be at least 1");
      }
      String database = settings.get(Setting.RELAY_FIRESTORE_DATABASE);
      String emulator = settings.raw("FIRESTORE_EMULATOR_HOST");
      CloudBuildRunner builds = new CloudBuildRunner(settings.get(Setting.RELAY_CLOUDBUILD_ENDPOINT));
      Lazy<Firestore> firestore = Lazy.of(() -> FirestoreClients.create(hubProject, database, emulator));
      // Both built side by side, and while the first push is verified (a cold start, BENCHMARKS.md).
      CompletableFuture.runAsync(builds::warmUp);
      CompletableFuture.runAsync(firestore::get);
      return new Wiring(new PushWebhookHandler(
          new PushWebhookHandler.Config(hubProject, settings.require(Setting.RELAY_MONOREPO_TRIGGER),
              MonorepoRepository.from(settings), maxBytes),
          new WebhookSignatures(settings.require(Setting.RELAY_WEBHOOK_SECRET)),
          BranchPolicy.from(settings),
          MonorepoLayout.from(settings),
          builds,
          new FirestoreDeliveryLog(firestore)));
    }
  }

  /** The instance the invoker creates: its clients start building now, beside the invoker's own start. */
  public PushWebhook() {
    this(Lazy.of(() -> Wiring.from(Settings.fromEnvironment())).buildInBackground("push-webhook-start"));
  }

  PushWebhook(Settings settings) {
    this(Lazy.of(() -> Wiring.from(settings)));
  }

  PushWebhook(Supplier<Wiring> wiring) {
    this.wiring = wiring;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    WebhookAnswer answer;
    try {
      answer = wiring.get().handler().handle(new WebhookRequest(request.getMethod(),
          request.getContentType().orElse(""), request.getContentLength(), firstValues(request.getHeaders()),
          request.getInputStream()));
    } catch (IllegalStateException e) {
      // Settings are wrong: no request can succeed until someone fixes them, so say so plainly.
      answer = WebhookAnswer.of(WebhookAnswer.INTERNAL_ERROR, "push-webhook is misconfigured: " + e.getMessage());
    } catch (RuntimeException e) {
      answer = WebhookAnswer.of(WebhookAnswer.INTERNAL_ERROR, "push-webhook failed: " + e);
    }
    log(answer);
    response.setStatusCode(answer.status());
    response.setContentType("application/json; charset=utf-8");
    if (answer.status() == WebhookAnswer.METHOD_NOT_ALLOWED) {
      response.appendHeader("Allow", "POST");
    }
    Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    writer.write(answer.toJson().toString());
    writer.flush();
  }

  private static void log(WebhookAnswer answer) {
    List<Object> fields = new ArrayList<>(List.of("status", answer.status()));
    answer.logFields().forEach((key, value) -> {
      fields.add(key);
      fields.add(value);
    });
    Object[] keyValues = fields.toArray();
    String message = answer.status() == WebhookAnswer.ACCEPTED
        ? "build started: " + answer.reason()
        : "push not built (" + answer.status() + "): " + answer.reason();
    switch (answer.severity()) {
      case "ERROR" -> LOG.error(message, keyValues);
      case "WARNING" -> LOG.warn(message, keyValues);
      default -> LOG.info(message, keyValues);
    }
  }

  private static Map<String, String> firstValues(Map<String, List<String>> headers) {
    Map<String, String> first = new HashMap<>();
    headers.forEach((name, values) -> {
      if (name != null && values != null && !values.isEmpty()) {
        first.putIfAbsent(name, values.get(0));
      }
    });
    return first;
  }
}
