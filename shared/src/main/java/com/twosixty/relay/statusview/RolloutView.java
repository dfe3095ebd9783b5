package com.twosixty.relay.statusview;

import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.rollout.ClientStanding;
import com.twosixty.relay.rollout.Gate;
import com.twosixty.relay.rollout.RolloutControl;
import com.twosixty.relay.rollout.RolloutGates;
import com.twosixty.relay.rollout.RolloutPolicy;
import com.twosixty.relay.rollout.Standing;
import com.twosixty.relay.rollout.Standings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A release's rollout across the waves as release-status shows it (README: Waves, status API):
 * composed, pure, from the hub's policy ({@code RELAY_ROLLOUT}), each client file's wave, the hub's
 * record ({@code rollouts/{releaseId}}), each client's own deployment of the release and the
 * rollout's commands.
 *
 * @param state {@link #ROLLING_OUT}, {@link #HALTED} or {@link #COMPLETE}
 * @param halt the halt in force (only when {@link #HALTED})
 * @param openWaves how many waves are open (wave 1 always is)
 * @param waves every wave of the policy, wave 1 first
 * @param commands the rollout's commands, newest first
 */
public record RolloutView(String state, Optional<RolloutControl.Halt> halt, int openWaves, List<WaveView> waves,
    List<RolloutCommandDocument> commands) {

  public static final String ROLLING_OUT = "ROLLING_OUT";
  public static final String HALTED = "HALTED";
  /** Every wave open and every client of every wave done with the release (no one still deploying or waiting). */
  public static final String COMPLETE = "COMPLETE";

  /** A wave whose clients still deploy (or wait for their approval, or have not received it). */
  public static final String OPEN = "OPEN";
  /** Its clients are done; the next wave waits out its soak time ({@code soakRemainingSeconds}). */
  public static final String SOAKING = "SOAKING";
  /** Not opened yet: {@code waitingFor} says for what. */
  public static final String WAITING = "WAITING";
  /** The failing client of a halted rollout is in it, or it is closed and held by the halt. */
  public static final String WAVE_HALTED = "HALTED";
  /** Open, its clients done, and nothing after it waits for its soak. */
  public static final String DONE = "DONE";

  /** Standings of a client that has not finished with the release. */
  private static final Set<Standing> UNFINISHED =
      EnumSet.of(Standing.UNSEEN, Standing.AWAITING_APPROVAL, Standing.IN_FLIGHT, Standing.WAITING_FOR_WAVE);

  public RolloutView {
    waves = List.copyOf(waves);
    commands = List.copyOf(commands);
  }

  /**
   * One wave.
   *
   * @param openedAt when the hub opened it; {@code ""} for wave 1 (open from the start) and a closed wave
   * @param soakEndsAt when its soak ends (its last success + its soak time); {@code ""} when no soak applies
   *     (the last wave, no soak time, a hotfix that skips soak, no client succeeded yet or one still deploys)
   * @param soakRemainingSeconds until then, rounded up, while the next wave waits for it; 0 otherwise
   * @param promoted an operator's {@code promote} let it start before the previous wave's soak ended
   * @param waitingFor what a closed wave waits for (the gate's text); {@code ""} once open
   * @param clients its clients (by id) and the status of each one's own deployment of the release
   */
  public record WaveView(int wave, String state, String openedAt, String soakEndsAt, long soakRemainingSeconds, boolean promoted,
      String waitingFor, List<ClientState> clients) {
    public WaveView {
      clients = List.copyOf(clients);
    }
  }

  /** @param status the client's deployment status with the release ({@code ""}: nothing recorded) */
  public record ClientState(String client, String status) {}

  /** For a list of releases: the state, how many waves are open of how many, the halt, and the soak under way. */
  public record Summary(String state, int openWaves, int waves, Optional<RolloutControl.Halt> halt, long soakRemainingSeconds) {}

  /** The soak under way (the longest, if two waves soak at once); 0 when none. */
  public long soakRemainingSeconds() {
    return waves.stream().mapToLong(WaveView::soakRemainingSeconds).max().orElse(0);
  }

  public Summary summary() {
    return new Summary(state, openWaves(), waves.size(), halt, soakRemainingSeconds());
  }

  /**
   * @param clientWaves each client file's wave ({@link RolloutPolicy#waveOf}), by client id
   * @param deployments each client's own deployment of the release (its id is the release's), by client id
   * @param commands the rollout's commands, newest first
   * @return empty when the policy has one wave: there is no rollout to show
   */
  public static Optional<RolloutView> of(RolloutPolicy policy, Map<String, Integer> clientWaves, Channel channel, RolloutDocument doc,
      Map<String, DeploymentDocument> deployments, List<RolloutCommandDocument> commands, Instant now) {
    if (!policy.staged()) {
      return Optional.empty();
    }
    RolloutControl control = doc.control();
    List<ClientStanding> standings = new ArrayList<>();
    new TreeMap<>(clientWaves).forEach((client, wave) ->
        standings.add(Standings.of(client, wave, Optional.ofNullable(deployments.get(client)))));
    Optional<RolloutControl.Halt> halt = control.halt();
    List<WaveView> waves = new ArrayList<>();
    boolean unfinished = false;
    for (int wave = 1; wave <= policy.waves(); wave++) {
      int w = wave;
      List<ClientStanding> inWave = standings.stream().filter(s -> s.wave() == w).toList();
      boolean pending = inWave.stream().anyMatch(s -> UNFINISHED.contains(s.standing()));
      unfinished |= pending;
      boolean open = control.isOpen(wave);
      Optional<Instant> soakEnds = Optional.empty();
      if (wave < policy.waves() && policy.soaks(channel) && !policy.soak(wave).isZero() && !pending) {
        soakEnds = inWave.stream().filter(s -> s.standing() == Standing.SUCCEEDED).map(ClientStanding::at)
            .max(Comparator.naturalOrder()).map(last -> last.plus(policy.soak(w)));
      }
      long remaining = 0;
      if (open && soakEnds.isPresent() && halt.isEmpty() && !control.isOpen(wave + 1) && !control.promoted().contains(wave + 1)
          && now.isBefore(soakEnds.get())) {
        remaining = ceilSeconds(Duration.between(now, soakEnds.get()));
      }
      String state;
      if (!open) {
        state = halt.isPresent() ? WAVE_HALTED : WAITING;
      } else if (halt.isPresent() && inWave.stream().anyMatch(s -> s.client().equals(halt.get().client()))) {
        state = WAVE_HALTED;
      } else if (pending) {
        state = OPEN;
      } else if (remaining > 0) {
        state = SOAKING;
      } else {
        state = DONE;
      }
      String waitingFor = open ? "" : waitingFor(policy, channel, doc, standings, wave, now);
      waves.add(new WaveView(wave, state, Optional.ofNullable(control.opened().get(wave)).map(Instant::toString).orElse(""),
          soakEnds.map(Instant::toString).orElse(""), remaining, control.promoted().contains(wave), waitingFor,
          inWave.stream().map(s -> new ClientState(s.client(),
              Optional.ofNullable(deployments.get(s.client())).map(DeploymentDocument::status).orElse(""))).toList()));
    }
    int openWaves = (int) waves.stream().filter(w -> control.isOpen(w.wave())).count();
    String state = halt.isPresent() ? HALTED : openWaves == waves.size() && !unfinished ? COMPLETE : ROLLING_OUT;
    return Optional.of(new RolloutView(state, halt, openWaves, waves, commands));
  }

  /** The hub's last word on a closed wave; the gate as it stands now when it has none yet. */
  private static String waitingFor(RolloutPolicy policy, Channel channel, RolloutDocument doc, List<ClientStanding> standings,
      int wave, Instant now) {
    if (doc.control().halt().isPresent()) {
      RolloutControl.Halt halt = doc.control().halt().get();
      return new Gate.Halted(wave, halt.client(), halt.reason(), halt.by()).describe();
    }
    String recorded = doc.waitingFor().getOrDefault(wave, "");
    if (!recorded.isEmpty()) {
      return recorded;
    }
    Gate gate = RolloutGates.evaluate(channel, policy, standings, doc.control(), wave, now);
    return gate instanceof Gate.Open ? "wave " + wave + " may open: the hub opens it at its next evaluation" : gate.describe();
  }

  private static long ceilSeconds(Duration duration) {
    long seconds = duration.getSeconds();
    return duration.getNano() > 0 ? seconds + 1 : seconds;
  }
}
