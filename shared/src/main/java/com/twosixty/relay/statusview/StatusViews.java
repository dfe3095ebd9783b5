package com.twosixty.relay.statusview;

import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.ServiceDocument;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What release-status answers: the read model composed from the stored documents. Maps keep their
 * order (clients by id, services as the release lists them), so JSON answers are stable.
 */
public final class StatusViews {
  private StatusViews() {}

  /** One release in a list, with each client's outcome ({@code client → status}). */
  public record ReleaseSummary(String releaseId, long sequence, String channel, String createdAt,
      List<String> services, Map<String, String> clients) {
    public ReleaseSummary {
      services = List.copyOf(services);
      clients = Collections.unmodifiableMap(new TreeMap<>(clients));
    }
  }

  /** {@code nextPageToken} is {@code ""} on the last page. */
  public record ReleasePage(List<ReleaseSummary> releases, String nextPageToken) {
    public ReleasePage {
      releases = List.copyOf(releases);
    }
  }

  /** A release and what every client that saw it made of it; {@code release} is null if only deployments name it. */
  public record ReleaseDetail(ReleaseRecord release, String releaseId, List<ClientOutcome> clients) {
    public ReleaseDetail {
      clients = List.copyOf(clients);
    }
  }

  /** One client's outcome of a release: overall status, per service, and the deployments behind it. */
  public record ClientOutcome(String client, String status, Map<String, ServiceOutcome> services,
      List<DeploymentDocument> deployments) {
    public ClientOutcome {
      services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
      deployments = List.copyOf(deployments);
    }
  }

  /** {@code running}: the client runs this release of the service now. */
  public record ServiceOutcome(String status, String reason, String deploymentId, String kind, String buildId,
      String logUrl, boolean running) {}

  /** {@code commands}: the audit trail, newest first, at most {@link StatusQueries#RECENT_COMMANDS}. */
  public record ClientDetail(ClientRecord client, List<ServiceDocument> services, List<PendingApproval> pendingApprovals,
      List<DeploymentDocument> recentDeployments, List<CommandDocument> commands) {
    public ClientDetail {
      services = List.copyOf(services);
      pendingApprovals = List.copyOf(pendingApprovals);
      recentDeployments = List.copyOf(recentDeployments);
      commands = List.copyOf(commands);
    }
  }

  public record PendingApproval(String client, String deploymentId, String releaseId, long sequence,
      List<String> services, String since) {
    public PendingApproval {
      services = List.copyOf(services);
    }
  }

  /**
   * The dashboard: clients × services, what waits for approval, the recent releases' fan-out, and
   * per client its latest commands ({@code recentCommands}: clients in id order, each newest first).
   */
  public record Dashboard(String generatedAt, List<String> services, List<DashboardRow> rows,
      List<PendingApproval> awaitingApproval, List<ReleaseSummary> recentReleases, List<CommandDocument> recentCommands) {
    public Dashboard {
      services = List.copyOf(services);
      rows = List.copyOf(rows);
      awaitingApproval = List.copyOf(awaitingApproval);
      recentReleases = List.copyOf(recentReleases);
      recentCommands = List.copyOf(recentCommands);
    }

    public List<String> clientIds() {
      return rows.stream().map(row -> row.client().id()).toList();
    }
  }

  /** One client's row: its services by name. */
  public record DashboardRow(ClientRecord client, Map<String, ServiceDocument> services) {
    public DashboardRow {
      services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }
  }
}
