package com.twosixty.relay.statusview;

import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Port: the read side of the Firestore layout (README, "Firestore layout"). Reads only. */
public interface StatusReader {

  /** Releases newest first (by {@code sequence}, then id), starting after {@code after} when given. */
  List<ReleaseRecord> releases(int limit, Optional<ReleaseCursor> after);

  Optional<ReleaseRecord> release(String releaseId);

  /** Every client's deployments of these releases (rollbacks and redeploys to them included). */
  List<DeploymentDocument> deploymentsOf(Collection<String> releaseIds);

  /** Ids of all clients: documents under {@code clients/}, also those that only have subcollections. */
  List<String> clientIds();

  /** The client document; {@link ClientRecord#bare} when only its subcollections exist; empty when unknown. */
  Optional<ClientRecord> client(String clientId);

  List<ServiceDocument> services(String clientId);

  /** These services' documents of the client, those that exist (one batch read, no query). */
  List<ServiceDocument> services(String clientId, Collection<String> services);

  /** These deployments of the client, by id, those that exist (one batch read, no query). */
  List<DeploymentDocument> deployments(String clientId, Collection<String> deploymentIds);

  /** The client's deployments, most recently updated first. */
  List<DeploymentDocument> recentDeployments(String clientId, int limit);

  List<DeploymentDocument> awaitingApproval(String clientId);

  /** The commands the client's deployer handled ({@code clients/{id}/commands}), newest first, at most {@code limit}. */
  List<CommandDocument> commands(String clientId, int limit);

  /** One command's audit record ({@code clients/{id}/commands/{messageId}}), if the client's deployer recorded it. */
  Optional<CommandDocument> command(String clientId, String messageId);

  /** The hub's rollout records of these releases ({@code rollouts/{releaseId}}, one batch read), those that exist, by release id. */
  Map<String, RolloutDocument> rollouts(Collection<String> releaseIds);

  /** The release's rollout commands ({@code rollouts/{releaseId}/commands}), newest first, at most {@code limit}. */
  List<RolloutCommandDocument> rolloutCommands(String releaseId, int limit);

  /** Where a page of releases ends: the next page starts after it. */
  record ReleaseCursor(long sequence, String releaseId) {}
}
