package com.twosixty.relay.status;

import static com.twosixty.relay.status.SeededState.IMG_SERVICE;
import static com.twosixty.relay.status.SeededState.R1;
import static com.twosixty.relay.status.SeededState.R2;
import static com.twosixty.relay.status.SeededState.R3;
import static com.twosixty.relay.status.SeededState.SCRIPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.cloud.firestore.Firestore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.testing.FirestoreEmulator;
import com.twosixty.relay.testing.FunctionInvoker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** release-status on the real invoker over a seeded Firestore emulator: every route, every error, and the dashboard in Chromium. */
class ReleaseStatusIT {
  private static final String PROJECT = "relay-hub";
  private static final Path LOGS = Path.of("target", "processes");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static FirestoreEmulator emulator;
  private static FunctionInvoker function;

  @BeforeAll
  static void start() throws Exception {
    emulator = FirestoreEmulator.start(LOGS);
    try (Firestore firestore = FirestoreClients.create(PROJECT, "(default)", emulator.host())) {
      new SeededState(firestore).seed();
    }
    // FIRESTORE_ENABLE_METRICS set although the deployable leaves Firestore's metrics exporter out
    // (root pom): Firestore 3.37 builds none whatever it says, so every read here must still work.
    function = FunctionInvoker.startPackaged("release-status", "release-status", ReleaseStatus.class.getName(), Map.of(
        "RELAY_HUB_PROJECT", PROJECT,
        "FIRESTORE_ENABLE_METRICS", "true",
        "RELAY_CLIENTS", SeededState.CLIENTS,
        "RELAY_ROLLOUT", SeededState.ROLLOUT,
        "FIRESTORE_EMULATOR_HOST", emulator.host()), LOGS);
  }

  @AfterAll
  static void stop() {
    if (function != null) {
      function.close();
    }
    emulator.close();
  }

