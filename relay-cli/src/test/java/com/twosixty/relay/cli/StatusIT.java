package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.testing.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `relay status` as a person runs it, against a fresh `relay up` (processes of their own) whose acme
 * file pins billing (as the repository's does) and has a freeze window open at every instant.
 */
class StatusIT {
  private static final Path WORK = Path.of("target", "status-it").toAbsolutePath();
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String ACME_PIN = "2026.11.01-0a1b2c3";

  @Test
  void aFreshStackListsEveryClientFileWithItsPinsAndOpenFreezeWindowAndSaysWhyItIsBehind() throws Exception {
    Path clients = clientFiles();
    Process up = startRelay("up", "--json", "--clients", clients.toString());
    try {
      CompletableFuture.supplyAsync(() -> RelayProcesses.firstLine(up)).get(240, TimeUnit.SECONDS);
    } catch (Exception e) {
      up.destroyForcibly();
      throw new AssertionError("relay up printed no JSON line; its stderr:\n" + Files.readString(WORK.resolve("up.err")), e);
    }
    try {
      // Fresh: nothing recorded yet, and every client file is there with its policy.
      Run all = runRelay("all", "status");
      assertEquals(0, all.exit(), all.err());
      assertTrue(all.out().contains("acme (Acme Logistics) · approval automatic · channel both · services billing,portal"
          + " · auto rollback\n"), all.out());
      assertTrue(all.out().contains("essence (Essence) · approval automatic"), all.out());
      assertTrue(all.out().contains("northwind (Northwind Health) · approval manual · channel stable"), all.out());
      assertTrue(all.out().contains("  pins: billing " + ACME_PIN + " (file)\n"), all.out());
      assertTrue(all.out().contains("  freeze windows: MONDAY 00:00 UTC for PT168H (OPEN NOW, until "), all.out());
      assertTrue(all.out().contains("  FROZEN NOW: freeze window MONDAY 00:00 UTC for PT168H, open until "), all.out());
      assertTrue(all.out().contains("  no release seen yet\n"), all.out());
      assertTrue(all.out().matches("(?s).*\n  billing +- +- +no release seen yet +-\n.*"), "acme names its services: " + all.out());
      assertFalse(all.out().contains("{"), "people's text, not JSON: " + all.out());

      Run acme = runRelay("acme", "status", "acme");
      assertEquals(0, acme.exit(), acme.err());
      assertTrue(acme.out().startsWith("acme (Acme Logistics)"), acme.out());
      assertTrue(acme.out().contains("  recent deployments: none\n"), acme.out());

      Run unknown = runRelay("unknown", "status", "globex");
      assertEquals(2, unknown.exit(), unknown.out());
      assertTrue(unknown.err().contains("unknown client 'globex': no clients/globex.yaml"), unknown.err());
      Run releases = runRelay("releases", "status", "--releases");
      assertEquals(0, releases.exit(), releases.err());
      assertEquals("no release yet\n", releases.out());

      // A release: acme holds billing (its file's pin) and portal (its open window) back; essence takes both.
      Run release = runRelay("release", "release", "--services", "billing,portal");
      assertEquals(0, release.exit(), release.err());
      JsonObject standing = waitForStanding("portal", "FROZEN");
      JsonObject client = standing.getAsJsonObject("client");
      assertEquals(ACME_PIN, client.getAsJsonObject("pins").get("billing").getAsString(), "the file's pin, where it was {}");
      assertEquals("file", client.getAsJsonObject("pinSources").getAsJsonObject("billing").get("source").getAsString());
      assertTrue(client.getAsJsonArray("freezeWindows").get(0).getAsJsonObject().get("open").getAsBoolean());
      assertTrue(client.get("behind").getAsBoolean());
      assertEquals("PINNED", standingOf(client, "billing").get("why").getAsString());

      Run after = runRelay("after", "status", "acme");
      assertEquals(0, after.exit(), after.err());
      assertTrue(after.out().matches("(?s).*\n  billing +- +\\S+ +BEHIND PINNED: pinned to " + ACME_PIN.replace(".", "\\.")
          + " \\(client file\\).*"), after.out());
      assertTrue(after.out().matches("(?s).*\n  portal +- +\\S+ +BEHIND FROZEN: skipped \\S+: the client was frozen.*"), after.out());
      assertTrue(after.out().contains(" release SKIPPED (held back billing: pinned, portal: frozen)\n"), after.out());
      Run releasesAfter = runRelay("releases-after", "status", "--releases");
      assertTrue(releasesAfter.out().contains("acme SKIPPED (held back billing: pinned, portal: frozen)"), releasesAfter.out());
    } finally {
      new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor();
      if (!up.waitFor(60, TimeUnit.SECONDS)) {
        up.destroyForcibly();
      }
    }
  }

  /** The repository's client files, acme's with a freeze window a week long: open at every instant. */
  private static Path clientFiles() throws IOException {
    Path clients = WORK.resolve("clients");
    Files.createDirectories(clients);
    for (String id : List.of("acme", "essence", "northwind")) {
      String text = Files.readString(REPO.resolve("clients").resolve(id + ".yaml"));
      if (id.equals("acme")) {
        assertTrue(text.contains("freeze: []\n") && text.contains("billing: " + ACME_PIN), text);
        text = text.replace("freeze: []\n",
            "freeze:\n  - {day: MONDAY, start: \"00:00\", duration: PT168H, timeZone: UTC}\n");
      }
      Files.writeString(clients.resolve(id + ".yaml"), text);
    }
    return clients;
  }

  /** `relay status acme --json` until the service stands as expected (client-deployer has planned the release). */
  private static JsonObject waitForStanding(String service, String why) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      Run json = runRelay("acme-json", "status", "acme", "--json");
      assertEquals(0, json.exit(), json.err());
      last = json.out();
      JsonObject detail = JsonParser.parseString(last).getAsJsonObject();
      JsonObject standing = standingOf(detail.getAsJsonObject("client"), service);
      // An open freeze window makes portal stand FROZEN from the first moment: wait for the release's
      // own record at acme too, or the status read next may come before the release reached it.
      boolean recorded = detail.has("recentDeployments") && !detail.getAsJsonArray("recentDeployments").isEmpty();
      if (standing != null && why.equals(standing.get("why").getAsString()) && recorded) {
        return detail;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(service + " never stood " + why + " with the release recorded; last answer: " + last);
  }

  private static JsonObject standingOf(JsonObject client, String service) {
    for (JsonElement element : client.getAsJsonArray("standing")) {
      if (element.getAsJsonObject().get("service").getAsString().equals(service)) {
        return element.getAsJsonObject();
      }
    }
    return null;
  }

  private static List<String> java() {
    return List.of(ChildProcess.javaExecutable(), "-Drelay.home=" + REPO, "-Drelay.workdir=" + WORK,
        "-Dslf4j.internal.verbosity=ERROR", "-cp", System.getProperty("java.class.path"), Relay.class.getName());
  }

  private static Process startRelay(String... args) throws IOException {
    Files.createDirectories(WORK);
    List<String> command = new ArrayList<>();
    // As ./relay does: a JVM cannot catch a SIGINT it inherited as ignored (mvn started with '&').
    if (new ProcessBuilder("env", "--default-signal=INT", "true").start().onExit().join().exitValue() == 0) {
      command.addAll(List.of("env", "--default-signal=INT"));
    }
    command.addAll(java());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(WORK.resolve("up.err").toFile()).start();
  }

  record Run(int exit, String out, String err) {}

  /** A one-shot command against the running stack, its output in WORK/<name>.out and .err. */
  private static Run runRelay(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(java());
    command.addAll(List.of(args));
    Path out = WORK.resolve(name + ".out");
    Path err = WORK.resolve(name + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "relay " + String.join(" ", args) + " finished");
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

}
