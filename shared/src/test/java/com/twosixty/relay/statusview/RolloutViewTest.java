package com.twosixty.relay.statusview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.rollout.RolloutControl;
import com.twosixty.relay.rollout.RolloutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rollout as release-status shows it, table-driven: essence in wave 1, northwind in wave 2, acme
 * and globex in wave 3 (30 minutes' soak after wave 1, an hour after wave 2). Each case is the
 * hub's record and each client's deployment, and the view as one line per wave:
 * {@code wave STATE opened soakEnds remaining promoted "waitingFor" [client=status …]}.
 */
class RolloutViewTest {
  private static final String R = "2026.12.07-aaaaaaa";
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final RolloutPolicy POLICY = RolloutPolicy.parse("{\"waves\":[{\"soak\":\"PT30M\"},{\"soak\":\"PT1H\"},{}]}");
  private static final Map<String, Integer> WAVES = Map.of("essence", 1, "northwind", 2, "globex", 3, "acme", 3);

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private static DeploymentDocument deployment(String client, String status, int minutes, Map<String, Object> decisions) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("client", client);
    doc.put("releaseId", R);
    doc.put("kind", "release");
    doc.put("status", status);
    doc.put("decisions", decisions);
    doc.put("reason", status.equals("FAILED") ? "FAILURE" : "");
    doc.put("updatedAt", at(minutes).toString());
    return DeploymentDocument.from(R, doc);
  }

  private static DeploymentDocument deployment(String client, String status, int minutes) {
    return deployment(client, status, minutes, Map.of("billing", Map.of("action", "DEPLOY", "reason", "")));
  }

  private static Map<String, DeploymentDocument> deployments(DeploymentDocument... documents) {
    Map<String, DeploymentDocument> byClient = new LinkedHashMap<>();
    for (DeploymentDocument d : documents) {
      byClient.put(d.client(), d);
    }
    return byClient;
  }

  private static RolloutDocument rollout(Map<Integer, Instant> opened, Optional<RolloutControl.Halt> halt, Set<Integer> promoted,
      Map<Integer, String> waitingFor) {
    return new RolloutDocument(R, 100, "stable", new RolloutControl(opened, halt, Instant.EPOCH, promoted), waitingFor, "");
  }

  private static String lines(RolloutView view) {
    List<String> lines = new ArrayList<>();
    lines.add(view.state() + " " + view.openWaves() + "/" + view.waves().size()
        + view.halt().map(h -> " halt " + h.client() + "|" + h.reason() + "|" + h.by()).orElse(""));
    for (RolloutView.WaveView w : view.waves()) {
      lines.add(w.wave() + " " + w.state() + " " + dash(w.openedAt()) + " " + dash(w.soakEndsAt()) + " " + w.soakRemainingSeconds()
          + (w.promoted() ? " promoted" : "") + (w.waitingFor().isEmpty() ? "" : " \"" + w.waitingFor() + "\"") + " ["
          + w.clients().stream().map(c -> c.client() + "=" + c.status()).collect(Collectors.joining(" ")) + "]");
    }
    return String.join("\n", lines);
  }

  private static String dash(String value) {
    return value.isEmpty() ? "-" : value;
  }

  private record Case(String name, Channel channel, RolloutDocument doc, Map<String, DeploymentDocument> deployments, Instant now,
      String expected) {}

  private static final RolloutDocument NOTHING = RolloutDocument.empty(R);

  private static final List<Case> CASES = List.of(
      new Case("nothing recorded yet: wave 1 open, the rest wait for it (the gate as it stands)", Channel.STABLE, NOTHING,
          Map.of(), T0, """
          ROLLING_OUT 1/3
          1 OPEN - - 0 [essence=]
          2 WAITING - - 0 "wave 2 waits for wave 1: essence (UNSEEN)" [northwind=]
          3 WAITING - - 0 "wave 3 waits for wave 1: essence (UNSEEN)" [acme= globex=]"""),
      new Case("wave 1 succeeded 10m 0.5s ago: soaking, the remaining time rounded up; wave 2's client waits", Channel.STABLE,
          rollout(Map.of(), Optional.empty(), Set.of(), Map.of(2, "wave 2 waits for wave 1's soak until 2026-12-07T10:30:00Z")),
          deployments(deployment("essence", "SUCCEEDED", 0), deployment("northwind", "WAITING_FOR_WAVE", 1)),
          at(10).plusMillis(500), """
          ROLLING_OUT 1/3
          1 SOAKING - 2026-12-07T10:30:00Z 1200 [essence=SUCCEEDED]
          2 WAITING - - 0 "wave 2 waits for wave 1's soak until 2026-12-07T10:30:00Z" [northwind=WAITING_FOR_WAVE]
          3 WAITING - - 0 "wave 3 waits for wave 1's soak until 2026-12-07T10:30:00Z" [acme= globex=]"""),
      new Case("a hotfix skips soak: nothing to wait out", Channel.HOTFIX, NOTHING,
          deployments(deployment("essence", "SUCCEEDED", 0)), at(1), """
          ROLLING_OUT 1/3
          1 DONE - - 0 [essence=SUCCEEDED]
          2 WAITING - - 0 "wave 2 may open: the hub opens it at its next evaluation" [northwind=]
          3 WAITING - - 0 "wave 3 waits for wave 2: northwind (UNSEEN)" [acme= globex=]"""),
      new Case("wave 2 opened after the soak and deploys; wave 3 waits for it", Channel.STABLE,
          rollout(Map.of(2, at(30)), Optional.empty(), Set.of(), Map.of(3, "wave 3 waits for wave 2: northwind (IN_FLIGHT)")),
          deployments(deployment("essence", "SUCCEEDED", 0), deployment("northwind", "STARTED", 31)), at(32), """
          ROLLING_OUT 2/3
          1 DONE - 2026-12-07T10:30:00Z 0 [essence=SUCCEEDED]
          2 OPEN 2026-12-07T10:30:00Z - 0 [northwind=STARTED]
          3 WAITING - - 0 "wave 3 waits for wave 2: northwind (IN_FLIGHT)" [acme= globex=]"""),
      new Case("an operator promoted wave 2 before wave 1's soak ended: no soak left to show", Channel.STABLE,
          rollout(Map.of(2, at(5)), Optional.empty(), Set.of(2), Map.of()),
          deployments(deployment("essence", "SUCCEEDED", 0), deployment("northwind", "SUCCEEDED", 6)), at(10), """
          ROLLING_OUT 2/3
          1 DONE - 2026-12-07T10:30:00Z 0 [essence=SUCCEEDED]
          2 SOAKING 2026-12-07T10:05:00Z 2026-12-07T11:06:00Z 3360 promoted [northwind=SUCCEEDED]
          3 WAITING - - 0 "wave 3 waits for wave 2's soak until 2026-12-07T11:06:00Z" [acme= globex=]"""),
      new Case("a FAILED in wave 1 halted the rollout by the halt rule: its wave and the closed ones show it", Channel.STABLE,
          rollout(Map.of(), Optional.of(new RolloutControl.Halt("essence", "essence FAILED in wave 1: FAILURE", "halt rule", at(3))),
              Set.of(), Map.of(2, "rollout halted: essence FAILED in wave 1: FAILURE (halt rule)")),
          deployments(deployment("essence", "FAILED", 3), deployment("northwind", "WAITING_FOR_WAVE", 1)), at(60), """
          HALTED 1/3 halt essence|essence FAILED in wave 1: FAILURE|halt rule
          1 HALTED - - 0 [essence=FAILED]
          2 HALTED - - 0 "rollout halted: essence FAILED in wave 1: FAILURE (halt rule)" [northwind=WAITING_FOR_WAVE]
          3 HALTED - - 0 "rollout halted: essence FAILED in wave 1: FAILURE (halt rule)" [acme= globex=]"""),
      new Case("an operator's halt while wave 2 deploys: the open waves go on, the closed one is held, no soak counts down",
          Channel.STABLE,
          rollout(Map.of(2, at(30)), Optional.of(new RolloutControl.Halt("", "error budget", "oncall@twosixty.example", at(40))),
              Set.of(), Map.of()),
          deployments(deployment("essence", "SUCCEEDED", 0), deployment("northwind", "SUCCEEDED", 35)), at(41), """
          HALTED 2/3 halt |error budget|oncall@twosixty.example
          1 DONE - 2026-12-07T10:30:00Z 0 [essence=SUCCEEDED]
          2 DONE 2026-12-07T10:30:00Z 2026-12-07T11:35:00Z 0 [northwind=SUCCEEDED]
          3 HALTED - - 0 "rollout halted: error budget (oncall@twosixty.example)" [acme= globex=]"""),
      new Case("every wave open and every client done (one decided not to take it): complete; the last wave has no soak",
          Channel.STABLE, rollout(Map.of(2, at(30), 3, at(100)), Optional.empty(), Set.of(), Map.of()),
          deployments(deployment("essence", "SUCCEEDED", 0), deployment("northwind", "SUCCEEDED", 40),
              deployment("acme", "SUCCEEDED", 110),
              deployment("globex", "SKIPPED", 101, Map.of("billing", Map.of("action", "SKIP", "reason", "not-run-by-client")))),
          at(200), """
          COMPLETE 3/3
          1 DONE - 2026-12-07T10:30:00Z 0 [essence=SUCCEEDED]
          2 DONE 2026-12-07T10:30:00Z 2026-12-07T11:40:00Z 0 [northwind=SUCCEEDED]
          3 DONE 2026-12-07T11:40:00Z - 0 [acme=SUCCEEDED globex=SKIPPED]"""),
      new Case("every wave open but a client of the last still waits for its approval: not complete", Channel.STABLE,
          rollout(Map.of(2, at(30), 3, at(100)), Optional.empty(), Set.of(), Map.of()),
          deployments(deployment("essence", "SUCCEEDED", 0), deployment("northwind", "SUCCEEDED", 40),
              deployment("acme", "AWAITING_APPROVAL", 110), deployment("globex", "SUCCEEDED", 101)), at(200), """
          ROLLING_OUT 3/3
          1 DONE - 2026-12-07T10:30:00Z 0 [essence=SUCCEEDED]
          2 DONE 2026-12-07T10:30:00Z 2026-12-07T11:40:00Z 0 [northwind=SUCCEEDED]
          3 OPEN 2026-12-07T11:40:00Z - 0 [acme=AWAITING_APPROVAL globex=SUCCEEDED]"""));

  @Test
  void eachCaseShowsItsWavesClientsSoakAndHalt() {
    for (Case c : CASES) {
      RolloutView view = RolloutView.of(POLICY, WAVES, c.channel(), c.doc(), c.deployments(), List.of(), c.now()).orElseThrow();
      assertEquals(c.expected(), lines(view), c.name());
    }
  }

  @Test
  void oneWaveIsNoRolloutAndTheSummaryCarriesTheListsFields() {
    assertEquals(Optional.empty(), RolloutView.of(RolloutPolicy.NONE, WAVES, Channel.STABLE, NOTHING, Map.of(), List.of(), T0));

    RolloutCommandDocument promote = new RolloutCommandDocument("4711", "promote", "ops", "", "2026-12-07T10:05:00.000Z", "APPLIED", "");
    RolloutView soaking = RolloutView.of(POLICY, WAVES, Channel.STABLE, NOTHING,
        deployments(deployment("essence", "SUCCEEDED", 0)), List.of(promote), at(10)).orElseThrow();
    assertEquals(new RolloutView.Summary("ROLLING_OUT", 1, 3, Optional.empty(), 1200), soaking.summary());
    assertEquals(List.of(promote), soaking.commands());
  }
}