  private static HttpResponse<String> send(String method, String pathAndQuery) {
    HttpRequest request = HttpRequest.newBuilder(function.url().resolve(pathAndQuery)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + pathAndQuery + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject getJson(String pathAndQuery, int expectedStatus) {
    HttpResponse<String> response = send("GET", pathAndQuery);
    assertEquals(expectedStatus, response.statusCode(), pathAndQuery + " answered " + response.body());
    assertEquals("application/json;charset=utf-8", contentType(response));
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  private static String contentType(HttpResponse<String> response) {
    return response.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
  }

  private static List<String> strings(JsonArray array, String field) {
    List<String> values = new ArrayList<>();
    for (JsonElement element : array) {
      values.add(field == null ? element.getAsString() : element.getAsJsonObject().get(field).getAsString());
    }
    return values;
  }

  /**
   * A missing or invalid setting is the operator's to fix, not a Firestore outage to wait out: every
   * request answers 500 naming the setting (one ERROR line each), not 503 "try again".
   */
  @Test
  void aMisconfiguredInstanceSaysWhichSettingOnEveryRequest() throws Exception {
    Map<String, String> noClients = Map.of("RELAY_HUB_PROJECT", PROJECT, "FIRESTORE_EMULATOR_HOST", emulator.host());
    Map<String, String> badRollout = Map.of("RELAY_HUB_PROJECT", PROJECT, "FIRESTORE_EMULATOR_HOST", emulator.host(),
        "RELAY_CLIENTS", SeededState.CLIENTS, "RELAY_ROLLOUT", "{\"waves\":\"three\"}");
    for (Map<String, String> environment : List.of(noClients, badRollout)) {
      try (FunctionInvoker misconfigured = FunctionInvoker.startPackaged("release-status", "release-status",
          ReleaseStatus.class.getName(), environment, LOGS)) {
        for (String path : List.of("/api/clients", "/api/releases", "/")) {
          HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(misconfigured.url().resolve(path))
              .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
          assertEquals(500, response.statusCode(), path + " answered " + response.body());
          String error = JsonParser.parseString(response.body()).getAsJsonObject().get("error").getAsString();
          assertTrue(error.startsWith("release-status is misconfigured: "), error);
          assertTrue(error.contains(environment == noClients ? "RELAY_CLIENTS" : "RELAY_ROLLOUT"), error);
        }
      }
    }
  }

  @Test
  void releasesAreListedNewestFirstInPagesWithEachClientsOutcome() {
    JsonObject first = getJson("/api/releases?pageSize=2", 200);
    JsonArray releases = first.getAsJsonArray("releases");
    assertEquals(List.of(R3, R2), strings(releases, "releaseId"));
    assertEquals("{\"acme\":\"AWAITING_APPROVAL\",\"essence\":\"SUCCEEDED\",\"northwind\":\"TRIGGERED\"}",
        releases.get(0).getAsJsonObject().get("clients").toString());
    String token = first.get("nextPageToken").getAsString();
    assertFalse(token.isEmpty());

    JsonObject second = getJson("/api/releases?pageSize=2&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8), 200);
    assertEquals(List.of(R1), strings(second.getAsJsonArray("releases"), "releaseId"));
    assertEquals("", second.get("nextPageToken").getAsString());
    assertEquals(3, getJson("/api/releases", 200).getAsJsonArray("releases").size());
  }

  @Test
  void badPagingParametersAreA400WithTheReason() {
    assertTrue(getJson("/api/releases?pageSize=0", 400).get("error").getAsString().startsWith("pageSize must be"));
    assertTrue(getJson("/api/releases?pageSize=many", 400).get("error").getAsString().startsWith("pageSize must be"));
    assertTrue(getJson("/api/releases?pageSize=101", 400).get("error").getAsString().startsWith("pageSize must be"));
    assertTrue(getJson("/api/releases?pageToken=not-a-token", 400).get("error").getAsString().startsWith("pageToken is not"));
  }

  @Test
  void aReleaseShowsEveryClientsOutcomePerService() {
    JsonObject detail = getJson("/api/releases/" + R2, 200);
    assertEquals(R2, detail.getAsJsonObject("release").get("releaseId").getAsString());
    assertEquals(200, detail.getAsJsonObject("release").get("sequence").getAsLong());
    JsonArray clients = detail.getAsJsonArray("clients");
    assertEquals(List.of("acme", "essence", "globex"), strings(clients, "client"));

    JsonObject acme = clients.get(0).getAsJsonObject().getAsJsonObject("services");
    assertEquals("SKIPPED", acme.getAsJsonObject("billing").get("status").getAsString());
    assertEquals("pinned", acme.getAsJsonObject("billing").get("reason").getAsString());
    JsonObject essence = clients.get(1).getAsJsonObject();
    assertEquals("FAILED", essence.get("status").getAsString());
    JsonObject portal = essence.getAsJsonObject("services").getAsJsonObject("portal");
    assertEquals("FAILED", portal.get("status").getAsString());
    assertEquals(SCRIPT, portal.get("reason").getAsString());
    assertEquals("https://console.cloud.google.com/cloud-build/builds/db-essence-200", portal.get("logUrl").getAsString());
    assertFalse(portal.get("running").getAsBoolean());

    JsonObject globex = clients.get(2).getAsJsonObject();
    assertEquals("PARTIAL", globex.get("status").getAsString(), "globex deployed portal of R2 and held billing back");
    assertEquals("{\"billing\":\"pinned\"}", globex.get("heldBack").toString());
    JsonObject page = getJson("/api/releases", 200).getAsJsonArray("releases").get(1).getAsJsonObject();
    assertEquals(R2, page.get("releaseId").getAsString());
    assertEquals("PARTIAL", page.getAsJsonObject("clients").get("globex").getAsString());
    assertEquals("SKIPPED", page.getAsJsonObject("clients").get("acme").getAsString(), "acme deployed nothing of R2");
    assertEquals("pinned", page.getAsJsonObject("heldBack").getAsJsonObject("globex").get("billing").getAsString());
    assertEquals("[\"globex\"]", page.get("autoRollbacks").toString(), "globex's failed redeploy of R2 was rolled back");

    JsonObject r3 = getJson("/api/releases/" + R3, 200);
    JsonObject essenceBilling = r3.getAsJsonArray("clients").get(1).getAsJsonObject()
        .getAsJsonObject("services").getAsJsonObject("billing");
    assertTrue(essenceBilling.get("running").getAsBoolean());
  }

  /** essence's success with R3 on 2026-11-25 10:10 UTC, plus wave 1's soak of 3650 days. */
  private static final String R3_SOAK_ENDS = java.time.Instant.parse("2026-11-25T10:10:00Z").plus(Duration.ofDays(3650)).toString();

  @Test
  void eachReleaseShowsItsRolloutInTheListInBriefAndInFullOnItsOwn() {
    JsonArray releases = getJson("/api/releases", 200).getAsJsonArray("releases");
    JsonObject r3 = releases.get(0).getAsJsonObject().getAsJsonObject("rollout");
    assertEquals("ROLLING_OUT", r3.get("state").getAsString());
    assertEquals(1, r3.get("openWaves").getAsInt());
    assertEquals(2, r3.get("waves").getAsInt());
    assertFalse(r3.has("halt"), "only a halted rollout names its halt");
    assertTrue(r3.get("soakRemainingSeconds").getAsLong() > 0, r3.toString());
    JsonObject r2 = releases.get(1).getAsJsonObject().getAsJsonObject("rollout");
    assertEquals("HALTED", r2.get("state").getAsString());
    assertEquals("{\"client\":\"essence\",\"reason\":\"" + SeededState.HALT_REASON + "\",\"by\":\"halt rule\","
        + "\"at\":\"2026-11-24T10:10:05Z\"}", r2.getAsJsonObject("halt").toString());

    JsonObject soaking = getJson("/api/releases/" + R3, 200).getAsJsonObject("rollout");
    assertEquals("ROLLING_OUT", soaking.get("state").getAsString());
    JsonArray waves = soaking.getAsJsonArray("waves");
    JsonObject wave1 = waves.get(0).getAsJsonObject();
    assertEquals(1, wave1.get("wave").getAsInt());
    assertEquals("SOAKING", wave1.get("state").getAsString());
    assertEquals("", wave1.get("openedAt").getAsString(), "wave 1 is open from the start");
    assertEquals(R3_SOAK_ENDS, wave1.get("soakEndsAt").getAsString());
    assertTrue(wave1.get("soakRemainingSeconds").getAsLong() > 0);
    assertFalse(wave1.get("promoted").getAsBoolean());
    assertEquals("[{\"client\":\"essence\",\"status\":\"SUCCEEDED\"}]", wave1.getAsJsonArray("clients").toString());
    JsonObject wave2 = waves.get(1).getAsJsonObject();
    assertEquals("WAITING", wave2.get("state").getAsString());
    assertEquals("wave 2 waits for wave 1's soak until " + R3_SOAK_ENDS, wave2.get("waitingFor").getAsString());
    assertEquals("[{\"client\":\"globex\",\"status\":\"\"},{\"client\":\"initech\",\"status\":\"\"}]",
        wave2.getAsJsonArray("clients").toString(), "the last wave holds the files that name none; nothing recorded yet");
    assertEquals(0, soaking.getAsJsonArray("commands").size());

    JsonObject halted = getJson("/api/releases/" + R2, 200).getAsJsonObject("rollout");
    assertEquals("HALTED", halted.get("state").getAsString());
    assertEquals("halt rule", halted.getAsJsonObject("halt").get("by").getAsString());
    JsonArray haltedWaves = halted.getAsJsonArray("waves");
    assertEquals("HALTED", haltedWaves.get(0).getAsJsonObject().get("state").getAsString(), "essence's wave");
    assertEquals("[{\"client\":\"essence\",\"status\":\"FAILED\"}]",
        haltedWaves.get(0).getAsJsonObject().getAsJsonArray("clients").toString());
    assertEquals("HALTED", haltedWaves.get(1).getAsJsonObject().get("state").getAsString());
    assertEquals("rollout halted: " + SeededState.HALT_REASON + " (halt rule)",
        haltedWaves.get(1).getAsJsonObject().get("waitingFor").getAsString());
    JsonArray commands = halted.getAsJsonArray("commands");
    assertEquals(List.of("p-1", "h-1"), strings(commands, "messageId"), "newest first");
    assertEquals("{\"messageId\":\"p-1\",\"command\":\"promote\",\"by\":\"ops@twosixty.example\",\"reason\":\"customers wait\","
        + "\"at\":\"2026-11-24T10:20:00.000Z\",\"outcome\":\"REFUSED\",\"outcomeReason\":\"halted: resume it first\"}",
        commands.get(0).toString());
  }

  @Test
  void clientsAreListedWithTheirRuntimeStateAndShownPerService() {
    JsonArray clients = getJson("/api/clients", 200).getAsJsonArray("clients");
    assertEquals(List.of("acme", "essence", "globex", "initech", "northwind"), strings(clients, "id"),
        "every client with a file (globex, initech) and every client Firestore knows");
    JsonObject acme = clients.get(0).getAsJsonObject();
    assertTrue(acme.get("frozen").getAsBoolean());
    assertEquals("quarter end", acme.get("freezeReason").getAsString());
    assertEquals(R1, acme.getAsJsonObject("pins").get("billing").getAsString());
    assertEquals("command", acme.getAsJsonObject("pinSources").getAsJsonObject("billing").get("source").getAsString());
    assertFalse(acme.get("configured").getAsBoolean());

    JsonObject essence = getJson("/api/clients/essence", 200);
    assertEquals("Essence", essence.getAsJsonObject("client").get("displayName").getAsString());
    JsonObject billing = null;
    for (JsonElement service : essence.getAsJsonArray("services")) {
      if (service.getAsJsonObject().get("service").getAsString().equals("billing")) {
        billing = service.getAsJsonObject();
      }
    }
    assertEquals(R3, billing.getAsJsonObject("running").get("releaseId").getAsString());
    assertEquals(SeededState.DIGEST, billing.getAsJsonObject("running").get("digest").getAsString());
    assertEquals("2026-11-25T10:10:00Z", billing.getAsJsonObject("running").get("since").getAsString());
    assertEquals(R1, billing.getAsJsonObject("previous").get("releaseId").getAsString());
    assertEquals("SUCCEEDED", billing.getAsJsonObject("last").get("status").getAsString());
    assertEquals(List.of(R3, R2, R1), strings(essence.getAsJsonArray("recentDeployments"), "deploymentId"));
    assertEquals(0, essence.getAsJsonArray("pendingApprovals").size());

    assertEquals(0, essence.getAsJsonArray("commands").size());
    JsonArray commands = getJson("/api/clients/acme", 200).getAsJsonArray("commands");
    assertEquals(List.of("c2", "c1"), strings(commands, "messageId"), "newest first");
    JsonObject refusedPin = commands.get(0).getAsJsonObject();
    assertEquals("REFUSED", refusedPin.get("outcome").getAsString());
    assertEquals("FAILED", refusedPin.get("status").getAsString());
    assertEquals("pin refused: release 2026.01.01-0000000 has not been seen by acme", refusedPin.get("outcomeReason").getAsString());
    assertEquals(SCRIPT, refusedPin.get("by").getAsString());

    JsonArray pending = getJson("/api/clients/acme", 200).getAsJsonArray("pendingApprovals");
    assertEquals(List.of(R3), strings(pending, "releaseId"));
    assertEquals(List.of("billing"), strings(pending.get(0).getAsJsonObject().getAsJsonArray("services"), null));

    JsonObject northwind = getJson("/api/clients/northwind", 200);
    assertEquals("northwind", northwind.getAsJsonObject("client").get("displayName").getAsString());
    assertTrue(northwind.getAsJsonArray("services").get(0).getAsJsonObject().get("running").isJsonNull());
  }

  @Test
  void aConfiguredClientShowsItsFilesPinsAnOpenFreezeWindowAndWhyItIsBehind() {
    JsonObject globex = getJson("/api/clients/globex", 200);
    JsonObject client = globex.getAsJsonObject("client");
    assertTrue(client.get("configured").getAsBoolean());
    assertEquals("Globex", client.get("displayName").getAsString());
    assertEquals("automatic", client.get("approval").getAsString());
    assertEquals("both", client.get("channel").getAsString());
    assertTrue(client.get("autoRollback").getAsBoolean());
    assertEquals("{\"billing\":\"" + R1 + "\"}", client.getAsJsonObject("pins").toString(), "the file's pin, where it was {}");
    assertEquals("{\"billing\":{\"releaseId\":\"" + R1 + "\",\"source\":\"file\",\"file\":\"" + R1 + "\"}}",
        client.getAsJsonObject("pinSources").toString());
    JsonObject window = client.getAsJsonArray("freezeWindows").get(0).getAsJsonObject();
    assertEquals("MONDAY", window.get("day").getAsString());
    assertTrue(window.get("open").getAsBoolean(), "a week-long window is open at every instant");
    assertFalse(window.get("openUntil").getAsString().isEmpty());
    assertTrue(client.get("frozenNow").getAsBoolean());
    assertTrue(client.get("frozenBecause").getAsString().startsWith("freeze window MONDAY 00:00 UTC for PT168H, open until "),
        client.toString());
    assertFalse(client.get("frozen").getAsBoolean(), "no operator froze it");

    assertTrue(client.get("behind").getAsBoolean());
    JsonArray standing = client.getAsJsonArray("standing");
    assertEquals(List.of("billing", "portal"), strings(standing, "service"), "the services its file names");
    JsonObject billing = standing.get(0).getAsJsonObject();
    assertEquals("PINNED", billing.get("why").getAsString());
    assertEquals(R3, billing.get("newest").getAsString());
    assertEquals(R1, billing.get("running").getAsString());
    assertEquals("pinned to " + R1 + " (client file)", billing.get("detail").getAsString());
    JsonObject portal = standing.get(1).getAsJsonObject();
    assertEquals("ROLLED_BACK", portal.get("why").getAsString(), portal.toString());
    assertEquals(R2, portal.get("newest").getAsString(), "R3 carries no portal");

    JsonObject rollback = null;
    for (JsonElement deployment : globex.getAsJsonArray("recentDeployments")) {
      if (deployment.getAsJsonObject().get("deploymentId").getAsString().equals("rollback-m9")) {
        rollback = deployment.getAsJsonObject();
      }
    }
    assertTrue(rollback.get("automatic").getAsBoolean());
    assertEquals("relay-deploy-reporter@relay-globex-prod.iam.gserviceaccount.com", rollback.get("requestedBy").getAsString());
    assertEquals("auto rollback: FAILURE", rollback.get("requestReason").getAsString());
    assertEquals("https://console.cloud.google.com/cloud-build/builds/" + SeededState.ROLLBACK_BUILD + "?project=relay-globex-prod",
        rollback.get("logUrl").getAsString(), "no log URL stored: Cloud Build's console page of the build");

    JsonObject initech = getJson("/api/clients/initech", 200).getAsJsonObject("client");
    assertTrue(initech.get("configured").getAsBoolean(), "a file and nothing recorded: still a client");
    assertEquals("manual", initech.get("approval").getAsString());
    for (JsonElement service : initech.getAsJsonArray("standing")) {
      assertEquals("NOT_DEPLOYED", service.getAsJsonObject().get("why").getAsString(), service.toString());
    }
  }

  @Test
  void unknownIdsAndRoutesAreA404WithTheReason() {
    JsonObject release = getJson("/api/releases/2099.01.01-0000000", 404);
    assertEquals("unknown release: no release and no deployment has this id", release.get("error").getAsString());
    assertEquals("2099.01.01-0000000", release.get("releaseId").getAsString());
    JsonObject client = getJson("/api/clients/umbrella", 404);
    assertEquals("unknown client: no client file (clients/<id>.yaml) and nothing recorded has this id",
        client.get("error").getAsString());
    assertTrue(getJson("/api/clients/..", 404).get("error").getAsString().startsWith("unknown client"));
    assertTrue(getJson("/api/nothing-here", 404).get("error").getAsString().startsWith("no such route"));
  }

  @Test
  void theFourKeysAreServedPerClientAndServiceOverTheWindowAsked() {
    JsonObject week = getJson("/api/metrics?window=P7D", 200);
    assertEquals("P7D", week.get("window").getAsString());
    JsonObject overall = week.getAsJsonObject("overall");
    assertEquals(5, overall.get("deploys").getAsLong(), "acme's failures 20 days ago are outside the week");
    assertEquals(4.0 / 7, overall.get("deploymentFrequencyPerDay").getAsDouble(), 1e-9);
    assertEquals(5400, overall.get("leadTimeMedianSeconds").getAsLong());
    assertEquals(7200, overall.get("leadTimeP90Seconds").getAsLong());
    assertEquals(0.2, overall.get("changeFailureRate").getAsDouble(), 1e-9);
    assertEquals(600, overall.get("recoveryMedianSeconds").getAsLong());
    assertEquals(7, week.getAsJsonArray("trend").size());
    assertEquals(List.of("acme", "essence"), strings(week.getAsJsonArray("clients"), "client"));
    JsonObject essenceBilling = week.getAsJsonArray("clients").get(1).getAsJsonObject()
        .getAsJsonObject("services").getAsJsonObject("billing");
    assertEquals(3, essenceBilling.get("deploys").getAsLong());
    assertEquals(1.0 / 3, essenceBilling.get("changeFailureRate").getAsDouble(), 1e-9);

    JsonObject month = getJson("/api/metrics", 200);
    assertEquals("P30D", month.get("window").getAsString(), "the default window");
    assertEquals(9, month.getAsJsonObject("overall").get("deploys").getAsLong());
    assertTrue(getJson("/api/metrics?window=PT1H", 400).get("error").getAsString().contains("whole number of days"));
  }

  @Test
  void onlyGetIsAnswered() {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      HttpResponse<String> response = send(method, "/api/clients");
      assertEquals(405, response.statusCode(), method);
      assertEquals("GET", response.headers().firstValue("Allow").orElse(""), method);
    }
    assertEquals(405, send("POST", "/").statusCode());
  }

  @Test
  void theDashboardIsOneSelfContainedEscapedPage() {
    HttpResponse<String> response = send("GET", "/");
    assertEquals(200, response.statusCode());
    assertEquals("text/html;charset=utf-8", contentType(response));
    assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
    String html = response.body();
    assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"10\">"), html);
    assertFalse(html.contains("<script"), "no script, and no injected one");
    assertFalse(html.contains("<img"), "the service named like an img element is text");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertFalse(html.matches("(?s).*src=\"(https?:)?//.*"), "nothing is loaded from elsewhere");
    assertFalse(html.contains("<link"), "nothing is loaded from elsewhere");
    assertTrue(html.contains("<a class=\"log\" href=\"https://console.cloud.google.com/cloud-build/builds/"), "build logs are links");
  }

  @Test
  void chromiumShowsTheSeededStateAndRunsNoInjectedMarkup() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (.ci/run installs it)");
    Path target = Path.of("target").toAbsolutePath();
    Path screenshot = target.resolve("dashboard.png");
    Files.deleteIfExists(screenshot);
    Path profile = Files.createTempDirectory(target, "chromium-profile");
    Path dom = target.resolve("dashboard.dom.html");
    Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=1280,800", "--screenshot=" + screenshot, "--dump-dom",
        function.url().toString())
        .redirectOutput(dom.toFile())
        .redirectError(target.resolve("processes").resolve("chromium.log").toFile())
        .start();
    try {
      assertTrue(chromium.waitFor(90, TimeUnit.SECONDS), "chromium did not finish within 90 s");
    } finally {
      chromium.descendants().forEach(ProcessHandle::destroyForcibly);
      chromium.destroyForcibly();
      chromium.waitFor(10, TimeUnit.SECONDS);
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    assertEquals(0, chromium.exitValue());
    String page = Files.readString(dom, StandardCharsets.UTF_8);

    assertTrue(page.contains("<td class=\"cell\" data-client=\"essence\" data-service=\"billing\" data-running=\"" + R3
        + "\" data-last=\"SUCCEEDED\" data-behind=\"\">"), page);
    assertTrue(page.contains("<td class=\"cell\" data-client=\"essence\" data-service=\"portal\" data-running=\"" + R1
        + "\" data-last=\"FAILED\" data-behind=\"FAILED\">"), page);
    assertTrue(page.contains("<td class=\"cell\" data-client=\"acme\" data-service=\"billing\" data-running=\"" + R1
        + "\" data-last=\"AWAITING_APPROVAL\" data-behind=\"AWAITING_APPROVAL\">"), page);
    assertTrue(page.contains("<td class=\"cell\" data-client=\"northwind\" data-service=\"portal\" data-running=\"\""
        + " data-last=\"TRIGGERED\" data-behind=\"NOT_DEPLOYED\">"), page);
    assertEquals("<span class=\"status ok\">SUCCEEDED</span>", statusBadge(page, "essence", "billing"));
    assertEquals("<span class=\"status bad\">FAILED</span>", statusBadge(page, "essence", "portal"));
    assertTrue(cell(page, "acme", "billing").contains("PINNED " + R1), page);
    assertTrue(row(page, "acme").contains("<span class=\"mark frozen\""), page);

    // globex's file: its pin, its open freeze window, why it is behind, its builds' logs and its auto rollback.
    String globex = row(page, "globex");
    assertTrue(globex.contains("<span class=\"mark behind\">BEHIND</span>"), globex);
    assertTrue(globex.contains("approval automatic · channel both · auto rollback"), globex);
    assertTrue(globex.contains("<li class=\"window\" data-open=\"true\">freeze MONDAY 00:00 UTC for PT168H"), globex);
    assertTrue(globex.contains(">OPEN NOW</span>"), globex);
    String globexBilling = cell(page, "globex", "billing");
    assertTrue(globexBilling.contains("<span class=\"mark pinned\" data-source=\"file\">PINNED " + R1 + " (client file)</span>"),
        globexBilling);
    assertTrue(globexBilling.contains("<span class=\"mark behind\" title=\"newest it takes: " + R3 + "\">BEHIND</span>"),
        globexBilling);
    assertTrue(globexBilling.contains("pinned to " + R1 + " (client file)"), globexBilling);
    assertTrue(page.contains("data-service=\"billing\" data-running=\"" + R1 + "\" data-last=\"SKIPPED\" data-behind=\"PINNED\">"),
        page);
    String globexPortal = cell(page, "globex", "portal");
    assertTrue(globexPortal.contains(">AUTO ROLLBACK</span>"), globexPortal);
    String rollbackLog = "https://console.cloud.google.com/cloud-build/builds/" + SeededState.ROLLBACK_BUILD + "?project=relay-globex-prod";
    assertTrue(globexPortal.contains("<a class=\"log\" href=\"" + rollbackLog + "\""), globexPortal);
    assertTrue(page.contains("<a class=\"log\" href=\"https://console.cloud.google.com/cloud-build/builds/db-essence-200\""),
        "the log URL essence's failed build's notification carried");
    assertTrue(page.contains("<tr data-client=\"globex\" data-deployment=\"rollback-m9\" data-kind=\"rollback\""
        + " data-automatic=\"true\">"), "the recent deployments name the auto rollback");
    assertTrue(page.contains("<td class=\"fan\" data-client=\"globex\" data-status=\"PARTIAL\">"), "R2 went out in part");
    assertTrue(page.contains("held back billing: pinned"), page);
    String initech = row(page, "initech");
    assertTrue(initech.contains("approval manual · channel stable"), "a client with a file and nothing recorded is listed");
    assertTrue(page.contains("<tr data-client=\"acme\" data-release=\"" + R3 + "\">"), "R3 waits for acme's approval");
    assertTrue(page.contains("<td class=\"fan\" data-client=\"essence\" data-status=\"FAILED\">"), "R2's fan-out");
    assertTrue(page.contains("<tr data-client=\"acme\" data-command=\"pin\" data-outcome=\"REFUSED\">"), "acme's refused pin");
    assertTrue(page.contains("<tr data-client=\"acme\" data-command=\"freeze\" data-outcome=\"APPLIED\">"), "acme's freeze");
    assertTrue(page.indexOf("data-command=\"pin\"") < page.indexOf("data-command=\"freeze\""), "newest first");
    assertTrue(page.contains("<section id=\"metrics\" data-window=\"P30D\">"), "the metrics panel");
    assertTrue(page.contains("<tr class=\"overall\" data-scope=\"\" data-deploys=\"9\">"), page);
    assertTrue(page.contains("<tr class=\"client\" data-scope=\"essence\" data-deploys=\"4\">"), page);
    assertTrue(page.contains("<tr class=\"service\" data-scope=\"essence/billing\" data-deploys=\"3\">"), page);
    assertTrue(page.matches("(?s).*<tr class=\"overall\".*?<svg xmlns=\"http://www.w3.org/2000/svg\".*?<rect x=.*"),
        "the trend is drawn as inline SVG");

    String markup = page.replaceAll("=\"[^\"]*\"", "=\"\"");
    assertFalse(markup.contains("<script"), "an injected script would be an element");
    assertFalse(markup.contains("<img"), "an injected img would be an element");
    assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the payload stays visible text");
    assertTrue(page.contains(">" + IMG_SERVICE.replace("<", "&lt;").replace(">", "&gt;") + "</th>"), page);

    // The rollouts: R3 in progress (wave 1 soaking, wave 2 waiting), R2 halted in red with client, reason and by.
    assertTrue(page.contains("<tr data-release=\"" + R3 + "\" data-rollout=\"ROLLING_OUT\">"), page);
    String inProgress = rolloutCell(page, R3);
    assertTrue(inProgress.contains("<span class=\"status busy\">ROLLING_OUT</span>"), inProgress);
    assertTrue(inProgress.matches("(?s).*<li class=\"wave\" data-wave=\"1\" data-state=\"SOAKING\" data-soak-remaining=\"[1-9][0-9]*\">"
        + "wave 1 <span class=\"status wait\">SOAKING</span> <span class=\"soak\" title=\"until " + R3_SOAK_ENDS + "\">soak [0-9dhms]+ left"
        + "</span>.*"), inProgress);
    assertTrue(inProgress.contains("<span class=\"who\" data-client=\"essence\" data-status=\"SUCCEEDED\">essence "
        + "<span class=\"status ok\">SUCCEEDED</span></span>"), inProgress);
    assertTrue(inProgress.contains("<li class=\"wave\" data-wave=\"2\" data-state=\"WAITING\" data-soak-remaining=\"0\">"), inProgress);
    assertTrue(inProgress.contains("wave 2 waits for wave 1's soak until " + R3_SOAK_ENDS), inProgress);
    assertTrue(page.contains("<tr data-release=\"" + R2 + "\" data-rollout=\"HALTED\">"), page);
    String halted = rolloutCell(page, R2);
    assertTrue(halted.contains("<span class=\"status bad\">HALTED</span>"), halted);
    assertTrue(halted.contains("<div class=\"halt\" data-client=\"essence\" data-by=\"halt rule\">halted by halt rule · client essence: "
        + "essence FAILED in wave 1: &lt;script&gt;alert(1)&lt;/script&gt;</div>"), halted);
    assertTrue(halted.contains("<li class=\"wave\" data-wave=\"1\" data-state=\"HALTED\""), halted);
    assertTrue(halted.contains("<span class=\"who\" data-client=\"essence\" data-status=\"FAILED\">"), halted);

    assertTrue(Files.size(screenshot) > 10_000, "screenshot at " + screenshot);
  }

