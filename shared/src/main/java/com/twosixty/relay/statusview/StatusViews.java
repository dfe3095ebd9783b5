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

  /**
   * One release in a list, with each client's outcome ({@code client → status}, {@link Coverage#PARTIAL}
   * for a deployment that SUCCEEDED with services held back), those services ({@code heldBack}: client →
   * service → reason), the clients whose deploy of it deploy-reporter asked to roll back ({@code autoRollbacks})
   * and its rollout across the waves ({@code rollout}, without its commands: the API lists it in brief,
   * {@link RolloutView#summary}; empty when the hub's policy has one wave).
   */
  public record ReleaseSummary(String releaseId, long sequence, String channel, String createdAt,
      List<String> services, Map<String, String> clients, Map<String, Map<String, String>> heldBack,
      List<String> autoRollbacks, java.util.Optional<RolloutView> rollout) {
    public ReleaseSummary {
      services = List.copyOf(services);
      clients = Collections.unmodifiableMap(new TreeMap<>(clients));
      heldBack = Collections.unmodifiableMap(new TreeMap<>(heldBack));
      autoRollbacks = List.copyOf(autoRollbacks);
    }

    /** Without waves. */
    public ReleaseSummary(String releaseId, long sequence, String channel, String createdAt, List<String> services,
        Map<String, String> clients, Map<String, Map<String, String>> heldBack, List<String> autoRollbacks) {
      this(releaseId, sequence, channel, createdAt, services, clients, heldBack, autoRollbacks, java.util.Optional.empty());
    }
  }

  /** {@code nextPageToken} is {@code ""} on the last page. */
  public record ReleasePage(List<ReleaseSummary> releases, String nextPageToken) {
    public ReleasePage {
      releases = List.copyOf(releases);
    }
  }

  /**
   * A release and what every client that saw it made of it; {@code release} is null if only deployments
   * name it; {@code rollout}: its rollout across the waves (empty when the hub's policy has one wave).
   */
  public record ReleaseDetail(ReleaseRecord release, String releaseId, List<ClientOutcome> clients,
      java.util.Optional<RolloutView> rollout) {
    public ReleaseDetail {
      clients = List.copyOf(clients);
    }

    /** Without waves. */
    public ReleaseDetail(ReleaseRecord release, String releaseId, List<ClientOutcome> clients) {
      this(release, releaseId, clients, java.util.Optional.empty());
    }
  }

  /**
   * One client's outcome of a release: overall status ({@link Coverage#PARTIAL} when it deployed some
   * of what it takes), the services it held back ({@code heldBack}: service → reason), per service,
   * and the deployments behind it.
   */
  public record ClientOutcome(String client, String status, Map<String, String> heldBack,
      Map<String, ServiceOutcome> services, List<DeploymentView> deployments) {
    public ClientOutcome {
      heldBack = Collections.unmodifiableMap(new LinkedHashMap<>(heldBack));
      services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
      deployments = List.copyOf(deployments);
    }
  }

  /** {@code running}: the client runs this release of the service now. */
  public record ServiceOutcome(String status, String reason, String deploymentId, String kind, String buildId,
      String logUrl, boolean running) {}

  /** {@code commands}: the audit trail, newest first, at most {@link StatusQueries#RECENT_COMMANDS}. */
  public record ClientDetail(ClientView client, List<ServiceDocument> services, List<PendingApproval> pendingApprovals,
      List<DeploymentView> recentDeployments, List<CommandDocument> commands) {
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
      List<PendingApproval> awaitingApproval, List<ReleaseSummary> recentReleases, List<CommandDocument> recentCommands,
      List<DeploymentView> recentDeployments) {
    public Dashboard {
      services = List.copyOf(services);
      rows = List.copyOf(rows);
      awaitingApproval = List.copyOf(awaitingApproval);
      recentReleases = List.copyOf(recentReleases);
      recentCommands = List.copyOf(recentCommands);
      recentDeployments = List.copyOf(recentDeployments);
    }

    public List<String> clientIds() {
      return rows.stream().map(row -> row.client().id()).toList();
    }
  }

  /** One client's row: its services by name. */
  public record DashboardRow(ClientView client, Map<String, ServiceDocument> services) {
    public DashboardRow {
      services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }
  }

  /**
   * A client as release-status shows it: what commands set (the stored {@code record}), what its file
   * says ({@code configured}: it has one in {@code clients/}; {@code approval}, {@code channel},
   * {@code services} ([] = all), {@code autoRollback}, {@code freezeWindows}), its pins from both
   * sources, whether it is frozen now and why ({@code frozenNow}, {@code ""} when it is not), and per
   * service whether it is behind the newest release it takes.
   */
  public record ClientView(ClientRecord record, boolean configured, String approval, String channel, List<String> services,
      boolean autoRollback, String project, List<FreezeWindowView> freezeWindows, String frozenNow, Map<String, Pin> pins,
      List<Standing.ServiceStanding> standing) {
    public ClientView {
      services = List.copyOf(services);
      freezeWindows = List.copyOf(freezeWindows);
      pins = Collections.unmodifiableMap(new TreeMap<>(pins));
      standing = List.copyOf(standing);
    }

    public String id() {
      return record.id();
    }

    /** Whether any service is behind the newest release it takes. */
    public boolean behind() {
      return standing.stream().anyMatch(Standing.ServiceStanding::behind);
    }

    /** The pin that holds the service, if one does. */
    public java.util.Optional<Pin> pinOf(String service) {
      return java.util.Optional.ofNullable(pins.get(service)).filter(Pin::holds);
    }
  }

  /**
   * One weekly freeze window of the client file, and whether it is open now ({@code openUntil}: when
   * it closes, RFC 3339 with the window's offset; {@code ""} when it is closed).
   */
  public record FreezeWindowView(String day, String start, String duration, String timeZone, boolean open, String openUntil) {}

  /**
   * A deployment as release-status shows it: the stored document, its outcome ({@code status}:
   * {@link Coverage#PARTIAL} when it held services back), what it held back, its build's log
   * ({@link BuildLinks}), and for a rollback or redeploy who asked and why ({@code requestedBy},
   * {@code requestReason}, from the command's audit record; {@code automatic}: deploy-reporter's auto rollback).
   */
  public record DeploymentView(DeploymentDocument deployment, String status, Map<String, String> heldBack, String logUrl,
      String requestedBy, String requestReason, boolean automatic) {
    public DeploymentView {
      heldBack = Collections.unmodifiableMap(new LinkedHashMap<>(heldBack));
    }
  }
}
