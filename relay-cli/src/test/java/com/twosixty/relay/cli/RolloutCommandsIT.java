package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.cli.RelayProcesses.Run;
import com.twosixty.relay.local.StackInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * `relay halt|resume|promote` as an operator runs them, each a process, against a stack that `relay
 * up --waves 3 --soak 1h` started: the commands go through the command gateway to release-rollout,
 * and each waits for release-rollout's record of it in release-status's rollout view. The hour's soak
 * keeps wave 2 closed unless someone promotes it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutCommandsIT {
  private static final Path WORK = Path.of("target", "rollout-it").toAbsolutePath();
  /** Every client file lists oncall@ among its operators (northwind through domain:twosixty.example). */
  private static final String OPERATOR = "oncall@twosixty.example";
  /** An operator of northwind only (domain:twosixty.example): may halt a rollout, not resume it. */
  private static final String NORTHWIND_OPERATOR = "lee.tan@twosixty.example";

  private static final RelayProcesses RELAY = relay();
  private static Process up;
  private static StackInfo stack;
  private static String release;

  @BeforeAll
  static void startStack() throws Exception {
    RelayProcesses.Stack started = RELAY.up("--without-freeze-windows", "--waves", "3", "--soak", "1h");
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
  void aPushRollsOutToWaveOneAndWaitsForTheSoak() throws Exception {
    Run push = run("push");
    assertEquals(0, push.exit(), push.all());
    JsonObject listed = awaitRelease(r -> r.has("rollout") && "SUCCEEDED".equals(text(r.getAsJsonObject("clients"), "essence"))
        && "WAITING_FOR_WAVE".equals(text(r.getAsJsonObject("clients"), "northwind")), "essence SUCCEEDED in wave 1, northwind waiting");
    release = listed.get("releaseId").getAsString();
    JsonObject rollout = listed.getAsJsonObject("rollout");
    assertEquals("ROLLING_OUT", rollout.get("state").getAsString(), listed.toString());
    assertEquals(1, rollout.get("openWaves").getAsInt(), listed.toString());

    Run status = run("status", "--releases");
    assertEquals(0, status.exit(), status.all());
    assertTrue(status.out().contains("rollout: wave 1/3 open"), status.all());
  }

  @Test
  @Order(2)
  void haltIsAppliedAndShown() throws Exception {
    Run halt = run("halt", release, "--reason", "portal's error rate is up", "--as", NORTHWIND_OPERATOR);
    assertEquals(0, halt.exit(), halt.all());
    assertTrue(halt.out().contains("applied"), halt.all());
    assertTrue(halt.out().contains("rollout HALTED"), halt.all());
    assertTrue(halt.out().contains("portal's error rate is up"), halt.all());

    Run again = run("halt", release, "--reason", "twice", "--as", OPERATOR);
    assertEquals(2, again.exit(), again.all());
    assertTrue(again.err().contains("already halted"), again.all());

    Run promote = run("promote", release, "--as", OPERATOR);
    assertEquals(2, promote.exit(), promote.all());
    assertTrue(promote.err().contains("halted: resume it first"), promote.all());
  }

  @Test
  @Order(3)
  void resumeNeedsAnOperatorOfEveryClient() throws Exception {
    Run forbidden = run("resume", release, "--as", NORTHWIND_OPERATOR);
    assertEquals(1, forbidden.exit(), forbidden.all());
    assertTrue(forbidden.err().contains("403"), forbidden.all());

    Run resume = run("resume", release, "--as", OPERATOR, "--json");
    assertEquals(0, resume.exit(), resume.all());
    JsonObject record = JsonParser.parseString(resume.out().strip().lines().reduce((a, b) -> b).orElseThrow()).getAsJsonObject();
    assertEquals("APPLIED", record.get("outcome").getAsString(), resume.all());
    assertEquals("resume", record.get("command").getAsString(), resume.all());
    assertEquals(OPERATOR, record.get("by").getAsString(), resume.all());
  }

  @Test
  @Order(4)
  void promoteOpensWaveTwoBeforeTheSoakEnds() throws Exception {
    Run promote = run("promote", release, "--reason", "checked by hand", "--as", OPERATOR);
    assertEquals(0, promote.exit(), promote.all());
    assertTrue(promote.out().contains("applied"), promote.all());
    // northwind approves manually: its wave open, it asks for approval; acme's wave 3 still waits.
    JsonObject listed = awaitRelease(r -> r.get("releaseId").getAsString().equals(release)
        && "AWAITING_APPROVAL".equals(text(r.getAsJsonObject("clients"), "northwind")), "northwind awaiting approval");
    assertEquals(2, listed.getAsJsonObject("rollout").get("openWaves").getAsInt(), listed.toString());
    assertTrue(List.of("WAITING_FOR_WAVE", "").contains(text(listed.getAsJsonObject("clients"), "acme")), listed.toString());

    Run detail = run("status", "--releases", "--json");
    assertEquals(0, detail.exit(), detail.all());
  }

  private static String text(JsonObject object, String field) {
    return object != null && object.has(field) && object.get(field).isJsonPrimitive() ? object.get(field).getAsString() : "";
  }

  /** The newest release as `relay status --releases --json` lists it, once it matches. */
  private static JsonObject awaitRelease(Predicate<JsonObject> matches, String what) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      Run status = run("status", "--releases", "--json");
      last = status.all();
      if (status.exit() == 0) {
        Optional<JsonObject> newest = JsonParser.parseString(status.out()).getAsJsonObject().getAsJsonArray("releases").asList()
            .stream().map(e -> e.getAsJsonObject()).findFirst();
        if (newest.isPresent() && matches.test(newest.get())) {
          return newest.get();
        }
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("not within 180 s: " + what + "; last: " + last);
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
