package com.twosixty.relay.statusview;

import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceDecision.Action;
import com.twosixty.relay.statusview.StatusReader.ReleaseCursor;
import com.twosixty.relay.statusview.StatusViews.ClientDetail;
import com.twosixty.relay.statusview.StatusViews.ClientOutcome;
import com.twosixty.relay.statusview.StatusViews.Dashboard;
import com.twosixty.relay.statusview.StatusViews.DashboardRow;
import com.twosixty.relay.statusview.StatusViews.PendingApproval;
import com.twosixty.relay.statusview.StatusViews.ReleaseDetail;
import com.twosixty.relay.statusview.StatusViews.ReleasePage;
import com.twosixty.relay.statusview.StatusViews.ReleaseSummary;
import com.twosixty.relay.statusview.StatusViews.ServiceOutcome;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** release-status's answers, composed from the stored documents through a {@link StatusReader}. */
public final class StatusQueries {
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;
  public static final int RECENT_DEPLOYMENTS = 10;
  public static final int DASHBOARD_RELEASES = 8;
  /** The newest commands a client's record shows. */
  public static final int RECENT_COMMANDS = 20;
  /** The newest commands the dashboard shows per client. */
  public static final int DASHBOARD_COMMANDS = 5;

  /** What a Firestore document id can be here; anything else cannot name a stored document. */
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

  /** Newest first by {@code updatedAt}; RFC 3339 strings do not sort as text when their fractions differ. */
  private static final Comparator<DeploymentDocument> NEWEST_FIRST =
      Comparator.comparing((DeploymentDocument d) -> instantOrMin(d.updatedAt())).reversed()
          .thenComparing(DeploymentDocument::deploymentId);

  private final StatusReader reader;
  private final Clock clock;

