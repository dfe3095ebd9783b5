package com.twosixty.relay.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.rollout.RolloutPolicy.HaltCause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 22, points 2 and 3: every case of the gate, one row each. */
class RolloutGatesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant NOW = T0.plus(Duration.ofMinutes(45));
  /** Three waves: wave 1 soaks 30 minutes, wave 2 soaks an hour. */
  private static final RolloutPolicy POLICY = new RolloutPolicy(
      List.of(Duration.ofMinutes(30), Duration.ofHours(1), Duration.ZERO), EnumSet.allOf(HaltCause.class), true, true);

  private static ClientStanding c(String client, int wave, Standing standing, Instant at) {
    return new ClientStanding(client, wave, standing, at, standing == Standing.FAILED ? "FAILURE" : "");
  }

  private static ClientStanding c(String client, int wave, Standing standing) {
    return c(client, wave, standing, T0);
  }

  private static Gate open(int wave) {
    return new Gate.Open(wave);
  }

  private static Gate waitFor(int wave, int holding, String... clients) {
    return new Gate.Wait(wave, holding, List.of(clients), Optional.empty());
  }

  private static Gate soak(int wave, int holding, Instant until) {
    return new Gate.Wait(wave, holding, List.of(), Optional.of(until));
  }

  private static Gate halted(int wave, String client, String reason, String by) {
    return new Gate.Halted(wave, client, reason, by);
  }

  /** Row: what it shows, the policy, the release's channel, the standings, the hub's record, the wave asked for, the gate. */
  static Stream<Arguments> rows() {
    RolloutPolicy frozenDoesNotHold = new RolloutPolicy(POLICY.soaks(), POLICY.haltOn(), true, false);
    RolloutPolicy hotfixSoaks = new RolloutPolicy(POLICY.soaks(), POLICY.haltOn(), false, true);
    RolloutPolicy haltOnFailedOnly = new RolloutPolicy(POLICY.soaks(), EnumSet.of(HaltCause.FAILED), true, true);
    RolloutPolicy neverHalt = new RolloutPolicy(POLICY.soaks(), EnumSet.noneOf(HaltCause.class), true, true);
    RolloutControl none = RolloutControl.NONE;
    Instant late = NOW.minus(Duration.ofMinutes(10));
    RolloutControl.Halt byOperator = new RolloutControl.Halt("", "bad metrics", "ops@twosixty.example", T0);
    List<Arguments> rows = new ArrayList<>(List.of(
        Arguments.of("wave 1 is always open", POLICY, Channel.STABLE, List.of(), none, 1, open(1)),
        Arguments.of("every wave-1 client SUCCEEDED, soak passed", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("essence", 1, Standing.SUCCEEDED)), none, 2, open(2)),
        Arguments.of("soak counts from the last of them to succeed", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("essence", 1, Standing.SUCCEEDED, late)), none, 2,
            soak(2, 1, late.plus(Duration.ofMinutes(30)))),
        Arguments.of("soak exactly over", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED, NOW.minus(Duration.ofMinutes(30)))), none, 2, open(2)),
        Arguments.of("not taking by policy (not run, pinned) counts as done", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("acme", 1, Standing.NOT_TAKING)), none, 2, open(2)),
        Arguments.of("nobody in the wave took it: no soak", POLICY, Channel.STABLE,
            List.of(c("acme", 1, Standing.NOT_TAKING, NOW)), none, 2, open(2)),
        Arguments.of("a release a newer one overtook in wave 1 goes no further", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("essence", 1, Standing.SUPERSEDED)), none, 2,
            waitFor(2, 1, "essence (SUPERSEDED)")),
        Arguments.of("an empty wave holds nothing", POLICY, Channel.STABLE, List.of(), none, 2, open(2)),
        Arguments.of("one still deploying holds", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("essence", 1, Standing.IN_FLIGHT)), none, 2,
            waitFor(2, 1, "essence (IN_FLIGHT)")),
        Arguments.of("one that has not received it holds", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.UNSEEN)), none, 2, waitFor(2, 1, "internal (UNSEEN)")),
        Arguments.of("waiting for its manual approval holds", POLICY, Channel.STABLE,
            List.of(c("northwind", 1, Standing.AWAITING_APPROVAL), c("internal", 1, Standing.SUCCEEDED)), none, 2,
            waitFor(2, 1, "northwind (AWAITING_APPROVAL)")),
        Arguments.of("frozen holds", POLICY, Channel.STABLE,
            List.of(c("essence", 1, Standing.FROZEN), c("internal", 1, Standing.SUCCEEDED)), none, 2,
            waitFor(2, 1, "essence (FROZEN)")),
        Arguments.of("frozen does not hold when the hub says so", frozenDoesNotHold, Channel.STABLE,
            List.of(c("essence", 1, Standing.FROZEN), c("internal", 1, Standing.SUCCEEDED)), none, 2, open(2)),
        Arguments.of("a wave-1 client waiting for its own wave holds (it cannot be; still)", POLICY, Channel.STABLE,
            List.of(c("essence", 1, Standing.WAITING_FOR_WAVE)), none, 2, waitFor(2, 1, "essence (WAITING_FOR_WAVE)")),
        Arguments.of("every holder is named, by name", POLICY, Channel.STABLE,
            List.of(c("northwind", 1, Standing.IN_FLIGHT), c("essence", 1, Standing.UNSEEN)), none, 2,
            waitFor(2, 1, "essence (UNSEEN)", "northwind (IN_FLIGHT)")),
        Arguments.of("a hotfix skips the soak", POLICY, Channel.HOTFIX,
            List.of(c("internal", 1, Standing.SUCCEEDED, NOW)), none, 2, open(2)),
        Arguments.of("a hotfix still waits for the wave to finish", POLICY, Channel.HOTFIX,
            List.of(c("internal", 1, Standing.IN_FLIGHT)), none, 2, waitFor(2, 1, "internal (IN_FLIGHT)")),
        Arguments.of("a hotfix soaks when the hub says it must", hotfixSoaks, Channel.HOTFIX,
            List.of(c("internal", 1, Standing.SUCCEEDED, NOW)), none, 2, soak(2, 1, NOW.plus(Duration.ofMinutes(30)))),
        Arguments.of("a FAILED in wave 1 halts wave 2", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.FAILED), c("essence", 1, Standing.SUCCEEDED)), none, 2,
            halted(2, "internal", "internal FAILED in wave 1: FAILURE", RolloutGates.HALT_RULE)),
        Arguments.of("a FAILED in wave 1 halts wave 3 too", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.FAILED)), none, 3,
            halted(3, "internal", "internal FAILED in wave 1: FAILURE", RolloutGates.HALT_RULE)),
        Arguments.of("a failure halts even while others still deploy", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.FAILED), c("essence", 1, Standing.IN_FLIGHT)), none, 2,
            halted(2, "internal", "internal FAILED in wave 1: FAILURE", RolloutGates.HALT_RULE)),
        Arguments.of("the first failure names the halt", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.FAILED, late), c("essence", 1, Standing.ROLLED_BACK, T0)), none, 2,
            halted(2, "essence", "essence ROLLED_BACK in wave 1", RolloutGates.HALT_RULE)),
        Arguments.of("a rollback halts", POLICY, Channel.STABLE,
            List.of(c("essence", 1, Standing.ROLLED_BACK)), none, 2,
            halted(2, "essence", "essence ROLLED_BACK in wave 1", RolloutGates.HALT_RULE)),
        Arguments.of("a rollback does not halt when the rule says only FAILED", haltOnFailedOnly, Channel.STABLE,
            List.of(c("essence", 1, Standing.ROLLED_BACK), c("internal", 1, Standing.SUCCEEDED)), none, 2, open(2)),
        Arguments.of("no halt rule: a failure is that client's outcome", neverHalt, Channel.STABLE,
            List.of(c("essence", 1, Standing.FAILED)), none, 2, open(2)),
        Arguments.of("a failure in the wave itself does not halt its own gate", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("acme", 2, Standing.FAILED)), none, 2, open(2)),
        Arguments.of("a failure in wave 2 halts wave 3", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("acme", 2, Standing.FAILED)), none, 3,
            halted(3, "acme", "acme FAILED in wave 2: FAILURE", RolloutGates.HALT_RULE)),
        Arguments.of("halted by an operator", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED)), none.halted(byOperator), 2,
            halted(2, "", "bad metrics", "ops@twosixty.example")),
        Arguments.of("a halt keeps an opened wave from more starts", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED)), none.withOpened(2, T0).halted(byOperator), 2,
            halted(2, "", "bad metrics", "ops@twosixty.example")),
        Arguments.of("resumed: the failure before the resume no longer halts", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.FAILED, T0), c("essence", 1, Standing.SUCCEEDED, T0)),
            none.resumed(T0.plusSeconds(60)), 2, open(2)),
        Arguments.of("resumed: a failure after the resume halts again", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.FAILED, late)), none.resumed(T0.plusSeconds(60)), 2,
            halted(2, "internal", "internal FAILED in wave 1: FAILURE", RolloutGates.HALT_RULE)),
        Arguments.of("promoted: the rest of the soak is skipped", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED, NOW)), none.withPromoted(2), 2, open(2)),
        Arguments.of("promoted: still waits for the wave to finish", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.AWAITING_APPROVAL)), none.withPromoted(2), 2,
            waitFor(2, 1, "internal (AWAITING_APPROVAL)")),
        Arguments.of("an opened wave stays open (no wave starts twice, none closes under a client)", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.FROZEN)), none.withOpened(2, T0), 2, open(2)),
        Arguments.of("wave 3 waits for wave 2 to finish", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("essence", 2, Standing.WAITING_FOR_WAVE)), none, 3,
            waitFor(3, 2, "essence (WAITING_FOR_WAVE)")),
        Arguments.of("wave 3 waits for wave 1 first (waves chain)", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.IN_FLIGHT), c("essence", 2, Standing.UNSEEN)), none, 3,
            waitFor(3, 1, "internal (IN_FLIGHT)")),
        Arguments.of("wave 3 waits for wave 2's own soak", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("essence", 2, Standing.SUCCEEDED, late)),
            none.withOpened(2, T0), 3, soak(3, 2, late.plus(Duration.ofHours(1)))),
        Arguments.of("wave 3 opens after wave 2's soak", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("essence", 2, Standing.SUCCEEDED, NOW.minus(Duration.ofHours(1)))),
            none.withOpened(2, T0), 3, open(3)),
        Arguments.of("clients of the wave itself and later do not hold it", POLICY, Channel.STABLE,
            List.of(c("internal", 1, Standing.SUCCEEDED), c("acme", 2, Standing.UNSEEN), c("northwind", 3, Standing.IN_FLIGHT)),
            none, 2, open(2))));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theGate(String what, RolloutPolicy policy, Channel channel, List<ClientStanding> clients, RolloutControl control,
      int wave, Gate expected) {
    assertEquals(expected, RolloutGates.evaluate(channel, policy, clients, control, wave, NOW));
  }
}
