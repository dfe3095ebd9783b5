package com.twosixty.relay.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.MessageAttributes;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.deployer.ClientDeployer;
import com.twosixty.relay.publisher.ReleasePublisher;
import com.twosixty.relay.reporter.DeployReporter;
import com.twosixty.relay.testing.CloudEventPost;
import com.twosixty.relay.testing.PushPost;
import com.twosixty.relay.testing.FakeGoogleApis;
import com.twosixty.relay.testing.FirestoreEmulator;
import com.twosixty.relay.testing.Fixtures;
import com.twosixty.relay.testing.FunctionInvoker;
import com.twosixty.relay.testing.PubSubEmulator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * At least 1,000 malformed messages per topic, from a seeded fuzzer, into the functions that consume
 * each topic: every one is acked (2xx, so it never loops) with exactly one log line, ERROR where the
 * message cannot be read; no function dies; and valid messages sent afterwards still go through.
 */
class PoisonMessagesIT {
  static final long SEED = 20261125L;
  static final int PER_TOPIC = 1_000;
  /** Releases with foreign images, per kind of foreign image (five kinds). */
  static final int FOREIGN_PER_KIND = 40;
  private static final String HUB = "relay-reliability";
  private static final Path LOGS = Path.of("target", "processes");

  private static PubSubEmulator pubsub;
  private static FirestoreEmulator firestore;
  private static FakeGoogleApis google;
  private static SubscriptionName releases;
  private static SubscriptionName deployments;
  private static FunctionInvoker publisher;
  private static FunctionInvoker deployer;
  private static FunctionInvoker reporter;
  static final Map<String, String> RESULTS = new TreeMap<>();

  @BeforeAll
  static void start() throws Exception {
    pubsub = PubSubEmulator.start(LOGS);
    firestore = FirestoreEmulator.start(LOGS);
    google = FakeGoogleApis.start();
    releases = pubsub.createSubscription(pubsub.createTopic(HUB, "releases"), "releases-check");
    deployments = pubsub.createSubscription(pubsub.createTopic(HUB, "deployments"), "deployments-check");
    pubsub.createTopic(HUB, "release-commands");
    Map<String, String> env = Map.of("RELAY_HUB_PROJECT", HUB, "PUBSUB_EMULATOR_HOST", pubsub.host(),
        "FIRESTORE_EMULATOR_HOST", firestore.host(), "RELAY_CLOUDBUILD_ENDPOINT", google.endpoint(),
        "RELAY_CONTAINER_ENDPOINT", google.endpoint(), "RELAY_MONOREPO_TRIGGER", "monorepo",
        "RELAY_CLIENT", ClientDefinitions.toJson(Path.of("..", "clients", "essence.yaml")),
        "RELAY_IMAGE_REPOSITORIES", "gcr.io/hub/");
    publisher = FunctionInvoker.start("poison-release-publisher", ReleasePublisher.class.getName(), env, LOGS);
    deployer = FunctionInvoker.start("poison-client-deployer", ClientDeployer.class.getName(), env, LOGS);
    reporter = FunctionInvoker.start("poison-deploy-reporter", DeployReporter.class.getName(), env, LOGS);
  }

