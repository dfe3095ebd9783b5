package com.twosixty.relay.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinition.Approval;
import com.twosixty.relay.client.ClientDefinition.ChannelPolicy;
import com.twosixty.relay.client.ClientDefinition.FreezeWindow;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReleasePlannerTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final long SEQ = 2_000;
  /** A Wednesday noon in London: outside the Friday-evening window below. */
  private static final Instant WEDNESDAY = Instant.parse("2026-11-25T12:00:00Z");
  /** Saturday 10:00 in London: inside it. */
  private static final Instant SATURDAY = Instant.parse("2026-11-28T10:00:00Z");
  private static final FreezeWindow WEEKEND = new FreezeWindow(DayOfWeek.FRIDAY, LocalTime.of(16, 0),
      Duration.ofHours(64), ZoneId.of("Europe/London"));

  /** One row: a client and state, a release, the time, and what should happen to "billing". */
  record Row(String name, Channel channel, ChannelPolicy policy, List<String> runs, Map<String, String> filePins,
      Map<String, String> runtimePins, Long currentSequence, boolean operatorFrozen, List<FreezeWindow> windows,
      Instant now, Approval approval, boolean approved, ServiceDecision expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Row row(String name) {
    return new Row(name, Channel.STABLE, ChannelPolicy.BOTH, List.of(), Map.of(), Map.of(), null, false, List.of(),
        WEDNESDAY, Approval.AUTOMATIC, false, ServiceDecision.deploy("billing"));
  }

  static Stream<Arguments> rules() {
    ServiceDecision deploy = ServiceDecision.deploy("billing");
    ServiceDecision await = ServiceDecision.awaitApproval("billing");
    return Stream.of(
        row("nothing in the way: deploy"),
        with(row("stable client skips a hotfix"), r -> new Row(r.name(), Channel.HOTFIX, ChannelPolicy.STABLE, r.runs(), r.filePins(), r.runtimePins(), r.currentSequence(), r.operatorFrozen(), r.windows(), r.now(), r.approval(), r.approved(), skip(ServiceDecision.CHANNEL))),
        with(row("hotfix client skips a stable release"), r -> new Row(r.name(), Channel.STABLE, ChannelPolicy.HOTFIX, r.runs(), r.filePins(), r.runtimePins(), r.currentSequence(), r.operatorFrozen(), r.windows(), r.now(), r.approval(), r.approved(), skip(ServiceDecision.CHANNEL))),
        with(row("client of both channels takes a hotfix"), r -> new Row(r.name(), Channel.HOTFIX, ChannelPolicy.BOTH, r.runs(), r.filePins(), r.runtimePins(), r.currentSequence(), r.operatorFrozen(), r.windows(), r.now(), r.approval(), r.approved(), deploy)),
        with(row("service the client does not run"), r -> copy(r, List.of("portal"), r.filePins(), r.runtimePins(), null, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, skip(ServiceDecision.NOT_RUN_BY_CLIENT))),
        with(row("service the client runs, of a subset"), r -> copy(r, List.of("portal", "billing"), r.filePins(), r.runtimePins(), null, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, deploy)),
        with(row("pinned in the file to another release"), r -> copy(r, r.runs(), Map.of("billing", "2026.11.01-0a1b2c3"), Map.of(), null, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, skip(ServiceDecision.PINNED))),
        with(row("pinned to this very release"), r -> copy(r, r.runs(), Map.of("billing", "2026.11.24-1a2b3c4"), Map.of(), null, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, deploy)),
        with(row("runtime pin"), r -> copy(r, r.runs(), Map.of(), Map.of("billing", "2026.11.01-0a1b2c3"), null, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, skip(ServiceDecision.PINNED))),
        with(row("runtime unpin overrides the file's pin"), r -> copy(r, r.runs(), Map.of("billing", "2026.11.01-0a1b2c3"), Map.of("billing", ""), null, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, deploy)),
        with(row("older release than current"), r -> copy(r, r.runs(), Map.of(), Map.of(), SEQ + 1, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, skip(ServiceDecision.NOT_NEWER))),
        with(row("same sequence as current"), r -> copy(r, r.runs(), Map.of(), Map.of(), SEQ, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, skip(ServiceDecision.NOT_NEWER))),
        with(row("newer release than current"), r -> copy(r, r.runs(), Map.of(), Map.of(), SEQ - 1, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, deploy)),
        with(row("operator froze the client"), r -> copy(r, r.runs(), Map.of(), Map.of(), null, true, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, skip(ServiceDecision.FROZEN))),
        with(row("inside a freeze window"), r -> copy(r, r.runs(), Map.of(), Map.of(), null, false, List.of(WEEKEND), SATURDAY, Approval.AUTOMATIC, false, skip(ServiceDecision.FROZEN))),
        with(row("outside the freeze window"), r -> copy(r, r.runs(), Map.of(), Map.of(), null, false, List.of(WEEKEND), WEDNESDAY, Approval.AUTOMATIC, false, deploy)),
        with(row("manual approval, not yet approved"), r -> copy(r, r.runs(), Map.of(), Map.of(), null, false, List.of(), WEDNESDAY, Approval.MANUAL, false, await)),
        with(row("manual approval, approved"), r -> copy(r, r.runs(), Map.of(), Map.of(), null, false, List.of(), WEDNESDAY, Approval.MANUAL, true, deploy)),
        // combinations: the earlier rule gives the reason
        with(row("not run and pinned: not-run-by-client wins"), r -> copy(r, List.of("portal"), Map.of("billing", "x"), Map.of(), null, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, skip(ServiceDecision.NOT_RUN_BY_CLIENT))),
        with(row("pinned and older: pinned wins"), r -> copy(r, r.runs(), Map.of("billing", "x"), Map.of(), SEQ + 5, false, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, skip(ServiceDecision.PINNED))),
        with(row("older and frozen: not-newer wins"), r -> copy(r, r.runs(), Map.of(), Map.of(), SEQ + 5, true, List.of(), WEDNESDAY, Approval.AUTOMATIC, false, skip(ServiceDecision.NOT_NEWER))),
        with(row("frozen and manual: frozen wins over approval"), r -> copy(r, r.runs(), Map.of(), Map.of(), null, false, List.of(WEEKEND), SATURDAY, Approval.MANUAL, true, skip(ServiceDecision.FROZEN))),
        with(row("older and manual: not-newer, no approval asked"), r -> copy(r, r.runs(), Map.of(), Map.of(), SEQ, false, List.of(), WEDNESDAY, Approval.MANUAL, false, skip(ServiceDecision.NOT_NEWER))),
        with(row("wrong channel beats everything"), r -> new Row(r.name(), Channel.HOTFIX, ChannelPolicy.STABLE, List.of("portal"), Map.of("billing", "x"), Map.of(), SEQ + 1, true, List.of(WEEKEND), SATURDAY, Approval.MANUAL, false, skip(ServiceDecision.CHANNEL))))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void everyRuleAndCombination(Row row) {
    ClientDefinition client = client(row.policy(), row.runs(), row.filePins(), row.windows(), row.approval());
    ClientState state = new ClientState(
        row.currentSequence() == null ? Map.of() : Map.of("billing", new ServiceVersion("older", row.currentSequence(), "img", DIGEST)),
        row.runtimePins(), row.operatorFrozen());
    Plan plan = ReleasePlanner.plan(release(row.channel()), client, state, row.now(), row.approved());
    assertEquals(row.expected(), plan.decisions().get(0));
  }

  @Test
  void eachServiceIsDecidedOnItsOwnAndThePlanSaysItsStatus() {
    ClientDefinition client = client(ChannelPolicy.BOTH, List.of("billing", "portal"), Map.of("portal", "pinned-one"), List.of(), Approval.AUTOMATIC);
    Plan plan = ReleasePlanner.plan(release(Channel.STABLE), client, ClientState.EMPTY, WEDNESDAY, false);
    assertEquals(List.of(ServiceDecision.deploy("billing"), skip("portal", ServiceDecision.PINNED),
        skip("reports", ServiceDecision.NOT_RUN_BY_CLIENT)), plan.decisions());
    assertEquals(DeploymentStatus.PLANNED, plan.status());
    assertEquals(List.of("billing"), plan.services(ServiceDecision.Action.DEPLOY));
    assertEquals("portal: pinned, reports: not-run-by-client", plan.skipSummary());

    ClientDefinition manual = client(ChannelPolicy.BOTH, List.of(), Map.of(), List.of(), Approval.MANUAL);
    assertEquals(DeploymentStatus.AWAITING_APPROVAL,
        ReleasePlanner.plan(release(Channel.STABLE), manual, ClientState.EMPTY, WEDNESDAY, false).status());
    assertEquals(DeploymentStatus.SKIPPED,
        ReleasePlanner.plan(release(Channel.STABLE), manual, new ClientState(Map.of(), Map.of(), true), WEDNESDAY, false).status());
  }

  @Test
  void aClosedWaveHoldsWhatWouldDeployOrAwaitApprovalButNotWhatThePolicySkips() {
    java.util.Optional<String> closed = java.util.Optional.of("wave 2 waits for wave 1: essence (IN_FLIGHT)");
    ClientDefinition client = client(ChannelPolicy.BOTH, List.of("billing", "portal"), Map.of("portal", "pinned-one"), List.of(), Approval.MANUAL);
    Plan plan = ReleasePlanner.plan(release(Channel.STABLE), client, ClientState.EMPTY, WEDNESDAY, false, closed);
    assertEquals(List.of(ServiceDecision.waitForWave("billing", closed.get()), skip("portal", ServiceDecision.PINNED),
        skip("reports", ServiceDecision.NOT_RUN_BY_CLIENT)), plan.decisions());
    assertEquals(DeploymentStatus.WAITING_FOR_WAVE, plan.status());
    assertEquals(closed.get(), plan.waveWait());
    assertEquals(DeploymentStatus.WAITING_FOR_WAVE, ReleasePlanner.plan(release(Channel.STABLE), client,
        new ClientState(Map.of(), Map.of(), true), WEDNESDAY, false, closed).status(), "frozen in a closed wave: it waits");
    assertEquals(DeploymentStatus.SKIPPED, ReleasePlanner.plan(release(Channel.STABLE), client,
        new ClientState(Map.of("billing", new ServiceVersion("newer", SEQ + 1, "gcr.io/relay-hub/billing", DIGEST)), Map.of(), false),
        WEDNESDAY, false, closed).status(), "not newer: skipped, it has nothing to wait for");
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, ReleasePlanner.plan(release(Channel.STABLE), client, ClientState.EMPTY,
        WEDNESDAY, false, java.util.Optional.empty()).status(), "the wave open: manual approval applies on top");
  }

  @Test
  void aFreezeWindowThatCrossesTheWeekBoundaryCoversBothSides() {
    FreezeWindow sundayNight = new FreezeWindow(DayOfWeek.SUNDAY, LocalTime.of(22, 0), Duration.ofHours(10), ZoneId.of("UTC"));
    assertEquals(true, sundayNight.covers(Instant.parse("2026-11-30T07:59:00Z")), "Monday 07:59");
    assertEquals(false, sundayNight.covers(Instant.parse("2026-11-30T08:00:00Z")), "Monday 08:00: window over");
    assertEquals(false, sundayNight.covers(Instant.parse("2026-11-29T21:59:00Z")), "Sunday 21:59: not yet");
    assertEquals(true, WEEKEND.covers(Instant.parse("2026-11-30T07:59:00Z")), "Monday 07:59 London");
    assertEquals(false, WEEKEND.covers(Instant.parse("2026-11-30T08:00:00Z")), "Monday 08:00 London");
  }

  private static ServiceDecision skip(String reason) {
    return ServiceDecision.skip("billing", reason);
  }

  private static ServiceDecision skip(String service, String reason) {
    return ServiceDecision.skip(service, reason);
  }

  private static Row with(Row base, java.util.function.UnaryOperator<Row> change) {
    return change.apply(base);
  }

  private static Row copy(Row r, List<String> runs, Map<String, String> filePins, Map<String, String> runtimePins,
      Long currentSequence, boolean frozen, List<FreezeWindow> windows, Instant now, Approval approval, boolean approved,
      ServiceDecision expected) {
    return new Row(r.name(), r.channel(), r.policy(), runs, filePins, runtimePins, currentSequence, frozen, windows, now,
        approval, approved, expected);
  }

  static Release release(Channel channel) {
    return new Release("2026.11.24-1a2b3c4", SEQ, new Release.Source("monorepo", "main", "1a2b3c4d", "b"),
        "2026-11-24T10:15:30Z", channel, List.of(
            new Release.ServiceImage("billing", "gcr.io/hub/billing", DIGEST, "1a2b3c4"),
            new Release.ServiceImage("portal", "gcr.io/hub/portal", DIGEST, "1a2b3c4"),
            new Release.ServiceImage("reports", "gcr.io/hub/reports", DIGEST, "1a2b3c4")));
  }

  static ClientDefinition client(ChannelPolicy policy, List<String> runs, Map<String, String> pins,
      List<FreezeWindow> windows, Approval approval) {
    return new ClientDefinition("essence", "Essence", new ClientDefinition.Gcp("p", "europe-west2"),
        new ClientDefinition.Cluster("c", "europe-west2", true), new ClientDefinition.Deploy("repo", "relay-deploy"),
        runs, policy, approval, windows, pins, false);
  }
}
