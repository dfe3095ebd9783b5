package com.twosixty.relay.local;

import com.google.cloudbuild.v1.Build;
import com.google.container.v1.Cluster;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.cloudbuild.BuildNotifications;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local stack's own HTTP endpoint, for what GCP has no API for here: the fault settings, what
 * the deploy builds put on each cluster, and the build logs the stand-in's log URLs point at.
 *
 * <pre>
 * GET  /faults     the fault settings
 * POST /faults     {"failDeploys":{"acme":true}, "reconcile":{"northwind":"PT30S"},
 *                   "cloudBuildUnavailableCalls":3, "containerUnavailableCalls":3, "clusterStatus":{"acme":"ERROR"}}
 * GET  /links      {"pubsub":"up"|"cut", "firestore":"up"|"cut"}: the functions' links to the emulators
 * POST /links      {"pubsub":"cut"} or "restore", the same for "firestore"; answers as GET
 * GET  /clusters   per client: cluster status and the workloads deployed on it
 * GET  /builds/ID  one build as Cloud Build publishes it
 * POST /tokens     {"email":"ada@example.com"}: an ID token of the stack's issuer for the command
 *                  gateway, as `gcloud auth print-identity-token` gives one on GCP (local stack only)
 * </pre>
 */
final class ControlServer implements AutoCloseable {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private final HttpServer server;

  private ControlServer(HttpServer server) {
    this.server = server;
  }

  static ControlServer start(LocalStack stack) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/faults", exchange -> handle(exchange, () -> faults(stack, exchange)));
      server.createContext("/links", exchange -> handle(exchange, () -> links(stack, exchange)));
      server.createContext("/clusters", exchange -> handle(exchange, () -> clusters(stack)));
      server.createContext("/builds/", exchange -> handle(exchange, () -> build(stack, exchange)));
      server.createContext("/tokens", exchange -> handle(exchange, () -> token(stack, exchange)));
      server.setExecutor(null);
      server.start();
      return new ControlServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the control endpoint", e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private record Answer(int status, String json) {}

  private interface Handler {
    Answer answer() throws IOException;
  }

