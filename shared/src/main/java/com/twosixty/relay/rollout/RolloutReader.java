package com.twosixty.relay.rollout;

import com.twosixty.relay.firestore.RolloutDocument;

/** Port: the hub's record of a release's rollout ({@code rollouts/{releaseId}}), as client-deployer reads it. */
@FunctionalInterface
public interface RolloutReader {
  /** Not staged: nothing is read, no wave is ever held. */
  RolloutReader NONE = RolloutDocument::empty;

  /** The record, or {@link RolloutDocument#empty} when the hub has written none yet. */
  RolloutDocument rollout(String releaseId);
}
