package com.twosixty.relay.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Whether a wave may start a release now, and if not, what it waits for or who halted it. */
public sealed interface Gate {

  /** One line for a WAITING_FOR_WAVE deployment's reason, an event, a log. */
  String describe();

  record Open(int wave) implements Gate {
    @Override
    public String describe() {
      return "wave " + wave + " is open";
    }
  }

  /**
   * @param wave the wave whose gate this is
   * @param holding the earlier wave that holds it
   * @param waitingFor the clients of that wave it waits for, each {@code "client (standing)"}; empty when only the soak holds it
   * @param soakUntil when the soak ends, when the soak holds it
   */
  record Wait(int wave, int holding, List<String> waitingFor, Optional<Instant> soakUntil) implements Gate {
    public Wait {
      waitingFor = List.copyOf(waitingFor);
    }

    @Override
    public String describe() {
      if (!waitingFor.isEmpty()) {
        return "wave " + wave + " waits for wave " + holding + ": " + String.join(", ", waitingFor);
      }
      return "wave " + wave + " waits for wave " + holding + "'s soak until " + soakUntil.map(Instant::toString).orElse("?");
    }
  }

  /** @param client the failing client, {@code ""} when an operator halted it */
  record Halted(int wave, String client, String reason, String by) implements Gate {
    @Override
    public String describe() {
      return "rollout halted: " + reason + " (" + by + ")";
    }
  }
}