  private static void handle(HttpExchange exchange, Handler handler) throws IOException {
    Answer answer;
    try {
      answer = handler.answer();
    } catch (IllegalArgumentException | com.google.gson.JsonParseException | java.time.format.DateTimeParseException e) {
      answer = new Answer(400, GSON.toJson(Map.of("reason", String.valueOf(e.getMessage()))));
    }
    byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(answer.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private static Answer faults(LocalStack stack, HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("POST")) {
      JsonObject request = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
      apply(stack, request);
    } else if (!exchange.getRequestMethod().equals("GET")) {
      return new Answer(405, GSON.toJson(Map.of("reason", "GET or POST")));
    }
    return new Answer(200, GSON.toJson(stack.faults().snapshot()));
  }

  /** Applies a fault request; unknown clients are refused before anything changes. */
  static void apply(LocalStack stack, JsonObject request) {
    Map<String, JsonElement> perClient = new LinkedHashMap<>();
    for (String field : List.of("failDeploys", "reconcile", "clusterStatus")) {
      if (request.has(field)) {
        for (Map.Entry<String, JsonElement> entry : request.getAsJsonObject(field).entrySet()) {
          if (stack.clusters().client(entry.getKey()).isEmpty()) {
            throw new IllegalArgumentException("no client '" + entry.getKey() + "' in " + field);
          }
          if (field.equals("clusterStatus")) {
            clusterStatus(entry.getValue().getAsString());
          }
          perClient.put(field + "/" + entry.getKey(), entry.getValue());
        }
      }
    }
    perClient.forEach((key, value) -> {
      String field = key.substring(0, key.indexOf('/'));
      String client = key.substring(key.indexOf('/') + 1);
      switch (field) {
        case "failDeploys" -> stack.faults().failDeploys(client, value.getAsBoolean());
        case "reconcile" -> stack.faults().reconcile(client, Duration.parse(value.getAsString()));
        case "clusterStatus" -> stack.clusters().setStatus(client, clusterStatus(value.getAsString()));
        default -> throw new IllegalStateException(field);
      }
    });
    if (request.has("cloudBuildUnavailableCalls")) {
      stack.faults().cloudBuildUnavailable(request.get("cloudBuildUnavailableCalls").getAsInt());
    }
    if (request.has("containerUnavailableCalls")) {
      stack.faults().containerUnavailable(request.get("containerUnavailableCalls").getAsInt());
    }
  }

  /** The statuses a cluster can be given, as GKE names them. */
  static final List<String> CLUSTER_STATUSES = java.util.Arrays.stream(Cluster.Status.values())
      .filter(s -> s != Cluster.Status.UNRECOGNIZED && s != Cluster.Status.STATUS_UNSPECIFIED).map(Enum::name).toList();

  private static Cluster.Status clusterStatus(String name) {
    if (!CLUSTER_STATUSES.contains(name)) {
      throw new IllegalArgumentException("no cluster status '" + name + "': GKE's are " + String.join(", ", CLUSTER_STATUSES));
    }
    return Cluster.Status.valueOf(name);
  }

  /** Cuts or restores the functions' links to the emulators (the bridge and the CLI keep theirs). */
  private static Answer links(LocalStack stack, HttpExchange exchange) throws IOException {
    Map<String, com.twosixty.relay.testing.TcpProxy> links = new LinkedHashMap<>();
    links.put("pubsub", stack.pubsubLink());
    links.put("firestore", stack.firestoreLink());
    if (exchange.getRequestMethod().equals("POST")) {
      JsonObject request = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
      for (Map.Entry<String, JsonElement> entry : request.entrySet()) {
        if (!links.containsKey(entry.getKey())) {
          throw new IllegalArgumentException("no link '" + entry.getKey() + "': pubsub or firestore");
        }
        String action = entry.getValue().getAsString();
        if (!action.equals("cut") && !action.equals("restore")) {
          throw new IllegalArgumentException(entry.getKey() + ": cut or restore, got '" + action + "'");
        }
      }
      request.entrySet().forEach(entry -> {
        if (entry.getValue().getAsString().equals("cut")) {
          links.get(entry.getKey()).cut();
        } else {
          links.get(entry.getKey()).restore();
        }
      });
    } else if (!exchange.getRequestMethod().equals("GET")) {
      return new Answer(405, GSON.toJson(Map.of("reason", "GET or POST")));
    }
    Map<String, String> answer = new LinkedHashMap<>();
    links.forEach((name, link) -> answer.put(name, link.isCut() ? "cut" : "up"));
    return new Answer(200, GSON.toJson(answer));
  }

  private static Answer clusters(LocalStack stack) {
    Map<String, Object> answer = new LinkedHashMap<>();
    Map<String, Map<String, com.twosixty.relay.local.standin.LocalClusters.Workload>> workloads = stack.clusters().workloads();
    for (ClientDefinition client : stack.clusters().clients()) {
      Map<String, Object> cluster = new LinkedHashMap<>();
      cluster.put("name", com.twosixty.relay.local.standin.LocalClusters.resourceName(client));
      cluster.put("status", stack.faults().reconciling(client.id()) ? "RECONCILING" : stack.clusters().status(client.id()).name());
      cluster.put("workloads", workloads.get(client.id()));
      answer.put(client.id(), cluster);
    }
    return new Answer(200, GSON.toJson(answer));
  }

  private static Answer build(LocalStack stack, HttpExchange exchange) {
    String id = exchange.getRequestURI().getPath().substring("/builds/".length());
    Optional<Build> build = stack.cloudBuild().build(id);
    return build.map(b -> new Answer(200, GSON.toJson(JsonParser.parseString(BuildNotifications.toJson(b)))))
        .orElseGet(() -> new Answer(404, GSON.toJson(Map.of("reason", "no build " + id))));
  }

  private static Answer token(LocalStack stack, HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      return new Answer(405, GSON.toJson(Map.of("reason", "POST {\"email\": …}")));
    }
    JsonObject request = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
        .getAsJsonObject();
    String email = request.has("email") ? request.get("email").getAsString().trim() : "";
    if (!email.matches("[^@\\s]+@[^@\\s]+")) {
      throw new IllegalArgumentException("email must be an email address, got '" + email + "'");
    }
    return new Answer(200, GSON.toJson(Map.of("token", stack.idToken(email))));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
