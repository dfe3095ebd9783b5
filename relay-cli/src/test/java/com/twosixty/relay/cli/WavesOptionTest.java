package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.rollout.RolloutPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** relay up --waves SPEC --soak DURATION, against the repository's example client files. */
class WavesOptionTest {
  private static final List<ClientDefinition> CLIENTS =
      ClientDefinitions.loadDirectory(Path.of("..", "clients").toAbsolutePath().normalize());

  @Test
  void aNumberOfWavesSoaksEachButTheLast() {
    String json = WavesOption.rolloutJson("3", "10s");
    assertEquals("{\"waves\":[{\"soak\":\"PT10S\"},{\"soak\":\"PT10S\"},{}]}", json);
    RolloutPolicy policy = RolloutPolicy.parse(json);
    assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO), policy.soaks());
    assertEquals(List.of(Duration.ofMinutes(2)), RolloutPolicy.parse(WavesOption.rolloutJson("2", "2m")).soaks().subList(0, 1));
    assertEquals("{\"waves\":[{}]}", WavesOption.rolloutJson("1", "10s"));
  }

  @Test
  void relayRolloutJsonIsTakenAsIsOnceItReads() {
    String json = "{\"waves\":[{\"soak\":\"PT30S\"},{}],\"haltOn\":[\"FAILED\"],\"hotfixSkipsSoak\":false}";
    assertEquals(json, WavesOption.rolloutJson(" " + json + " ", "ignored"));
    UserError error = assertThrows(UserError.class, () -> WavesOption.rolloutJson("{\"waves\":[{\"soak\":\"30s\"}]}", "10s"));
    assertTrue(error.getMessage().startsWith("--waves: RELAY_ROLLOUT: waves[1].soak must be an ISO-8601 duration"), error.getMessage());
  }

  @Test
  void mistakesAreNamed() {
    assertTrue(assertThrows(UserError.class, () -> WavesOption.rolloutJson("three", "10s")).getMessage()
        .startsWith("--waves takes a number of waves (--waves 3 --soak 10s) or RELAY_ROLLOUT's JSON"));
    assertEquals("--waves must be 1-20, got 0", assertThrows(UserError.class, () -> WavesOption.rolloutJson("0", "10s")).getMessage());
    assertEquals("--soak takes a duration such as 10s, 2m, 1h or PT30S, not 'soon'",
        assertThrows(UserError.class, () -> WavesOption.rolloutJson("3", "soon")).getMessage());
  }

  @Test
  void durationsReadShortOrIso() {
    assertEquals(Duration.ofMillis(500), WavesOption.duration("500ms"));
    assertEquals(Duration.ofSeconds(10), WavesOption.duration("10s"));
    assertEquals(Duration.ofMinutes(2), WavesOption.duration("2m"));
    assertEquals(Duration.ofHours(1), WavesOption.duration("1h"));
    assertEquals(Duration.ofSeconds(30), WavesOption.duration("PT30S"));
    assertEquals(Duration.ofSeconds(30), WavesOption.duration("pt30s"));
    assertThrows(UserError.class, () -> WavesOption.duration("-PT1S"));
  }

  @Test
  void upPrintsEachWaveWithItsClients() {
    assertEquals(List.of(
        "waves: 3 (a FAILED or ROLLED_BACK in a wave halts the rollout; hotfixes skip the soak; frozen clients hold their wave)",
        "  wave 1  essence                          soak 10s",
        "  wave 2  northwind                        soak 10s",
        "  wave 3  acme (no wave: the last)"),
        WavesOption.describe(WavesOption.rolloutJson("3", "10s"), CLIENTS));
    assertEquals(List.of("waves: one (every client takes every release at once)"),
        WavesOption.describe(WavesOption.rolloutJson("1", "10s"), CLIENTS));
  }

  @Test
  void aClientFileBeyondTheLastWaveIsRefusedBeforeTheStackStarts(@TempDir Path dir) throws Exception {
    Path examples = Path.of("..", "clients").toAbsolutePath().normalize();
    java.nio.file.Files.writeString(dir.resolve("essence.yaml"),
        java.nio.file.Files.readString(examples.resolve("essence.yaml")).replace("wave: 1 ", "wave: 5 "));
    UserError error = assertThrows(UserError.class,
        () -> WavesOption.describe(WavesOption.rolloutJson("3", "10s"), ClientDefinitions.loadDirectory(dir)));
    assertEquals("client essence is in wave 5 but --waves has 3 waves: add the wave to the hub's rollout or move the client",
        error.getMessage());
  }
}
