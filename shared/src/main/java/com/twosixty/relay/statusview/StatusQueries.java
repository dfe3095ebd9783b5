package com.twosixty.relay.statusview;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.operator.CommandAuthority;
import com.twosixty.relay.report.DeploymentProgress;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RolloutDocument;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.rollout.RolloutPolicy;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceDecision.Action;
import com.twosixty.relay.statusview.StatusReader.ReleaseCursor;
import com.twosixty.relay.statusview.StatusViews.ClientDetail;
import com.twosixty.relay.statusview.StatusViews.ClientOutcome;
import com.twosixty.relay.statusview.StatusViews.ClientView;
import com.twosixty.relay.statusview.StatusViews.DeploymentView;
import com.twosixty.relay.statusview.StatusViews.FreezeWindowView;
import com.twosixty.relay.statusview.StatusViews.Dashboard;
import com.twosixty.relay.statusview.StatusViews.DashboardRow;
import com.twosixty.relay.statusview.StatusViews.PendingApproval;
import com.twosixty.relay.statusview.StatusViews.ReleaseDetail;
import com.twosixty.relay.statusview.StatusViews.ReleasePage;
import com.twosixty.relay.statusview.StatusViews.ReleaseSummary;
import com.twosixty.relay.statusview.StatusViews.ServiceOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

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
  /** The newest deployments the dashboard shows per client. */
  public static final int DASHBOARD_DEPLOYMENTS = 5;
  /**
   * How many of the newest releases "behind" looks at: a service's newest release is the newest
   * among these on the client's channel that carries it.
   */
  public static final int STANDING_RELEASES = 50;

  /** What a Firestore document id can be here; anything else cannot name a stored document. */
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

  /** Newest first by {@code updatedAt}; RFC 3339 strings do not sort as text when their fractions differ. */
  private static final Comparator<DeploymentDocument> NEWEST_FIRST =
      Comparator.comparing((DeploymentDocument d) -> instantOrMin(d.updatedAt())).reversed()
          .thenComparing(DeploymentDocument::deploymentId);

  private final StatusReader reader;
  /** The client files (RELAY_CLIENTS), by id. */
  private final Map<String, ClientDefinition> configured;
  /** The hub's waves (RELAY_ROLLOUT) and each client file's wave in them. */
  private final RolloutPolicy rollout;
  private final Map<String, Integer> waves;
  private final Clock clock;

  /** Knowing no client file: only what Firestore holds. */
  public StatusQueries(StatusReader reader, Clock clock) {
    this(reader, List.of(), clock);
  }

  /** @param configured every client file ({@code clients/*.yaml}, as RELAY_CLIENTS hands them over) */
  public StatusQueries(StatusReader reader, List<ClientDefinition> configured, Clock clock) {
    this(reader, configured, RolloutPolicy.NONE, clock);
  }

  /**
   * @param rollout the hub's waves ({@code RELAY_ROLLOUT}, as release-rollout gets them): with more than
   *     one, each release shows its rollout
   * @throws IllegalStateException a client file in a wave the policy does not have (as release-rollout refuses it)
   */
  public StatusQueries(StatusReader reader, List<ClientDefinition> configured, RolloutPolicy rollout, Clock clock) {
    this.reader = reader;
    Map<String, ClientDefinition> byId = new TreeMap<>();
    configured.forEach(client -> byId.put(client.id(), client));
    this.configured = java.util.Collections.unmodifiableMap(byId);
    this.rollout = rollout;
    Map<String, Integer> waveOf = new TreeMap<>();
    configured.forEach(client -> waveOf.put(client.id(), rollout.waveOf(client.id(), client.fileWave())));
    this.waves = java.util.Collections.unmodifiableMap(waveOf);
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
          entry.getValue(), running, views(entry.getKey(), entry.getValue()), projectOf(entry.getKey())));
    }
    Optional<RolloutView> view = Optional.empty();
    if (rollout.staged() && release.isPresent()) {
      // Commands before the record: release-rollout commits a command's record and its effect at once, so
      // a record read first has its effect in the record read after (a follower that sees its halt
      // APPLIED sees the rollout HALTED). The other order can show the record without its effect.
      List<RolloutCommandDocument> commands = reader.rolloutCommands(releaseId, RECENT_COMMANDS);
      RolloutDocument doc = reader.rollouts(List.of(releaseId)).getOrDefault(releaseId, RolloutDocument.empty(releaseId));
      view = rolloutOf(release.get(), doc, deployments, commands);
    }
    return Optional.of(new ReleaseDetail(release.orElse(null), releaseId, clients, view));
  }

  /** The release's rollout from the hub's record and each client's own deployment of it (its id is the release's). */
  private Optional<RolloutView> rolloutOf(ReleaseRecord release, RolloutDocument doc, List<DeploymentDocument> deployments,
      List<RolloutCommandDocument> commands) {
    Map<String, DeploymentDocument> own = new TreeMap<>();
    for (DeploymentDocument d : deployments) {
      if (d.releaseId().equals(release.releaseId()) && d.deploymentId().equals(release.releaseId())) {
        own.put(d.client(), d);
      }
    }
    return RolloutView.of(rollout, waves, Channel.fromWire(release.channel()).orElse(Channel.STABLE), doc, own, commands,
        clock.instant());
  }

  /** Every client: each with a file in {@code clients/}, and each Firestore knows of. */
  public List<ClientView> clients() {
    List<ClientRecord> records = new ArrayList<>();
    for (String id : clientIds()) {
      record(id).ifPresent(records::add);
    }
    // Only the services each client takes are read, by id: a client's services collection can hold many more.
    return views(records, Map.of());
  }

  /** The ids of every client: those with a file and those Firestore knows, by id. */
  private List<String> clientIds() {
    Set<String> ids = new TreeSet<>(configured.keySet());
    ids.addAll(reader.clientIds());
    return List.copyOf(ids);
  }

  /** What commands set for the client; a client with a file that nothing was sent to yet has an empty record. */
  private Optional<ClientRecord> record(String id) {
    Optional<ClientRecord> stored = reader.client(id);
    ClientDefinition file = configured.get(id);
    if (file == null) {
      return stored;
    }
    ClientRecord record = stored.orElse(ClientRecord.bare(id));
    return Optional.of(new ClientRecord(id, file.displayName(), record.frozen(), record.freezeReason(), record.frozenBy(),
        record.pins(), record.updatedAt()));
  }

  public Optional<ClientDetail> client(String clientId) {
    if (!isId(clientId)) {
      return Optional.empty();
    }
    return record(clientId).map(record -> {
      List<ServiceDocument> services = reader.services(clientId);
      ClientView view = views(List.of(record), Map.of(clientId, services)).get(0);
      return new ClientDetail(view, services, pending(clientId, services),
          views(clientId, reader.recentDeployments(clientId, RECENT_DEPLOYMENTS)), reader.commands(clientId, RECENT_COMMANDS));
    });
  }

  public Dashboard dashboard() {
    Set<String> services = new TreeSet<>();
    List<PendingApproval> awaiting = new ArrayList<>();
    List<CommandDocument> commands = new ArrayList<>();
    List<DeploymentView> deployments = new ArrayList<>();
    List<ClientRecord> records = new ArrayList<>();
    Map<String, List<ServiceDocument>> servicesByClient = new LinkedHashMap<>();
    for (String id : clientIds()) {
      Optional<ClientRecord> record = record(id);
      if (record.isEmpty()) {
        continue;
      }
      records.add(record.get());
      List<ServiceDocument> stored = reader.services(id);
      servicesByClient.put(id, stored);
      stored.forEach(service -> services.add(service.service()));
      awaiting.addAll(pending(id, stored));
      commands.addAll(reader.commands(id, DASHBOARD_COMMANDS));
      deployments.addAll(views(id, reader.recentDeployments(id, DASHBOARD_DEPLOYMENTS)));
    }
    List<ClientView> clients = views(records, servicesByClient);
    List<DashboardRow> rows = new ArrayList<>();
    for (ClientView client : clients) {
      Map<String, ServiceDocument> byName = new LinkedHashMap<>();
      for (ServiceDocument service : servicesByClient.get(client.id())) {
        byName.put(service.service(), service);
      }
      client.standing().forEach(standing -> services.add(standing.service()));
      rows.add(new DashboardRow(client, byName));
    }
    deployments.sort(Comparator.comparing((DeploymentView d) -> instantOrMin(d.deployment().updatedAt())).reversed()
        .thenComparing(d -> d.deployment().client()));
    return new Dashboard(clock.instant().toString(), List.copyOf(services), rows, awaiting,
        summaries(reader.releases(DASHBOARD_RELEASES, Optional.empty())), commands, deployments);
  }

  // ---- policy and standing ----

  /**
   * The clients as shown: file, pins, freeze, and per service whether it is behind. Reads the newest
   * {@value #STANDING_RELEASES} releases once, and per client its deployments of the newest ones by id.
   *
   * @param services per client its services' documents when the caller has read them all; a client
   *     missing here has only those of the services it takes read, by id
   */
  private List<ClientView> views(List<ClientRecord> records, Map<String, List<ServiceDocument>> services) {
    if (records.isEmpty()) {
      return List.of();
    }
    List<ReleaseRecord> recent = reader.releases(STANDING_RELEASES, Optional.empty());
    Instant now = clock.instant();
    List<ClientView> views = new ArrayList<>();
    for (ClientRecord record : records) {
      Map<String, ReleaseRecord> newest = newestReleases(record.id(), recent);
      List<String> taken = servicesOf(record.id(), newest);
      List<ServiceDocument> stored = services.containsKey(record.id()) ? services.get(record.id())
          : reader.services(record.id(), taken);
      // A client's own deployment of a release has the release's id: read those of the newest releases by id.
      Map<String, DeploymentDocument> deployments = new LinkedHashMap<>();
      Set<String> ids = new TreeSet<>();
      newest.values().forEach(release -> ids.add(release.releaseId()));
      for (DeploymentDocument d : reader.deployments(record.id(), ids)) {
        if (d.deploymentId().equals(d.releaseId())) {
          deployments.put(d.releaseId(), d);
        }
      }
      views.add(view(record, stored, taken, newest, deployments, now));
    }
    return views;
  }

  private ClientView view(ClientRecord record, List<ServiceDocument> services, List<String> taken, Map<String, ReleaseRecord> newest,
      Map<String, DeploymentDocument> deployments, Instant now) {
    Optional<ClientDefinition> file = Optional.ofNullable(configured.get(record.id()));
    List<FreezeWindowView> windows = new ArrayList<>();
    String openWindow = "";
    for (ClientDefinition.FreezeWindow window : file.map(ClientDefinition::freeze).orElse(List.of())) {
      Optional<ZonedDateTime> until = window.openUntil(now);
      String described = window.day() + " " + window.start() + " " + window.timeZone().getId() + " for " + window.duration();
      windows.add(new FreezeWindowView(window.day().name(), window.start().toString(), window.duration().toString(),
          window.timeZone().getId(), until.isPresent(), until.map(u -> u.toOffsetDateTime().toString()).orElse("")));
      if (until.isPresent() && openWindow.isEmpty()) {
        openWindow = "freeze window " + described + ", open until " + until.get().toOffsetDateTime();
      }
    }
    String frozenNow = record.frozen()
        ? "frozen" + (record.frozenBy().isEmpty() ? "" : " by " + record.frozenBy())
            + (record.freezeReason().isEmpty() ? "" : ": " + record.freezeReason())
        : openWindow;
    Map<String, Pin> pins = Pin.merge(file.map(ClientDefinition::pins).orElse(Map.of()), record.pins());
    Map<String, ServiceDocument> byName = new LinkedHashMap<>();
    services.forEach(service -> byName.put(service.service(), service));
    List<Standing.ServiceStanding> standing = new ArrayList<>();
    for (String service : taken) {
      Optional<ReleaseRecord> release = Optional.ofNullable(newest.get(service));
      standing.add(Standing.of(service, release,
          Optional.ofNullable(byName.get(service)).flatMap(ServiceDocument::runningVersion),
          Optional.ofNullable(pins.get(service)), frozenNow,
          release.map(r -> deployments.get(r.releaseId()))));
    }
    return new ClientView(record, file.isPresent(),
        file.map(f -> f.approval().name().toLowerCase(java.util.Locale.ROOT)).orElse(""),
        file.map(f -> f.channel().name().toLowerCase(java.util.Locale.ROOT)).orElse(""),
        file.map(ClientDefinition::services).orElse(List.of()), file.map(ClientDefinition::autoRollback).orElse(false),
        file.map(f -> f.gcp().project()).orElse(""), windows, frozenNow, pins, standing);
  }

  /**
   * The services whose standing a client shows: its file's list, else (every service) those the
   * newest {@value #STANDING_RELEASES} releases on its channel carry (one released before them is
   * behind nothing known).
   */
  private List<String> servicesOf(String client, Map<String, ReleaseRecord> newest) {
    ClientDefinition file = configured.get(client);
    if (file != null && !file.services().isEmpty()) {
      return file.services();
    }
    return List.copyOf(new TreeSet<>(newest.keySet()));
  }

  /** Per service the client takes, the newest of {@code recent} on its channel that carries it. */
  private Map<String, ReleaseRecord> newestReleases(String client, List<ReleaseRecord> recent) {
    ClientDefinition file = configured.get(client);
    Map<String, ReleaseRecord> newest = new TreeMap<>();
    for (ReleaseRecord release : recent) {
      boolean onChannel = file == null || Channel.fromWire(release.channel()).map(file.channel()::accepts)
          .orElse(file.channel() == ClientDefinition.ChannelPolicy.BOTH);
      if (!onChannel) {
        continue;
      }
      for (String service : release.serviceNames()) {
        if (file == null || file.runs(service)) {
          newest.putIfAbsent(service, release);
        }
      }
    }
    return newest;
  }

  /** The client's project (from its file), where its deploy builds run; {@code ""} for a client without a file. */
  public String projectOf(String client) {
    return Optional.ofNullable(configured.get(client)).map(c -> c.gcp().project()).orElse("");
  }

  /** Deployments as shown: outcome, what they held back, their build's log, and who asked for a rollback or redeploy. */
  private List<DeploymentView> views(String client, List<DeploymentDocument> deployments) {
    String project = projectOf(client);
    List<DeploymentView> views = new ArrayList<>();
    for (DeploymentDocument d : deployments) {
      String by = "";
      String why = "";
      if (!d.isRelease() && d.knownKind().isPresent()) {
        String prefix = d.knownKind().get().wireName() + "-";
        if (d.deploymentId().startsWith(prefix)) {
          Optional<CommandDocument> command = reader.command(client, d.deploymentId().substring(prefix.length()));
          by = command.map(CommandDocument::by).orElse("");
          why = command.map(CommandDocument::reason).orElse("");
        }
      }
      boolean automatic = d.knownKind().equals(Optional.of(DeploymentKind.ROLLBACK))
          && (by.startsWith(CommandAuthority.DEPLOY_REPORTER_ACCOUNT + "@") || by.equals(DeploymentProgress.ROLLBACK_REQUESTER));
      views.add(new DeploymentView(d, Coverage.status(d), Coverage.heldBack(d), BuildLinks.logUrl(d.logUrl(), d.buildId(), project),
          by, why, automatic));
    }
    return views;
  }

  // ---- composition ----

  private List<ReleaseSummary> summaries(List<ReleaseRecord> releases) {
    Map<String, List<DeploymentDocument>> byRelease = new LinkedHashMap<>();
    if (!releases.isEmpty()) {
      for (DeploymentDocument d : reader.deploymentsOf(releases.stream().map(ReleaseRecord::releaseId).toList())) {
        byRelease.computeIfAbsent(d.releaseId(), id -> new ArrayList<>()).add(d);
      }
    }
    Map<String, RolloutDocument> rollouts = rollout.staged() && !releases.isEmpty()
        ? reader.rollouts(releases.stream().map(ReleaseRecord::releaseId).toList()) : Map.of();
    List<ReleaseSummary> summaries = new ArrayList<>();
    for (ReleaseRecord release : releases) {
      Map<String, String> clients = new TreeMap<>();
      Map<String, Map<String, String>> heldBack = new TreeMap<>();
      List<String> autoRollbacks = new ArrayList<>();
      byClient(byRelease.getOrDefault(release.releaseId(), List.of())).forEach((client, deployments) -> {
        DeploymentDocument primary = primary(release.releaseId(), deployments);
        clients.put(client, Coverage.status(primary));
        Map<String, String> held = Coverage.heldBack(primary);
        if (!held.isEmpty()) {
          heldBack.put(client, held);
        }
        if (deployments.stream().anyMatch(DeploymentDocument::autoRollbackRequested)) {
          autoRollbacks.add(client);
        }
      });
      Optional<RolloutView> brief = Optional.empty();
      if (rollout.staged()) {
        brief = rolloutOf(release, rollouts.getOrDefault(release.releaseId(), RolloutDocument.empty(release.releaseId())),
            byRelease.getOrDefault(release.releaseId(), List.of()), List.of());
      }
      summaries.add(new ReleaseSummary(release.releaseId(), release.sequence(), release.channel(), release.createdAt(),
          release.serviceNames(), clients, heldBack, autoRollbacks, brief));
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

  /**
   * The deployment that answers "did the release get there": the release's own (its id is the
   * release's), else the newest of its kind (a one-service approval's), else the newest.
   */
  private static DeploymentDocument primary(String releaseId, List<DeploymentDocument> newestFirst) {
    return newestFirst.stream().filter(d -> d.deploymentId().equals(releaseId)).findFirst()
        .or(() -> newestFirst.stream().filter(DeploymentDocument::isRelease).findFirst())
        .orElse(newestFirst.get(0));
  }

  private static ClientOutcome outcome(String client, String releaseId, List<String> releaseServices,
      List<DeploymentDocument> newestFirst, Map<String, RunningRelease> running, List<DeploymentView> views, String project) {
    Set<String> services = new LinkedHashSet<>(releaseServices);
    for (DeploymentDocument d : newestFirst) {
      services.addAll(d.services());
      services.addAll(new TreeSet<>(d.decisions().keySet()));
    }
    Map<String, ServiceOutcome> outcomes = new LinkedHashMap<>();
    for (String service : services) {
      boolean runs = running.containsKey(service) && running.get(service).version().releaseId().equals(releaseId);
      serviceOutcome(service, newestFirst, runs, project).ifPresent(o -> outcomes.put(service, o));
    }
    DeploymentDocument primary = primary(releaseId, newestFirst);
    return new ClientOutcome(client, Coverage.status(primary), Coverage.heldBack(primary), outcomes, views);
  }

  /** The newest deployment that deployed the service, else the newest that decided about it. */
  private static Optional<ServiceOutcome> serviceOutcome(String service, List<DeploymentDocument> newestFirst, boolean runs,
      String project) {
    for (DeploymentDocument d : newestFirst) {
      if (d.services().contains(service)) {
        return Optional.of(new ServiceOutcome(d.status(), d.reason(), d.deploymentId(), d.kind(), d.buildId(),
            BuildLinks.logUrl(d.logUrl(), d.buildId(), project), runs));
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

  /**
   * The client's deployments that wait for an approval, each with the services that still wait. A
   * release's deployment keeps waiting after one of its services was approved alone (that service
   * deploys in an {@code approve-…} deployment of its own), so a service whose {@code target} is at
   * the release or beyond (approved alone, or taken further by a newer release since) is left out,
   * and a deployment with no service left is not listed.
   */
  private List<PendingApproval> pending(String clientId, List<ServiceDocument> services) {
    Map<String, Long> targeted = new HashMap<>();
    services.forEach(service -> service.targetVersion().ifPresent(v -> targeted.put(service.service(), v.sequence())));
    List<PendingApproval> pending = new ArrayList<>();
    reader.awaitingApproval(clientId).stream()
        .sorted(Comparator.comparingLong(DeploymentDocument::sequence).reversed())
        .forEach(d -> {
          List<String> waiting = (d.awaitingApproval().isEmpty() ? d.services() : d.awaitingApproval()).stream()
              .filter(service -> targeted.getOrDefault(service, Long.MIN_VALUE) < d.sequence()).toList();
          if (!waiting.isEmpty()) {
            pending.add(new PendingApproval(clientId, d.deploymentId(), d.releaseId(), d.sequence(), waiting, d.updatedAt()));
          }
        });
    return pending;
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
