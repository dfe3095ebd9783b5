package com.twosixty.relay.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.rollout.RolloutPolicy.HaltCause;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutPolicyTest {
  @Test
  void theSettingAsTerraformWritesIt() {
    RolloutPolicy policy = RolloutPolicy.parse("""
        {"waves":[{"soak":"PT30M"},{"soak":"PT2H"},{"soak":"PT0S"}],"haltOn":["FAILED"],"hotfixSkipsSoak":false,"frozenHoldsWave":false}""");
    assertEquals(List.of(Duration.ofMinutes(30), Duration.ofHours(2), Duration.ZERO), policy.soaks());
    assertEquals(Set.of(HaltCause.FAILED), policy.haltOn());
    assertFalse(policy.hotfixSkipsSoak());
    assertFalse(policy.frozenHoldsWave());
    assertTrue(policy.soaks(Channel.HOTFIX));
    assertEquals(3, policy.waves());
  }

  @Test
  void emptyIsOneWaveAndEveryFieldHasItsDefault() {
    assertEquals(RolloutPolicy.NONE, RolloutPolicy.parse(""));
    assertEquals(RolloutPolicy.NONE, RolloutPolicy.parse("{}"));
    assertFalse(RolloutPolicy.NONE.staged());
    assertEquals(EnumSet.allOf(HaltCause.class), RolloutPolicy.NONE.haltOn());
    RolloutPolicy twoWaves = RolloutPolicy.parse("{\"waves\":[{\"soak\":\"PT1M\"},{}]}");
    assertTrue(twoWaves.hotfixSkipsSoak());
    assertTrue(twoWaves.frozenHoldsWave());
    assertFalse(twoWaves.soaks(Channel.HOTFIX));
    assertEquals(Duration.ZERO, twoWaves.soak(2));
  }

  @Test
  void aClientWithoutAWaveIsInTheLastAndNotStagedEveryoneIsInWaveOne() {
    RolloutPolicy three = RolloutPolicy.parse("{\"waves\":[{},{},{}]}");
    assertEquals(3, three.waveOf("acme", OptionalInt.empty()));
    assertEquals(1, three.waveOf("essence", OptionalInt.of(1)));
    assertEquals(1, RolloutPolicy.NONE.waveOf("acme", OptionalInt.of(3)));
    IllegalStateException beyond = assertThrows(IllegalStateException.class, () -> three.waveOf("acme", OptionalInt.of(4)));
    assertEquals("client acme is in wave 4 but RELAY_ROLLOUT has 3 waves: add the wave to the hub's rollout or move the client",
        beyond.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[]|RELAY_ROLLOUT must be a JSON object",
      "{\"wave\":[]}|RELAY_ROLLOUT: unknown field 'wave'",
      "{\"waves\":[{\"soak\":\"30m\"}]}|RELAY_ROLLOUT: waves[1].soak must be an ISO-8601 duration such as PT30M, got '30m'",
      "{\"haltOn\":[\"SKIPPED\"]}|RELAY_ROLLOUT: haltOn takes FAILED and ROLLED_BACK, got 'SKIPPED'",
      "{\"waves\":[{\"soak\":\"-PT1M\"}]}|a wave's soak time cannot be negative, got PT-1M",
  })
  void aMistakeNamesTheField(String json, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> RolloutPolicy.parse(json)).getMessage());
  }
}
