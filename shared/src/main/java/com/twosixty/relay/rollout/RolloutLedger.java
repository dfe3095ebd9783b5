package com.twosixty.relay.rollout;

import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ReleaseDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Port: what the hub's release-rollout reads and writes (README: Firestore layout). */
public interface RolloutLedger {
  /** {@code releases/{releaseId}}, as the first client that received it stored it. */
  Optional<ReleaseDocument> release(String releaseId);

  /** Each client's deployment of the release ({@code clients/{client}/deployments/{releaseId}}), by client. */
  Map<String, DeploymentDocument> deployments(String releaseId);

  RolloutDocument rollout(String releaseId);

  /** In one transaction: reads the document ({@link RolloutDocument#empty} if none), writes {@code change}'s result if it differs, returns it. */
  RolloutDocument update(String releaseId, UnaryOperator<RolloutDocument> change);

  /**
   * One rollout command, once per message id, in one transaction: when
   * {@code rollouts/{releaseId}/commands/{messageId}} exists already (a redelivery), nothing is written
   * and that record is returned; else {@code handle} decides on the rollout as read ({@link RolloutDocument#empty}
   * if none), its document is written if it changed, and its record created beside it.
   *
   * @return the record kept for the message id
   */
  RolloutCommandDocument command(String releaseId, String messageId, Function<RolloutDocument, Handled> handle);

  /** What a command made of a rollout: the document after it, and its audit record. */
  record Handled(RolloutDocument after, RolloutCommandDocument record) {}

  /** The releases whose rollout is {@link RolloutDocument#active}: the tick's work. */
  List<String> active();
}
