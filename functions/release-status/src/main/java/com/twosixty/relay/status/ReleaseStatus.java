package com.twosixty.relay.status;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.config.Lazy;
import com.twosixty.relay.config.Setting;
import com.twosixty.relay.config.Settings;
import com.google.cloud.firestore.Firestore;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.metrics.FirestoreMetricsReader;
import com.twosixty.relay.metrics.MetricsJson;
import com.twosixty.relay.metrics.MetricsReader;
import com.twosixty.relay.metrics.MetricsReport;
import com.twosixty.relay.metrics.MetricsWindow;
import com.twosixty.relay.rollout.RolloutPolicy;
import com.twosixty.relay.statusview.BadRequest;
import com.twosixty.relay.statusview.FirestoreStatusReader;
import com.twosixty.relay.statusview.StatusQueries;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * HTTP function, read-only: the Firestore state as JSON ({@code /api/releases},
 * {@code /api/releases/{id}}, {@code /api/clients}, {@code /api/clients/{id}}), the four DORA keys
 * ({@code /api/metrics?window=P30D}) and as a dashboard
 * ({@code /}).
 */
public final class ReleaseStatus implements HttpFunction {
  private static final StructuredLog LOG = StructuredLog.forComponent("release-status");
  private static final String RELEASES = "/api/releases";
  private static final String CLIENTS = "/api/clients";
  private static final String METRICS = "/api/metrics";

  private final Supplier<Wiring> wiring;

  /** What one instance is built from: when it starts, in the background, or else by its first request. */
  record Wiring(StatusQueries queries, MetricsReader metrics, Clock clock) {
    static Wiring from(Settings settings) {
      Firestore firestore = FirestoreClients.create(
          settings.require(Setting.RELAY_HUB_PROJECT), settings.get(Setting.RELAY_FIRESTORE_DATABASE),
          settings.raw("FIRESTORE_EMULATOR_HOST"));
      // Every client file, as the command gateway gets them: the clients listed from the first moment, with their policy.
      List<ClientDefinition> clients = ClientDefinitions.parseAll(Setting.RELAY_CLIENTS.name(),
          settings.require(Setting.RELAY_CLIENTS));
      // The hub's waves, as release-rollout gets them: each release's rollout is shown against them.
      RolloutPolicy rollout;
      try {
        rollout = RolloutPolicy.parse(settings.get(Setting.RELAY_ROLLOUT));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      return new Wiring(new StatusQueries(new FirestoreStatusReader(firestore), clients, rollout, Clock.systemUTC()),
          new FirestoreMetricsReader(firestore), Clock.systemUTC());
    }

    MetricsReport metrics(String window) {
      MetricsWindow parsed;
      try {
        parsed = MetricsWindow.parse(window, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
      } catch (IllegalArgumentException e) {
        throw new BadRequest(e.getMessage());
      }
      return metrics.read(parsed);
    }
  }

  /** The instance the invoker creates: its clients start building now, beside the invoker's own start. */
  public ReleaseStatus() {
    this(Lazy.of(() -> Wiring.from(Settings.fromEnvironment())).buildInBackground("release-status-start"));
  }

  ReleaseStatus(Settings settings) {
    this(Lazy.of(() -> Wiring.from(settings)));
  }

  ReleaseStatus(Supplier<Wiring> wiring) {
    this.wiring = wiring;
  }

  /** One answer: status, content type and body. */
  record Answer(int status, String contentType, String body) {
    static Answer json(int status, String json) {
      return new Answer(status, "application/json; charset=utf-8", json);
    }

    static Answer error(int status, String error, Object... fields) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", error);
      for (int i = 0; i < fields.length; i += 2) {
        body.put(String.valueOf(fields[i]), fields[i + 1]);
      }
      return json(status, StatusJson.fields(body));
    }
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    String path = normalise(request.getPath());
    Answer answer;
    if (!"GET".equals(request.getMethod())) {
      response.appendHeader("Allow", "GET");
      answer = Answer.error(405, "method " + request.getMethod() + " not allowed: this API is read-only");
    } else {
      try {
        answer = route(path, request, wired());
      } catch (Misconfigured e) {
        LOG.error("release-status is misconfigured: " + e.getMessage(), "path", path);
        answer = Answer.error(500, "release-status is misconfigured: " + e.getMessage());
      } catch (BadRequest e) {
        answer = Answer.error(400, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("request failed: " + e.getMessage(), "path", path, "failure", e.getClass().getSimpleName());
        answer = Answer.error(503, "the state store could not be read; try again");
      }
    }
    LOG.info("answered " + answer.status(), "method", request.getMethod(), "path", path, "status", answer.status());
    response.setStatusCode(answer.status());
    response.setContentType(answer.contentType());
    response.appendHeader("Cache-Control", "no-store");
    response.appendHeader("X-Content-Type-Options", "nosniff");
    // The dashboard needs its inline style and nothing else; no script can run even if escaping failed.
    response.appendHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    try (Writer writer = response.getWriter()) {
      writer.write(answer.body());
    }
  }

  /** A setting missing or invalid (RELAY_CLIENTS, RELAY_ROLLOUT, …): every request fails until it is fixed, and says so. */
  private static final class Misconfigured extends RuntimeException {
    Misconfigured(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The instance's clients and settings; building them fails only on the configuration (Firestore is first called later). */
  private Wiring wired() {
    try {
      return wiring.get();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new Misconfigured(e);
    }
  }

  private Answer route(String path, HttpRequest request, Wiring wired) {
    if (path.equals("/")) {
      return new Answer(200, "text/html; charset=utf-8", DashboardPage.render(wired.queries().dashboard(),
          Optional.of(wired.metrics(MetricsWindow.DEFAULT))));
    }
    if (path.equals(METRICS)) {
      return Answer.json(200, MetricsJson.toJson(wired.metrics(request.getFirstQueryParameter("window").orElse(""))));
    }
    if (path.equals(RELEASES)) {
      return Answer.json(200, StatusJson.releasePage(wired.queries().releases(
          request.getFirstQueryParameter("pageSize").orElse(""), request.getFirstQueryParameter("pageToken").orElse(""))));
    }
    if (path.equals(CLIENTS)) {
      return Answer.json(200, StatusJson.clients(wired.queries().clients()));
    }
    Optional<String> releaseId = idAfter(path, RELEASES);
    if (releaseId.isPresent()) {
      return wired.queries().release(releaseId.get())
          .map(detail -> Answer.json(200, StatusJson.releaseDetail(detail)))
          .orElseGet(() -> Answer.error(404, "unknown release: no release and no deployment has this id",
              "releaseId", releaseId.get()));
    }
    Optional<String> clientId = idAfter(path, CLIENTS);
    if (clientId.isPresent()) {
      return wired.queries().client(clientId.get())
          .map(detail -> Answer.json(200, StatusJson.clientDetail(detail)))
          .orElseGet(() -> Answer.error(404, "unknown client: no client file (clients/<id>.yaml) and nothing recorded has this id",
              "clientId", clientId.get()));
    }
    return Answer.error(404, "no such route; try /, /api/releases, /api/releases/{releaseId}, /api/clients, /api/clients/{id}"
        + " or /api/metrics?window=P30D");
  }

  /** {@code /api/releases/abc} → {@code abc}; one path segment only. */
  private static Optional<String> idAfter(String path, String prefix) {
    if (!path.startsWith(prefix + "/")) {
      return Optional.empty();
    }
    String id = path.substring(prefix.length() + 1);
    return id.isEmpty() || id.contains("/") ? Optional.empty() : Optional.of(id);
  }

  private static String normalise(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
