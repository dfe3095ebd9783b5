package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.cli.RelayProcesses.Run;
import com.twosixty.relay.local.StackInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's commands as a person runs them: each a process of its own against one stack that
 * `relay up --json` (a process too) started, checked by exit code and message. Ends by killing that
 * stack with SIGKILL: its children must not outlive it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorCommandsIT {
  private static final Path WORK = Path.of("target", "operator-it").toAbsolutePath();
  private static final String APPROVER = "release-manager@northwind.example";
  private static final String OPERATOR = "oncall@twosixty.example";

  private static final RelayProcesses RELAY = relay();
  private static Process up;
  private static StackInfo stack;
  /** The release the push in {@link #pushWaitsForEveryClient} made. */
  private static String pushed;

  @BeforeAll
  static void startStack() throws Exception {
    RelayProcesses.Stack started = RELAY.up("--without-freeze-windows");
    up = started.up();
    stack = started.info();
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (up != null && up.isAlive()) {
      run("down");
    }
  }

  @Test
  @Order(1)
  void mistakesAreNamedBeforeAnythingIsSent() throws Exception {
    Run client = run("approve", "nortwind", "2026.12.07-0a0b0c0", "--as", APPROVER);
    assertEquals(2, client.exit(), client.all());
    assertTrue(client.err().contains("unknown client 'nortwind': clients/ has acme, essence, northwind"), client.all());

    Run service = run("pin", "acme", "reports", "2026.12.07-0a0b0c0", "--as", OPERATOR);
    assertEquals(2, service.exit(), service.all());
    assertTrue(service.err().contains("reports is not run by acme (it runs billing, portal)"), service.all());

    Run noSuchService = run("rollback", "essence", "nosuchsvc", "--as", OPERATOR);
    assertEquals(2, noSuchService.exit(), noSuchService.all());
    assertTrue(noSuchService.err().contains("unknown service 'nosuchsvc'"), noSuchService.all());

    Run release = run("redeploy", "essence", "2026.12.07-0a0b0c0", "--as", OPERATOR);
    assertEquals(2, release.exit(), release.all());
    assertTrue(release.err().contains("unknown release 2026.12.07-0a0b0c0: Relay has stored no such release"), release.all());

    Run commit = run("push", "--commit", "zzz");
    assertEquals(2, commit.exit(), commit.all());
    assertEquals("relay: --commit must be a commit SHA (7 to 64 lowercase hexadecimal digits), not 'zzz'", commit.err().strip());

    Run services = run("release", "--services", "nosuchsvc");
    assertEquals(2, services.exit(), services.all());
    assertTrue(services.err().contains("--services: no service nosuchsvc in the monorepo (its services: billing, portal, reports)"),
        services.all());

    Run status = run("fault", "--cluster-status", "acme=BROKEN");
    assertEquals(2, status.exit(), status.all());
    assertTrue(status.err().contains("no cluster status 'BROKEN': GKE's are PROVISIONING, RUNNING"), status.all());
    assertFalse(status.all().contains("No enum constant"), status.all());

    Run rejectOne = run("reject", "northwind", "2026.12.07-0a0b0c0", "--service", "billing", "--as", APPROVER);
    assertEquals(2, rejectOne.exit(), rejectOne.all());
    assertTrue(rejectOne.err().contains("Unknown options: '--service'"), rejectOne.all());

    Run unknownRelease = run("halt", "2026.12.07-0a0b0c0", "--reason", "looks wrong", "--as", OPERATOR);
    assertEquals(2, unknownRelease.exit(), unknownRelease.all());
    assertEquals("relay: unknown release 2026.12.07-0a0b0c0: Relay has stored no such release (relay status --releases lists them)",
        unknownRelease.err().strip());

    Run noReason = run("halt", "2026.12.07-0a0b0c0", "--as", OPERATOR);
    assertEquals(2, noReason.exit(), noReason.all());
    assertEquals("relay: halt needs --reason TEXT: it is shown with the halt to whoever finds the rollout stopped",
        noReason.err().strip());

    Run waves = run("up", "--waves", "three");
    assertEquals(2, waves.exit(), waves.all());
    assertTrue(waves.err().startsWith("relay: --waves takes a number of waves (--waves 3 --soak 10s) or RELAY_ROLLOUT's JSON"),
        waves.all());

    Run forbidden = run("freeze", "northwind", "--as", "mallory@evil.example");
    assertEquals(1, forbidden.exit(), forbidden.all());
    assertTrue(forbidden.err().contains("refused (HTTP 403)") && forbidden.err().contains("not among northwind's operators"),
        forbidden.all());
  }

  @Test
  @Order(2)
  void pushWaitsForEveryClient() throws Exception {
    Run push = run("push", "--wait", "--timeout", "180");
    assertEquals(0, push.exit(), push.all());
    Matcher release = Pattern.compile("release (\\S+) reached Relay").matcher(push.out());
    assertTrue(release.find(), push.out());
    pushed = release.group(1);
    assertTrue(push.out().matches("(?s).*essence +SUCCEEDED +billing SUCCEEDED, portal SUCCEEDED.*"), push.out());
    // acme's file pins billing: it deployed portal and held billing back, a release deployed in part.
    assertTrue(push.out().matches("(?s).*acme +PARTIAL +billing SKIPPED \\(pinned\\), portal SUCCEEDED.*"), push.out());
    assertTrue(push.out().matches("(?s).*northwind +AWAITING_APPROVAL .*"), push.out());
    assertTrue(push.out().contains("release " + pushed + " settled: no client failed"), push.out());
  }

  /** This stack has no waves (relay up without --waves): the release has no rollout to promote, halt or resume. */
  @Test
  @Order(3)
  void rolloutCommandsOfAReleaseWithoutWavesAreRefusedBeforeSending() throws Exception {
    for (String command : List.of("promote", "halt", "resume")) {
      Run run = run(command, pushed, "--reason", "operator-it", "--as", OPERATOR);
      assertEquals(2, run.exit(), run.all());
      assertEquals("", run.out(), run.all());
      assertEquals("relay: release " + pushed + " has no rollout: the hub has no waves (RELAY_ROLLOUT has one wave, every "
          + "client takes a release at once), so there is nothing to " + command + " (locally: relay up --waves 3)",
          run.err().strip());
    }
    try (var logs = Files.list(Path.of(stack.logs()))) {
      for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("command-gateway")).toList()) {
        assertFalse(Files.readAllLines(log).stream().anyMatch(line -> line.contains(pushed)),
            "the gateway saw nothing of the refused commands: " + log);
      }
    }
  }

  @Test
  @Order(3)
  void approveOfAReleaseWaitingForNothingIsRefusedBeforeSending() throws Exception {
    Run approve = run("approve", "essence", pushed, "--as", "priya.shah@twosixty.example");
    assertEquals(2, approve.exit(), approve.all());
    assertTrue(approve.err().contains(pushed + " waits for nothing on essence: its deployment is SUCCEEDED"), approve.all());
  }

  @Test
  @Order(4)
  void approveOfOneServiceDeploysThatServiceOnly() throws Exception {
    Run approve = run("approve", "northwind", pushed, "--service", "billing", "--as", APPROVER);
    assertEquals(0, approve.exit(), approve.all());
    Matcher deployment = Pattern.compile("northwind (approve-\\S+): SUCCEEDED").matcher(approve.out());
    assertTrue(deployment.find(), approve.out());

    Run status = run("status", "northwind", "--json");
    JsonObject record = JsonParser.parseString(status.out()).getAsJsonObject();
    boolean portalWaits = record.getAsJsonArray("pendingApprovals").asList().stream()
        .anyMatch(p -> p.getAsJsonObject().get("releaseId").getAsString().equals(pushed));
    assertTrue(portalWaits, "the release still waits for portal: " + status.out());
    JsonObject billing = record.getAsJsonArray("services").asList().stream().map(e -> e.getAsJsonObject())
        .filter(e -> e.get("service").getAsString().equals("billing")).findFirst().orElseThrow();
    assertEquals(pushed, billing.getAsJsonObject("running").get("releaseId").getAsString(), status.out());
    JsonObject portal = record.getAsJsonArray("services").asList().stream().map(e -> e.getAsJsonObject())
        .filter(e -> e.get("service").getAsString().equals("portal")).findFirst().orElseThrow();
    assertFalse(portal.get("running").isJsonObject() && portal.getAsJsonObject("running").get("releaseId").getAsString()
        .equals(pushed), "portal is not deployed: " + status.out());

    Run again = run("approve", "northwind", pushed, "--service", "billing", "--as", APPROVER);
    assertEquals(2, again.exit(), again.all());
    assertTrue(again.err().contains(pushed + " waits for nothing from billing on northwind: billing is SUCCEEDED"), again.all());
  }

  @Test
  @Order(5)
  void approveWaitsForTheDeploymentItStarts() throws Exception {
    Run approve = run("approve", "northwind", pushed, "--as", APPROVER, "--reason", "operator-it");
    assertEquals(0, approve.exit(), approve.all());
    assertTrue(approve.out().contains("approve northwind " + pushed + " sent as message"), approve.out());
    assertTrue(approve.out().contains("approve northwind " + pushed + ": applied"), approve.out());
    assertTrue(approve.out().contains("northwind " + pushed + ": SUCCEEDED"), approve.out());

    Run again = run("approve", "northwind", pushed, "--as", APPROVER);
    assertEquals(2, again.exit(), again.all());
    assertTrue(again.err().contains("waits for nothing on northwind: its deployment is SUCCEEDED"), again.all());
  }

  @Test
  @Order(6)
  void aRefusalByTheDeployerReachesThePerson() throws Exception {
    Run rollback = run("rollback", "essence", "reports", "--as", OPERATOR);
    assertEquals(1, rollback.exit(), rollback.all());
    assertTrue(rollback.err().contains("rollback essence (reports) refused by essence's deployer (SKIPPED): nothing to roll back to"),
        rollback.all());
  }

  @Test
  @Order(7)
  void appliedCommandsPrintTheirRecordAsJson() throws Exception {
    Run freeze = run("freeze", "essence", "--as", OPERATOR, "--json");
    assertEquals(0, freeze.exit(), freeze.all());
    JsonObject record = JsonParser.parseString(freeze.out().strip()).getAsJsonObject();
    assertEquals("APPLIED", record.get("outcome").getAsString());
    assertEquals("freeze", record.get("command").getAsString());
    assertEquals(OPERATOR, record.get("by").getAsString());

    Run unfreeze = run("unfreeze", "essence", "--as", OPERATOR, "--no-wait");
    assertEquals(0, unfreeze.exit(), unfreeze.all());
    assertTrue(unfreeze.out().contains("unfreeze essence sent as message"), unfreeze.out());

    Run faults = run("fault");
    assertEquals(0, faults.exit(), faults.all());
    assertTrue(faults.out().startsWith("faults in force:") && faults.out().contains("failingDeploys"), faults.out());
    Run faultsJson = run("fault", "--json");
    assertTrue(JsonParser.parseString(faultsJson.out()).getAsJsonObject().has("failingDeploys"), faultsJson.out());
  }

  @Test
  @Order(8)
  void releaseWaitFailsWhenAClientFails() throws Exception {
    assertEquals(0, run("fault", "--fail-deploys", "essence").exit());
    Run release = run("release", "--services", "reports", "--wait", "--timeout", "120");
    assertEquals(1, release.exit(), release.all());
    assertTrue(release.out().matches("(?s).*essence +FAILED .*"), release.out());
    assertTrue(release.out().contains("settled: FAILED on essence"), release.out());
    assertEquals(0, run("fault", "--succeed-deploys", "essence").exit());
  }

  /** Last: kills the stack as `kill -9` would; its watchdog stops every child it recorded. */
  @Test
  @Order(9)
  void childrenDoNotOutliveAStackKilledWithSigkill() throws Exception {
    List<Long> children = new ArrayList<>(stack.pids().values());
    children.forEach(pid -> assertTrue(alive(pid), "child " + pid + " runs while the stack is up"));
    new ProcessBuilder("kill", "-KILL", String.valueOf(up.pid())).start().waitFor();
    assertTrue(up.waitFor(30, TimeUnit.SECONDS));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (children.stream().anyMatch(OperatorCommandsIT::alive) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertEquals(List.of(), children.stream().filter(OperatorCommandsIT::alive).toList(), "children alive after SIGKILL");
  }

  /** What a killed stack whose watchdog died too left running: the next `relay down` (or `up`) stops it by the recorded pid. */
  @Test
  @Order(10)
  void downStopsWhatAKilledStackLeftRunning() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Process orphan = new ProcessBuilder("sleep", "600").start();
    long started = orphan.toHandle().info().startInstant().orElseThrow().toEpochMilli();
    Files.writeString(WORK.resolve("children-" + gone.pid() + ".pids"), orphan.pid() + " " + started + " release-status\n");
    try {
      Run down = run("down");
      assertEquals(0, down.exit(), down.all());
      assertTrue(down.out().contains("stopped 1 process a previous stack left running: release-status (pid " + orphan.pid() + ")"),
          down.all());
      assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the orphan stopped");
    } finally {
      orphan.destroyForcibly();
    }
    Run nothing = run("down");
    assertEquals(0, nothing.exit(), nothing.all());
    assertTrue(nothing.out().contains("no local stack runs"), nothing.all());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static Run run(String... args) throws Exception {
    return RELAY.run(args);
  }

  private static RelayProcesses relay() {
    try {
      return new RelayProcesses(WORK);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
