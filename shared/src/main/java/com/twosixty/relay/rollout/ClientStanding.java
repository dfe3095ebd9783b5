package com.twosixty.relay.rollout;

import java.time.Instant;

/**
 * One client's standing with a release.
 *
 * @param wave the client's wave ({@link RolloutPolicy#waveOf})
 * @param at when it came to this standing (the deployment's {@code updatedAt}; {@link Instant#EPOCH} if unknown)
 * @param reason the deployment's reason, for the halt's and the wait's wording
 */
public record ClientStanding(String client, int wave, Standing standing, Instant at, String reason) {

  public static ClientStanding unseen(String client, int wave) {
    return new ClientStanding(client, wave, Standing.UNSEEN, Instant.EPOCH, "");
  }
}
