package com.twosixty.relay.report;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import java.util.List;
import java.util.Optional;

/** What one deploy-build notification does to a stored deployment. */
public sealed interface Transition permits Transition.Stale, Transition.Advance {

  /**
   * A duplicate or a notification that arrived after a later one: nothing changes and no event is
   * emitted, except a rollback that was requested but whose publication did not complete.
   */
  record Stale(DeploymentStatus stored, DeploymentStatus reported, Optional<Command> pendingRollback)
      implements Transition {}

  /** The deployment moves forward: write these changes, then publish the event (and the rollback). */
  record Advance(
      DeploymentEvent event,
      DeploymentChange deployment,
      List<ServiceChange> services,
      Optional<Command> rollback) implements Transition {

    public Advance {
      services = List.copyOf(services);
    }
  }

  /** The deployment document's new progress fields; {@code requestAutoRollback} sets {@code autoRollback {requested: true, published: false}}. */
  record DeploymentChange(
      DeploymentStatus status,
      String buildId,
      String logUrl,
      String reason,
      String updatedAt,
      boolean requestAutoRollback) {}

  /** One service document's changes; an empty field stays as stored. */
  record ServiceChange(
      String service,
      Optional<LastEvent> last,
      Optional<RunningRelease> running,
      Optional<RunningRelease> previous) {

    public boolean isEmpty() {
      return last.isEmpty() && running.isEmpty() && previous.isEmpty();
    }
  }
}