  public StatusQueries(StatusReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  /** Whether a path segment can name a release or client at all (else: 404 without a read). */
  public static boolean isId(String value) {
    return value != null && ID.matcher(value).matches();
  }

  /**
   * @param pageSize {@code null}/"" for the default, else 1 to {@value #MAX_PAGE_SIZE}
   * @param pageToken {@code null}/"" for the first page, else a previous page's {@code nextPageToken}
   * @throws BadRequest for anything else
   */
  public ReleasePage releases(String pageSize, String pageToken) {
    int size = pageSize(pageSize);
    Optional<ReleaseCursor> after = ReleasePageToken.decode(pageToken);
    List<ReleaseRecord> found = reader.releases(size + 1, after);
    List<ReleaseRecord> page = found.subList(0, Math.min(size, found.size()));
    String next = "";
    if (found.size() > size) {
      ReleaseRecord last = page.get(page.size() - 1);
      next = ReleasePageToken.encode(new ReleaseCursor(last.sequence(), last.releaseId()));
    }
    return new ReleasePage(summaries(page), next);
  }

  public Optional<ReleaseDetail> release(String releaseId) {
    if (!isId(releaseId)) {
      return Optional.empty();
    }
    Optional<ReleaseRecord> release = reader.release(releaseId);
    List<DeploymentDocument> deployments = reader.deploymentsOf(List.of(releaseId));
    if (release.isEmpty() && deployments.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<DeploymentDocument>> byClient = byClient(deployments);
    List<ClientOutcome> clients = new ArrayList<>();
    for (Map.Entry<String, List<DeploymentDocument>> entry : byClient.entrySet()) {
      Map<String, RunningRelease> running = new LinkedHashMap<>();
      for (ServiceDocument service : reader.services(entry.getKey())) {
        service.running().ifPresent(r -> running.put(service.service(), r));
      }
      clients.add(outcome(entry.getKey(), releaseId, release.map(ReleaseRecord::serviceNames).orElse(List.of()),
          entry.getValue(), running));
    }
    return Optional.of(new ReleaseDetail(release.orElse(null), releaseId, clients));
  }

  public List<ClientRecord> clients() {
    List<ClientRecord> clients = new ArrayList<>();
    for (String id : reader.clientIds()) {
      reader.client(id).ifPresent(clients::add);
    }
    return clients;
  }

  public Optional<ClientDetail> client(String clientId) {
    if (!isId(clientId)) {
      return Optional.empty();
    }
    return reader.client(clientId).map(client -> new ClientDetail(client, reader.services(clientId),
        pending(clientId), reader.recentDeployments(clientId, RECENT_DEPLOYMENTS), reader.commands(clientId, RECENT_COMMANDS)));
  }

  public Dashboard dashboard() {
    List<DashboardRow> rows = new ArrayList<>();
    Set<String> services = new TreeSet<>();
    List<PendingApproval> awaiting = new ArrayList<>();
    List<CommandDocument> commands = new ArrayList<>();
    for (ClientRecord client : clients()) {
      Map<String, ServiceDocument> byName = new LinkedHashMap<>();
      for (ServiceDocument service : reader.services(client.id())) {
        byName.put(service.service(), service);
      }
      services.addAll(byName.keySet());
      rows.add(new DashboardRow(client, byName));
      awaiting.addAll(pending(client.id()));
      commands.addAll(reader.commands(client.id(), DASHBOARD_COMMANDS));
    }
    return new Dashboard(clock.instant().toString(), List.copyOf(services), rows, awaiting,
        summaries(reader.releases(DASHBOARD_RELEASES, Optional.empty())), commands);
  }

  // ---- composition ----

  private List<ReleaseSummary> summaries(List<ReleaseRecord> releases) {
    Map<String, List<DeploymentDocument>> byRelease = new LinkedHashMap<>();
    if (!releases.isEmpty()) {
      for (DeploymentDocument d : reader.deploymentsOf(releases.stream().map(ReleaseRecord::releaseId).toList())) {
        byRelease.computeIfAbsent(d.releaseId(), id -> new ArrayList<>()).add(d);
      }
    }
    List<ReleaseSummary> summaries = new ArrayList<>();
    for (ReleaseRecord release : releases) {
      Map<String, String> clients = new TreeMap<>();
      byClient(byRelease.getOrDefault(release.releaseId(), List.of()))
          .forEach((client, deployments) -> clients.put(client, primary(release.releaseId(), deployments).status()));
      summaries.add(new ReleaseSummary(release.releaseId(), release.sequence(), release.channel(), release.createdAt(),
          release.serviceNames(), clients));
    }
    return summaries;
  }

  private static Map<String, List<DeploymentDocument>> byClient(List<DeploymentDocument> deployments) {
    Map<String, List<DeploymentDocument>> byClient = new TreeMap<>();
    for (DeploymentDocument d : deployments) {
      byClient.computeIfAbsent(d.client(), c -> new ArrayList<>()).add(d);
    }
    byClient.values().forEach(list -> list.sort(NEWEST_FIRST));
    return byClient;
  }

  /** The deployment that answers "did the release get there": the release's own, else the newest. */
  private static DeploymentDocument primary(String releaseId, List<DeploymentDocument> newestFirst) {
    return newestFirst.stream().filter(d -> d.deploymentId().equals(releaseId) || d.isRelease()).findFirst()
        .orElse(newestFirst.get(0));
  }

  private static ClientOutcome outcome(String client, String releaseId, List<String> releaseServices,
      List<DeploymentDocument> newestFirst, Map<String, RunningRelease> running) {
    Set<String> services = new LinkedHashSet<>(releaseServices);
    for (DeploymentDocument d : newestFirst) {
      services.addAll(d.services());
      services.addAll(new TreeSet<>(d.decisions().keySet()));
    }
    Map<String, ServiceOutcome> outcomes = new LinkedHashMap<>();
    for (String service : services) {
      boolean runs = running.containsKey(service) && running.get(service).version().releaseId().equals(releaseId);
      serviceOutcome(service, newestFirst, runs).ifPresent(o -> outcomes.put(service, o));
    }
    return new ClientOutcome(client, primary(releaseId, newestFirst).status(), outcomes, newestFirst);
  }

  /** The newest deployment that deployed the service, else the newest that decided about it. */
  private static Optional<ServiceOutcome> serviceOutcome(String service, List<DeploymentDocument> newestFirst, boolean runs) {
    for (DeploymentDocument d : newestFirst) {
      if (d.services().contains(service)) {
        return Optional.of(new ServiceOutcome(d.status(), d.reason(), d.deploymentId(), d.kind(), d.buildId(),
            d.logUrl(), runs));
      }
    }
    for (DeploymentDocument d : newestFirst) {
      DeploymentDocument.Decision decision = d.decisions().get(service);
      if (decision != null) {
        // The decision is the planner's (SKIP, AWAIT_APPROVAL); what the view shows is a deployment status.
        String status = d.status();
        if (decision.is(Action.SKIP)
            || decision.is(Action.AWAIT_APPROVAL) && !d.hasStatus(DeploymentStatus.AWAITING_APPROVAL)) {
          status = DeploymentStatus.SKIPPED.name();
        }
        String reason = decision.reason().isEmpty() ? d.reason() : decision.reason();
        return Optional.of(new ServiceOutcome(status, reason, d.deploymentId(), d.kind(), "", "", runs));
      }
    }
    return Optional.empty();
  }

  private List<PendingApproval> pending(String clientId) {
    return reader.awaitingApproval(clientId).stream()
        .sorted(Comparator.comparingLong(DeploymentDocument::sequence).reversed())
        .map(d -> new PendingApproval(clientId, d.deploymentId(), d.releaseId(), d.sequence(),
            d.awaitingApproval().isEmpty() ? d.services() : d.awaitingApproval(), d.updatedAt()))
        .collect(Collectors.toList());
  }

  private static int pageSize(String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_PAGE_SIZE;
    }
    try {
      int size = Integer.parseInt(value);
      if (size >= 1 && size <= MAX_PAGE_SIZE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw new BadRequest("pageSize must be a whole number from 1 to " + MAX_PAGE_SIZE);
  }

  private static OffsetDateTime instantOrMin(String timestamp) {
    try {
      return OffsetDateTime.parse(timestamp);
    } catch (DateTimeParseException | NullPointerException e) {
      return OffsetDateTime.MIN;
    }
  }
}
