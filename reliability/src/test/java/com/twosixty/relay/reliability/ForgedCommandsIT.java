package com.twosixty.relay.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.local.LocalStack;
import com.twosixty.relay.local.Topology;
import com.twosixty.relay.operator.GatewayClient;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import com.twosixty.relay.testing.LocalIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forged and unauthorised commands against the local stack's command gateway while northwind (manual
 * approval) waits for a release: each is refused, none reaches release-commands, nothing deploys;
 * then the approval of a listed approver deploys the release, once.
 */
class ForgedCommandsIT {
  private static final int PER_ATTACK = 10;
  private static final String DIGEST = "sha256:" + "e".repeat(64);
  private static final String APPROVER = "release-manager@northwind.example";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private static LocalStack stack;
  private static SubscriptionName commands;
  private static SubscriptionName events;

  @BeforeAll
  static void start() {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    stack = LocalStack.start(LocalStack.Options.builder(repo)
        .workDir(Path.of("target", "stack-commands").toAbsolutePath())
        .freezeWindowsSetAside(true)
        .buildTiming(Duration.ofMillis(50), Duration.ofMillis(300))
        .build());
    // What the gateway publishes, as every client-deployer's subscription sees it.
    commands = stack.pubsub().createSubscription(stack.topology().commands(), "reliability-commands");
    events = stack.pubsub().createSubscription(stack.topology().deployments(), "reliability-command-events");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static String gateway() {
    return stack.info().url("commandGateway");
  }

  private static int post(String token, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway() + "/commands"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String command(String command, String client, String releaseId) {
    return "{\"command\":\"" + command + "\",\"client\":\"" + client + "\",\"releaseId\":\"" + releaseId
        + "\",\"service\":\"\",\"reason\":\"forged\"}";
  }

  private static long northwindDeploys(String releaseId) {
    String project = stack.info().clientProjects().get("northwind");
    return stack.cloudBuild().builds(project).stream()
        .filter((Build b) -> releaseId.equals(b.getSubstitutionsOrDefault("_RELEASE_ID", ""))).count();
  }

  private static void await(String what, Duration within, Supplier<Boolean> done) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!done.get()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void forgedCommandsAreRefusedPublishNothingAndDeployNothingAndAListedApproverDeploys() throws Exception {
    String releaseId = "2026.12.07-f0e1d2c";
    Release release = new Release(releaseId, Instant.now().toEpochMilli() * 1000,
        new Release.Source("monorepo", "main", "f0e1d2c", "b-forged"), Instant.now().toString(), Channel.STABLE,
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-local/billing", DIGEST, "f0e1d2c")));
    try (PubSubEventPublisher publisher = new PubSubEventPublisher(stack.info().hubProject(), stack.pubsub().host())) {
      publisher.publish(Topology.RELEASES, release, "monorepo");
    }
    List<DeploymentEvent> seen = new ArrayList<>();
    await("northwind waits for approval", Duration.ofSeconds(60), () -> {
      stack.pubsub().pull(events, 50, Duration.ofMillis(200))
          .forEach(m -> seen.add(ContractCodec.decodeDeployment(m.getData().toByteArray())));
      return seen.stream().anyMatch(e -> e.client().equals("northwind") && e.status() == DeploymentStatus.AWAITING_APPROVAL);
    });

    LocalIssuer issuer = stack.issuer();
    String audience = gateway();
    LocalIssuer.Claims approver = issuer.claims(APPROVER, audience);
    String approve = command("approve", "northwind", releaseId);
    String acmeReporter = "relay-deploy-reporter@" + stack.info().clientProjects().get("acme") + ".iam.gserviceaccount.com";
    Map<String, Integer> expected = new LinkedHashMap<>();
    Map<String, Supplier<Integer>> attacks = new LinkedHashMap<>();
    attacks.put("no token", () -> post(null, approve));
    attacks.put("unlisted caller", () -> post(issuer.token("mallory@evil.example", audience), approve));
    attacks.put("listed approver's token, expired", () -> post(issuer.sign(approver.expiredAt(Instant.now().minusSeconds(5))), approve));
    attacks.put("listed approver's claims, signed with another key", () -> post(issuer.signWithAnotherKey(approver), approve));
    attacks.put("listed approver's token for another audience", () -> post(issuer.sign(approver.withAudience(
        stack.info().url("releaseStatus"))), approve));
    attacks.put("listed approver's token from another issuer", () -> post(issuer.sign(approver.withIssuer(
        "https://accounts.google.com")), approve));
    attacks.put("listed approver's address, not verified", () -> post(issuer.sign(approver.withEmailVerified(false)), approve));
    attacks.put("another client's approver", () -> post(issuer.token("dana.okafor@acme.example", audience), approve));
    attacks.put("an operator approving", () -> post(issuer.token("oncall@twosixty.example", audience), approve));
    attacks.put("acme's deploy-reporter approving northwind", () -> post(issuer.token(acmeReporter, audience), approve));
    attacks.put("acme's deploy-reporter rolling back northwind", () -> post(issuer.token(acmeReporter, audience),
        command("rollback", "northwind", "")));
    attacks.put("unlisted caller naming an approver in 'by'", () -> post(issuer.token("mallory@evil.example", audience),
        "{\"command\":\"approve\",\"client\":\"northwind\",\"releaseId\":\"" + releaseId + "\",\"by\":\"" + APPROVER + "\"}"));
    attacks.keySet().forEach(a -> expected.put(a, 403));
    expected.put("unlisted caller naming an approver in 'by'", 400);

    Map<String, List<Integer>> answers = new LinkedHashMap<>();
    for (int i = 0; i < PER_ATTACK; i++) {
      attacks.forEach((attack, send) -> answers.computeIfAbsent(attack, a -> new ArrayList<>()).add(send.get()));
    }
    Thread.sleep(3_000);
    List<PubsubMessage> publishedByAttacks = stack.pubsub().pull(commands, 10, Duration.ofSeconds(2));
    long deployedByAttacks = northwindDeploys(releaseId);

    GatewayClient.Answer approval = new GatewayClient(gateway(), aud -> issuer.token(APPROVER, aud))
        .send(CommandType.APPROVE, "northwind", releaseId, "", "reliability: the listed approver");
    await("northwind deploys the approved release", Duration.ofSeconds(60), () -> northwindDeploys(releaseId) > 0);
    List<PubsubMessage> published = stack.pubsub().pull(commands, 2, Duration.ofSeconds(3));

    writeReport(answers, expected, approval.status(), northwindDeploys(releaseId));
    answers.forEach((attack, statuses) -> assertTrue(statuses.stream().allMatch(s -> s.equals(expected.get(attack))),
        attack + " answered " + statuses));
    assertEquals(List.of(), publishedByAttacks, "no forged command reached release-commands");
    assertEquals(0, deployedByAttacks, "no forged command deployed anything");
    assertEquals(202, approval.status(), approval.reason());
    assertEquals(APPROVER, approval.field("by"));
    assertEquals(1, published.size());
    Command command = ContractCodec.decodeCommand(published.get(0).getData().toByteArray());
    assertEquals(new Command(CommandType.APPROVE, "northwind", releaseId, "", APPROVER, "reliability: the listed approver"),
        command);
    Thread.sleep(2_000);
    assertEquals(1, northwindDeploys(releaseId), "the approval deploys once");
  }

  private static void writeReport(Map<String, List<Integer>> answers, Map<String, Integer> expected, int approval,
      long deploys) throws IOException {
    StringBuilder report = new StringBuilder(
        "| forged command (approve northwind's waiting release unless said) | requests | expected answer | got it | published | deployed |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
    answers.forEach((attack, statuses) -> report.append(String.format("| %s | %d | %d | %d | 0 | 0 |%n", attack,
        statuses.size(), expected.get(attack), statuses.stream().filter(s -> s.equals(expected.get(attack))).count())));
    report.append(String.format("| the listed approver, afterwards | 1 | 202 | %d | 1 | %d |%n", approval == 202 ? 1 : 0, deploys));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "reliability-commands.md"), report.toString());
  }
}
