package com.twosixty.relay.rollout;

import com.twosixty.relay.firestore.RolloutDocument;
import java.util.Optional;

/**
 * client-deployer's side of the gate, pure: a client in wave 1 takes a release at once; a client in a
 * later wave only once the hub has opened its wave for the release ({@code rollouts/{releaseId}}) and
 * the rollout is not halted. The hub opens a wave only when {@link RolloutGates} says OPEN, so no
 * wave starts early, and an opened wave stays open, so none starts twice.
 */
public final class WaveAdmission {
  private WaveAdmission() {}

  /** @return what the client's wave waits for (its WAITING_FOR_WAVE reason); empty when it may take the release */
  public static Optional<String> waveWait(int wave, RolloutDocument rollout) {
    if (wave <= 1) {
      return Optional.empty();
    }
    RolloutControl control = rollout.control();
    if (control.halt().isPresent()) {
      RolloutControl.Halt halt = control.halt().get();
      return Optional.of(new Gate.Halted(wave, halt.client(), halt.reason(), halt.by()).describe());
    }
    if (control.isOpen(wave)) {
      return Optional.empty();
    }
    return Optional.of(rollout.waitingFor().getOrDefault(wave, "wave " + wave + " has not opened"));
  }
}
