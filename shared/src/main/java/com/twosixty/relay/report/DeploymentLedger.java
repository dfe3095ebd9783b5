package com.twosixty.relay.report;

import com.twosixty.relay.pubsub.Outbox;
import java.util.Optional;
import java.util.function.Function;

/**
 * Port: the deployments and services a deploy build reports on, changed atomically, and the client's
 * {@link Outbox}: an {@link Transition.Advance} writes its event there ({@link DeployReports#announced})
 * in the same transaction.
 */
public interface DeploymentLedger extends Outbox {

  /**
   * In one transaction: reads {@code clients/{client}/deployments/{build.deploymentId}}, the
   * documents of the services the build or the deployment names (and the release's images for
   * services the build gave none), lets {@code decide} choose, and writes what an
   * {@link Transition.Advance} changes, with its event's outbox entry.
   *
   * @return the transition, or empty when the deployment document does not exist
   */
  Optional<Transition> apply(String client, DeployBuild build, Function<DeploymentSnapshot, Transition> decide);

  /** Sets {@code autoRollback.published}: the rollback command is on its topic. */
  void markAutoRollbackPublished(String client, String deploymentId);
}
