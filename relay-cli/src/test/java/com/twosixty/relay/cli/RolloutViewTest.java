package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.contract.CommandType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** relay promote|halt|resume reading GET /api/releases/{id} in the shape of the rollout view contract (issue 22, part B). */
class RolloutViewTest {
  private static final String RELEASE = "2026.12.07-1a2b3c4";

  /** Wave 1 done and soaking, wave 2 waiting for the soak, wave 3 closed; two commands, newest first. */
  private static final String ROLLING_OUT = """
      {"release":{"releaseId":"2026.12.07-1a2b3c4","services":[{"name":"billing"}]},
       "clients":[{"client":"essence","status":"SUCCEEDED"}],
       "rollout":{"state":"ROLLING_OUT",
        "waves":[
         {"wave":1,"state":"SOAKING","openedAt":"2026-12-07T10:00:00Z","soakEndsAt":"2026-12-07T10:00:22Z",
          "soakRemainingSeconds":12,"promoted":false,"waitingFor":"",
          "clients":[{"client":"essence","status":"SUCCEEDED"}]},
         {"wave":2,"state":"WAITING","openedAt":"","soakEndsAt":"","soakRemainingSeconds":0,"promoted":false,
          "waitingFor":"wave 1's soak until 2026-12-07T10:00:22Z","clients":[{"client":"northwind","status":"WAITING_FOR_WAVE"}]},
         {"wave":3,"state":"WAITING","openedAt":"","soakEndsAt":"","soakRemainingSeconds":0,"promoted":false,
          "waitingFor":"wave 2","clients":[{"client":"acme","status":""}]}],
        "commands":[
         {"messageId":"42","command":"resume","by":"oncall@twosixty.example","reason":"","at":"2026-12-07T10:00:09Z",
          "outcome":"REFUSED","outcomeReason":"not halted"},
         {"messageId":"41","command":"promote","by":"oncall@twosixty.example","reason":"looks fine","at":"2026-12-07T10:00:08Z",
          "outcome":"APPLIED","outcomeReason":""}]}}""";

  private static final String HALTED = """
      {"release":{"releaseId":"2026.12.07-1a2b3c4"},
       "rollout":{"state":"HALTED",
        "halt":{"client":"essence","reason":"essence FAILED in wave 1: portal: deploy build FAILURE","by":"release-rollout",
                "at":"2026-12-07T10:00:05Z"},
        "waves":[
         {"wave":1,"state":"OPEN","openedAt":"2026-12-07T10:00:00Z","soakEndsAt":"","soakRemainingSeconds":0,"promoted":false,
          "waitingFor":"","clients":[{"client":"essence","status":"FAILED"}]},
         {"wave":2,"state":"HALTED","openedAt":"","soakEndsAt":"","soakRemainingSeconds":0,"promoted":false,
          "waitingFor":"","clients":[{"client":"northwind","status":"WAITING_FOR_WAVE"}]}],
        "commands":[]}}""";

  private static JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }

  @Test
  void aReleaseWithoutRolloutHasNoWavesAndEveryCommandIsRefusedBeforeSending() {
    JsonObject oneWave = json("{\"release\":{\"releaseId\":\"" + RELEASE + "\"},\"clients\":[]}");
    assertEquals(Optional.empty(), RolloutView.of(oneWave));
    for (CommandType type : List.of(CommandType.PROMOTE, CommandType.HALT, CommandType.RESUME)) {
      UserError error = assertThrows(UserError.class, () -> RolloutView.check(type, RELEASE, oneWave));
      assertTrue(error.getMessage().startsWith("release " + RELEASE + " has no rollout: the hub has no waves"), error.getMessage());
      assertTrue(error.getMessage().contains("nothing to " + type.wireName()), error.getMessage());
    }
  }

  @Test
  void checksMirrorReleaseRolloutsRefusals() {
    JsonObject rolling = json(ROLLING_OUT);
    JsonObject halted = json(HALTED);
    RolloutView.check(CommandType.HALT, RELEASE, rolling);
    RolloutView.check(CommandType.PROMOTE, RELEASE, rolling);
    RolloutView.check(CommandType.RESUME, RELEASE, halted);

    assertEquals("resume " + RELEASE + ": not halted (its rollout is ROLLING_OUT); nothing sent",
        assertThrows(UserError.class, () -> RolloutView.check(CommandType.RESUME, RELEASE, rolling)).getMessage());
    assertEquals("halt " + RELEASE + ": already halted: halted on essence: essence FAILED in wave 1: portal: deploy build FAILURE"
        + " (by release-rollout at 2026-12-07T10:00:05Z); nothing sent",
        assertThrows(UserError.class, () -> RolloutView.check(CommandType.HALT, RELEASE, halted)).getMessage());
    assertTrue(assertThrows(UserError.class, () -> RolloutView.check(CommandType.PROMOTE, RELEASE, halted)).getMessage()
        .startsWith("promote " + RELEASE + ": halted: resume it first"));

    JsonObject allOpen = json(ROLLING_OUT);
    RolloutView.of(allOpen).orElseThrow().getAsJsonArray("waves").forEach(w -> {
      w.getAsJsonObject().addProperty("openedAt", "2026-12-07T10:01:00Z");
      w.getAsJsonObject().addProperty("state", "OPEN");
    });
    assertEquals("promote " + RELEASE + ": every wave is open; nothing sent",
        assertThrows(UserError.class, () -> RolloutView.check(CommandType.PROMOTE, RELEASE, allOpen)).getMessage());
    assertEquals(Optional.of(2), RolloutView.nextClosedWave(RolloutView.of(rolling).orElseThrow()));
  }

  @Test
  void theAnswerIsFoundByTheGatewaysMessageId() {
    JsonObject rolling = json(ROLLING_OUT);
    JsonObject promote = RolloutView.command(rolling, "41").orElseThrow();
    assertEquals("promote by oncall@twosixty.example (\"looks fine\"): APPLIED", RolloutView.commandLine(promote));
    assertEquals("resume by oncall@twosixty.example: REFUSED (not halted)",
        RolloutView.commandLine(RolloutView.command(rolling, "42").orElseThrow()));
    assertEquals(Optional.empty(), RolloutView.command(rolling, "43"), "not answered yet");
    assertEquals(Optional.empty(), RolloutView.command(json("{\"release\":{}}"), "41"), "no rollout");
    assertEquals(Optional.empty(), RolloutView.command(null, "41"), "release not readable");
  }

  @Test
  void theRolloutReadsAsOneLinePerWave() {
    assertEquals(List.of(
        "rollout ROLLING_OUT",
        "  wave 1  SOAKING  essence SUCCEEDED  [soak 12 s left, until 2026-12-07T10:00:22Z]",
        "  wave 2  WAITING  northwind WAITING_FOR_WAVE  [waits for wave 1's soak until 2026-12-07T10:00:22Z]",
        "  wave 3  WAITING  acme (nothing yet)  [waits for wave 2]"),
        RolloutView.lines(RolloutView.of(json(ROLLING_OUT)).orElseThrow()));
    assertEquals(List.of(
        "rollout HALTED: halted on essence: essence FAILED in wave 1: portal: deploy build FAILURE (by release-rollout at "
            + "2026-12-07T10:00:05Z)",
        "  wave 1  OPEN     essence FAILED",
        "  wave 2  HALTED   northwind WAITING_FOR_WAVE"),
        RolloutView.lines(RolloutView.of(json(HALTED)).orElseThrow()));
  }
}