  @AfterAll
  static void stop() throws Exception {
    for (FunctionInvoker function : new FunctionInvoker[] {publisher, deployer, reporter}) {
      if (function != null) {
        function.close();
      }
    }
    google.close();
    firestore.close();
    pubsub.close();
    StringBuilder report = new StringBuilder("| topic → function | messages in | acked (2xx) | log lines | of them ERROR | dead-lettered | lost |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    RESULTS.values().forEach(report::append);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "reliability-poison.md"), report.toString());
  }

  private static Release release(String id, long sequence) {
    return new Release(id, sequence, new Release.Source("monorepo", "main", "c0ffee", "b"), Instant.now().toString(),
        Channel.STABLE, List.of(new Release.ServiceImage("billing", "gcr.io/hub/billing", "sha256:" + "e".repeat(64), "t")));
  }

  /**
   * Releases that pass the schema but name images the client may not deploy, cycling through the
   * attacks tried on the local stack: another registry, a look-alike repository, an image already
   * holding a digest, a tag, a path that is not a repository name.
   */
  private static List<Poison> foreignImageReleases(int perKind) {
    Map<String, String> kinds = new LinkedHashMap<>();
    kinds.put("other-registry", "docker.io/attacker/billing");
    kinds.put("look-alike", "gcr.io/hub-evil/billing");
    kinds.put("digest-in-image", "gcr.io/hub/billing@sha256:" + "d".repeat(64));
    kinds.put("tag-in-image", "gcr.io/hub/billing:latest");
    kinds.put("not-a-name", "gcr.io/hub/../billing");
    List<Poison> poisons = new java.util.ArrayList<>();
    int i = 0;
    for (int n = 0; n < perKind; n++) {
      for (Map.Entry<String, String> kind : kinds.entrySet()) {
        Release release = new Release(String.format("2026.11.25-f%06d", i), 1_000 + i,
            new Release.Source("monorepo", "main", "c0ffee", "b"), Instant.now().toString(), Channel.STABLE,
            List.of(new Release.ServiceImage("billing", kind.getValue(), "sha256:" + "e".repeat(64), "t")));
        poisons.add(new Poison(kind.getKey(), CloudEventPost.envelope("foreign-" + i, ContractCodec.encode(release),
            MessageAttributes.of(release), "projects/relay-essence-prod/subscriptions/relay-essence-releases")));
        i++;
      }
    }
    return poisons;
  }

  /** Posts every poison, asserts each is acked with one log line, and returns how many were ERROR. */
  private static void feed(String label, FunctionInvoker function, String topic, List<Poison> poisons, int minimumErrors) {
    long linesBefore = structuredLines(function).size();
    long errorsBefore = errors(function);
    int acked = 0;
    Map<String, Integer> failuresByKind = new LinkedHashMap<>();
    for (int i = 0; i < poisons.size(); i++) {
      // Each in its production shape: client-deployer takes push bodies, the others Eventarc's CloudEvents.
      HttpResponse<String> response = function == deployer
          ? PushPost.send(function.url(), poisons.get(i).body())
          : CloudEventPost.send(function.url(), topic, "poison-" + i, poisons.get(i).body());
      if (response.statusCode() / 100 == 2) {
        acked++;
      } else {
        failuresByKind.merge(poisons.get(i).kind() + " → " + response.statusCode(), 1, Integer::sum);
      }
    }
    long lines = structuredLines(function).size() - linesBefore;
    long errorLines = errors(function) - errorsBefore;
    RESULTS.put(label, String.format("| %s | %d | %d | %d | %d | 0 | %d |%n", label, poisons.size(), acked, lines, errorLines,
        poisons.size() - acked));
    assertEquals(poisons.size(), acked, label + ": not acked: " + failuresByKind);
    assertTrue(function.process().isAlive(), label + ": the function died");
    assertEquals(poisons.size(), lines, label + ": one log line per message");
    assertTrue(errorLines >= minimumErrors, label + ": " + errorLines + " ERROR lines, expected at least " + minimumErrors);
  }

  private static List<String> structuredLines(FunctionInvoker function) {
    return function.logLines().stream().filter(l -> l.startsWith("{\"severity\"")).toList();
  }

  private static long errors(FunctionInvoker function) {
    return structuredLines(function).stream().filter(l -> l.startsWith("{\"severity\":\"ERROR\"")).count();
  }

  @Test
  void poisonOnEveryTopicIsAckedLoggedAndHarmless() {
    PoisonFuzzer fuzzer = new PoisonFuzzer(SEED);

    String validRelease = ContractCodec.toJson(release("2026.11.25-0000001", 1));
    List<Poison> releasePoisons = fuzzer.generate(validRelease, "schema", PER_TOPIC, Map.of());
    feed("releases → client-deployer", deployer, "releases", releasePoisons, PER_TOPIC);

    String validCommand = ContractCodec.toJson(new Command(CommandType.APPROVE, "essence", "2026.11.25-0000001", "", "ops", ""));
    List<Poison> commandPoisons = fuzzer.generate(validCommand, "schema", PER_TOPIC, Map.of(
        "unknown-command", validCommand.replace("\"approve\"", "\"self-destruct\""),
        "bad-release-id", validCommand.replace("2026.11.25-0000001", "../../etc/passwd")));
    feed("release-commands → client-deployer", deployer, "release-commands", commandPoisons, PER_TOPIC);

    // Schema-valid releases whose images are not the hub's (issue 18): each refused with a FAILED
    // event and one ERROR line, nothing deployed.
    List<Poison> foreignPoisons = foreignImageReleases(FOREIGN_PER_KIND);
    feed("releases with foreign images → client-deployer", deployer, "releases", foreignPoisons, foreignPoisons.size());
    List<PubsubMessage> refused = pubsub.pull(deployments, foreignPoisons.size(), Duration.ofSeconds(30));
    assertEquals(foreignPoisons.size(), refused.size(), "one event per refused release");
    assertTrue(refused.stream().map(m -> ContractCodec.decodeDeployment(m.getData().toByteArray()))
        .allMatch(e -> e.status() == DeploymentStatus.FAILED && e.reason().startsWith("images not allowed: billing '")),
        "each refused release is one FAILED event naming the image");
    assertEquals(0, google.triggerRuns().size(), "no foreign image reached Cloud Build");

    // A failed monorepo build: any mutation that still parses is ignored with an INFO line.
    JsonObject failedBuild = JsonParser.parseString(Fixtures.cloudBuildMonorepoSuccess()).getAsJsonObject();
    failedBuild.addProperty("status", "FAILURE");
    List<Poison> buildPoisons = fuzzer.generate(failedBuild.toString(), null, PER_TOPIC, Map.of());
    long unreadable = buildPoisons.stream().filter(p -> List.of("bad-base64", "not-json", "deep-nesting", "truncated", "empty",
        "no-message").contains(p.kind())).count();
    feed("cloud-builds (hub) → release-publisher", publisher, "cloud-builds", buildPoisons, (int) unreadable);
    feed("cloud-builds (client) → deploy-reporter", reporter, "cloud-builds",
        new PoisonFuzzer(SEED + 1).generate(failedBuild.toString(), null, PER_TOPIC, Map.of()), (int) unreadable);

    // Valid messages after the storm still go through.
    assertEquals(200, CloudEventPost.pubSub(publisher.url(), "cloud-builds",
        Fixtures.cloudBuildMonorepoSuccess().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of()).statusCode());
    List<PubsubMessage> published = pubsub.pull(releases, 1, Duration.ofSeconds(10));
    assertEquals(1, published.size(), "release-publisher still publishes");

    Release valid = release("2026.11.25-0000002", 2);
    assertEquals(204, PushPost.message(deployer.url(), "projects/relay-essence-prod/subscriptions/relay-essence-releases",
        ContractCodec.encode(valid), MessageAttributes.of(valid)).statusCode());
    List<PubsubMessage> events = pubsub.pull(deployments, 1, Duration.ofSeconds(10));
    assertEquals(1, events.size());
    DeploymentEvent event = ContractCodec.decodeDeployment(events.get(0).getData().toByteArray());
    assertEquals(DeploymentStatus.TRIGGERED, event.status(), "client-deployer still deploys");
    assertEquals(1, google.triggerRuns().size(), "no poison started a deployment");
  }
}
