package com.twosixty.relay.rollout;

import com.twosixty.relay.contract.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The gate rules (issue 22), pure. A client in wave N+1 takes a release only after every wave-N
 * client has either SUCCEEDED with it or decided by policy not to take it, and the wave's soak time
 * has passed since the last of them succeeded. A frozen client (unless the hub says otherwise), one
 * waiting for its manual approval, one still deploying and one that has not received the release
 * hold the next wave. A failure that meets the halt rule halts the rollout: no later wave opens.
 * Waves chain: wave 3's gate also needs wave 1 done.
 */
public final class RolloutGates {
  /** Who halts when the rule does. */
  public static final String HALT_RULE = "halt rule";

  private RolloutGates() {}

  /**
   * @param channel the release's channel (a hotfix may skip soak times)
   * @param clients every client's standing with the release (the clients of {@code wave} and later are ignored)
   * @param control what the hub recorded for the release's rollout
   * @param wave the wave whose gate is asked for
   */
  public static Gate evaluate(Channel channel, RolloutPolicy policy, Collection<ClientStanding> clients,
      RolloutControl control, int wave, Instant now) {
    if (wave <= 1) {
      return new Gate.Open(wave);
    }
    Optional<Gate.Halted> halted = halt(policy, clients, control, wave);
    if (halted.isPresent()) {
      return halted.get();
    }
    if (control.isOpen(wave)) {
      return new Gate.Open(wave);
    }
    for (int earlier = 1; earlier < wave; earlier++) {
      int k = earlier;
      List<ClientStanding> inWave = clients.stream().filter(c -> c.wave() == k)
          .sorted(Comparator.comparing(ClientStanding::client)).toList();
      List<String> holding = new ArrayList<>();
      for (ClientStanding client : inWave) {
        if (holds(policy, control, client)) {
          holding.add(client.client() + " (" + client.standing() + ")");
        }
      }
      if (!holding.isEmpty()) {
        return new Gate.Wait(wave, k, holding, Optional.empty());
      }
      if (control.isOpen(k + 1) || control.promoted().contains(k + 1) || !policy.soaks(channel)) {
        continue;
      }
      Optional<Instant> lastSuccess = inWave.stream().filter(c -> c.standing() == Standing.SUCCEEDED)
          .map(ClientStanding::at).max(Comparator.naturalOrder());
      if (lastSuccess.isPresent()) {
        Instant until = lastSuccess.get().plus(policy.soak(k));
        if (now.isBefore(until)) {
          return new Gate.Wait(wave, k, List.of(), Optional.of(until));
        }
      }
    }
    return new Gate.Open(wave);
  }

  /**
   * The halt that keeps {@code wave} closed: an operator's, or the first failure (by time) in an
   * earlier wave that meets the halt rule and came after the last resume.
   */
  public static Optional<Gate.Halted> halt(RolloutPolicy policy, Collection<ClientStanding> clients, RolloutControl control,
      int wave) {
    if (control.halt().isPresent()) {
      RolloutControl.Halt halt = control.halt().get();
      return Optional.of(new Gate.Halted(wave, halt.client(), halt.reason(), halt.by()));
    }
    return clients.stream()
        .filter(c -> c.wave() < wave && haltsRollout(policy, control, c))
        .min(Comparator.comparing(ClientStanding::at).thenComparing(ClientStanding::client))
        .map(c -> new Gate.Halted(wave, c.client(), failureReason(c), HALT_RULE));
  }

  /** Whether this client's standing halts the rollout under the policy's halt rule. */
  public static boolean haltsRollout(RolloutPolicy policy, RolloutControl control, ClientStanding client) {
    RolloutPolicy.HaltCause cause = switch (client.standing()) {
      case FAILED -> RolloutPolicy.HaltCause.FAILED;
      case ROLLED_BACK -> RolloutPolicy.HaltCause.ROLLED_BACK;
      default -> null;
    };
    return cause != null && policy.haltOn().contains(cause) && client.at().isAfter(control.resumedAt());
  }

  /** "acme FAILED in wave 1: FAILURE". */
  public static String failureReason(ClientStanding client) {
    return client.client() + " " + client.standing() + " in wave " + client.wave()
        + (client.reason().isEmpty() ? "" : ": " + client.reason());
  }

  /** Whether an earlier wave's client keeps the next wave closed. */
  private static boolean holds(RolloutPolicy policy, RolloutControl control, ClientStanding client) {
    return switch (client.standing()) {
      case SUCCEEDED, NOT_TAKING -> false;
      // A failure not counted by the halt rule (or from before a resume) is this client's decided outcome.
      case FAILED, ROLLED_BACK -> false;
      case FROZEN -> policy.frozenHoldsWave();
      case UNSEEN, AWAITING_APPROVAL, IN_FLIGHT, WAITING_FOR_WAVE -> true;
      // Overtaken by a newer release there: this one goes no further (RolloutProgress stops ticking it).
      case SUPERSEDED -> true;
    };
  }
}