  private static String cell(String page, String client, String service) {
    Matcher matcher = Pattern.compile("<td class=\"cell\" data-client=\"" + client + "\" data-service=\"" + service
        + "\"[^>]*>(.*?)</td>").matcher(page);
    assertTrue(matcher.find(), "no cell for " + client + " × " + service);
    return matcher.group(1);
  }

  private static String rolloutCell(String page, String release) {
    Matcher matcher = Pattern.compile("<tr data-release=\"" + Pattern.quote(release) + "\" data-rollout=\"[A-Z_]*\">.*?"
        + "<td class=\"rollout\"[^>]*>(.*?)</ol></td>", Pattern.DOTALL).matcher(page);
    assertTrue(matcher.find(), "no rollout for " + release);
    return matcher.group(1);
  }

  private static String statusBadge(String page, String client, String service) {
    Matcher matcher = Pattern.compile("<span class=\"status [a-z]+\">[A-Z_]+</span>").matcher(cell(page, client, service));
    assertTrue(matcher.find(), "no status in " + client + " × " + service);
    return matcher.group();
  }

  private static String row(String page, String client) {
    Matcher matcher = Pattern.compile("<tr data-client=\"" + client + "\" data-behind=\"(?:true|false)\"><th scope=\"row\">(.*?)</th>")
        .matcher(page);
    assertTrue(matcher.find(), "no row for " + client);
    return matcher.group(1);
  }
}
