package com.twosixty.relay.state;

import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ClientState;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.pubsub.Outbox;
import com.twosixty.relay.pubsub.OutboxEntry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Port: a client's deployment state. Claims are the guard of "exactly-once effect": whoever claims a
 * deployment plans it and advances the services' targets in the same transaction, so a second or
 * concurrent delivery finds it claimed. Layout: README, "Firestore layout".
 *
 * <p>Every change that has an event writes it to the client's {@link Outbox} in the same transaction
 * ({@link StateEvents}); the caller publishes it after the commit and marks it sent.
 */
public interface StateStore extends Outbox {

  /**
   * In one transaction: when the deployment does not exist, read the client's state, plan with
   * {@code planner}, store the plan and move the DEPLOY services' targets; when it waits for approval
   * and {@code approving}, plan again the same way; when it was planned but its claimant's lease ran
   * out before it triggered, take it over. Otherwise it is a duplicate. A planned claim records
   * {@link StateEvents#claimed} in the outbox.
   */
  Claim claim(String client, DeploymentDraft draft, Function<ClientState, Plan> planner, boolean approving, Instant now);

  /**
   * As {@link #claim(String, DeploymentDraft, Function, boolean, Instant)}; {@code unsentListed}
   * learns which outbox entries the client's record listed unsent when the claim read it (before the
   * claim's own), for {@link Outbox#unsent(String, Optional)}. Not called by a store that keeps no list.
   */
  default Claim claim(String client, DeploymentDraft draft, Function<ClientState, Plan> planner, boolean approving,
      Instant now, Consumer<Optional<Set<String>>> unsentListed) {
    return claim(client, draft, planner, approving, now);
  }

  /** The build started: TRIGGERED, unless a later status was already recorded. */
  void markTriggered(String client, String deploymentId, String buildId, Instant now);

  /** A permanent failure before or while starting the build; records {@link StateEvents#failed}. */
  void markFailed(String client, String deploymentId, String reason, Instant now);

  /** Gives up a claim after a transient failure, so that the redelivery can take it. */
  void releaseLease(String client, String deploymentId);

  /**
   * AWAITING_APPROVAL becomes SKIPPED with the reason, recording {@link StateEvents#rejected} (its
   * id from {@code commandMessageId}); returns the deployment as it is afterwards.
   */
  Optional<DeploymentDocument> reject(String client, String releaseId, String reason, String commandMessageId, Instant now);

  Optional<DeploymentDocument> deployment(String client, String deploymentId);

  /**
   * Starts recording a release so that commands can find its images later; idempotent. The write
   * runs beside the claim and the trigger; {@link PendingWrite#await} before acking the message.
   */
  PendingWrite saveRelease(Release release, Instant now);

  /** A write under way; {@link #await} throws as the call itself would have. */
  @FunctionalInterface
  interface PendingWrite {
    void await();
  }

  Optional<Release> release(String releaseId);

  Map<String, ServiceDocument> services(String client);

  /**
   * Runtime pin of a service; "" records an explicit unpin (overrides the client file's pin).
   * {@code announced} is written to the outbox with it, atomically.
   */
  void setPin(String client, String service, String releaseId, Instant now, OutboxEntry announced);

  /** {@code announced} is written to the outbox with it, atomically. */
  void setFrozen(String client, boolean frozen, String by, String reason, Instant now, OutboxEntry announced);
}
