package com.twosixty.relay.statusview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.statusview.StatusViews.ClientOutcome;
import com.twosixty.relay.statusview.StatusViews.ReleaseDetail;
import com.twosixty.relay.statusview.StatusViews.ReleasePage;
import com.twosixty.relay.statusview.StatusViews.ServiceOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read model's composition and paging over an in-memory reader; FirestoreStatusReader is covered by ReleaseStatusIT. */
class StatusQueriesTest {
  private final List<ReleaseRecord> releases = new ArrayList<>();
  private final List<DeploymentDocument> deployments = new ArrayList<>();
  private final Map<String, List<ServiceDocument>> services = new HashMap<>();
  /** Per client, newest first, as the reader returns them. */
  private final Map<String, List<CommandDocument>> commands = new HashMap<>();
  /** What commands set, per client (acme and essence are otherwise bare). */
  private final Map<String, ClientRecord> records = new HashMap<>();

  /** The hub's rollout records and their commands (newest first), by release id. */
  private final Map<String, com.twosixty.relay.firestore.RolloutDocument> rollouts = new HashMap<>();
  private final Map<String, List<com.twosixty.relay.firestore.RolloutCommandDocument>> rolloutCommands = new HashMap<>();
  /** Each batch read of rollouts, as asked. */
  private final List<List<String>> rolloutReads = new ArrayList<>();
  /** Runs once, after the next read of a rollout record or its commands: a commit landing between two reads. */
  private Runnable afterNextRolloutRead = () -> {};

  private final StatusReader reader = new StatusReader() {
    @Override
    public Map<String, com.twosixty.relay.firestore.RolloutDocument> rollouts(Collection<String> releaseIds) {
      rolloutReads.add(List.copyOf(releaseIds));
      Map<String, com.twosixty.relay.firestore.RolloutDocument> found = new HashMap<>();
      releaseIds.stream().filter(rollouts::containsKey).forEach(id -> found.put(id, rollouts.get(id)));
      landBetweenReads();
      return found;
    }

    @Override
    public List<com.twosixty.relay.firestore.RolloutCommandDocument> rolloutCommands(String releaseId, int limit) {
      List<com.twosixty.relay.firestore.RolloutCommandDocument> found =
          rolloutCommands.getOrDefault(releaseId, List.of()).stream().limit(limit).toList();
      landBetweenReads();
      return found;
    }

    private void landBetweenReads() {
      Runnable landing = afterNextRolloutRead;
      afterNextRolloutRead = () -> {};
      landing.run();
    }

    @Override
    public List<ReleaseRecord> releases(int limit, Optional<ReleaseCursor> after) {
      return releases.stream()
          .sorted(Comparator.comparingLong(ReleaseRecord::sequence).thenComparing(ReleaseRecord::releaseId).reversed())
          .filter(r -> after.map(c -> r.sequence() < c.sequence()
              || (r.sequence() == c.sequence() && r.releaseId().compareTo(c.releaseId()) < 0)).orElse(true))
          .limit(limit).toList();
    }

    @Override
    public Optional<ReleaseRecord> release(String releaseId) {
      return releases.stream().filter(r -> r.releaseId().equals(releaseId)).findFirst();
    }

    @Override
    public List<DeploymentDocument> deploymentsOf(Collection<String> releaseIds) {
      return deployments.stream().filter(d -> releaseIds.contains(d.releaseId())).toList();
    }

    @Override
    public List<String> clientIds() {
      return List.of("acme", "essence");
    }

    @Override
    public Optional<ClientRecord> client(String clientId) {
      return clientIds().contains(clientId) ? Optional.of(records.getOrDefault(clientId, ClientRecord.bare(clientId)))
          : Optional.empty();
    }

    @Override
    public List<ServiceDocument> services(String clientId) {
      return services.getOrDefault(clientId, List.of());
    }

    @Override
    public List<ServiceDocument> services(String clientId, Collection<String> names) {
      return services(clientId).stream().filter(s -> names.contains(s.service())).toList();
    }

    @Override
    public List<DeploymentDocument> deployments(String clientId, Collection<String> deploymentIds) {
      return deployments.stream().filter(d -> d.client().equals(clientId) && deploymentIds.contains(d.deploymentId())).toList();
    }

    @Override
    public List<DeploymentDocument> recentDeployments(String clientId, int limit) {
      return List.of();
    }

    @Override
    public List<DeploymentDocument> awaitingApproval(String clientId) {
      return deployments.stream().filter(d -> d.client().equals(clientId) && d.status().equals("AWAITING_APPROVAL")).toList();
    }

    @Override
    public List<CommandDocument> commands(String clientId, int limit) {
      return commands.getOrDefault(clientId, List.of()).stream().limit(limit).toList();
    }

    @Override
    public Optional<CommandDocument> command(String clientId, String messageId) {
      return commands.getOrDefault(clientId, List.of()).stream().filter(c -> c.messageId().equals(messageId)).findFirst();
    }
  };

  private final StatusQueries queries = new StatusQueries(reader, Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));

  private static ReleaseRecord release(String id, long sequence, String... services) {
    return new ReleaseRecord(id, sequence, "stable", "2026-11-24T10:00:00Z", "2026-11-24T10:00:01Z",
        new Release.Source("monorepo", "main", "1a2b3c4", "b-1"),
        List.of(services).stream().map(s -> new Release.ServiceImage(s, "gcr.io/p/" + s, "sha256:" + "a".repeat(64), "")).toList());
  }

  private static DeploymentDocument deployment(String client, String id, String releaseId, String kind, String status,
      List<String> deployed, Map<String, DeploymentDocument.Decision> decisions, String updatedAt) {
    return new DeploymentDocument(id, client, releaseId, 1, kind, status, decisions, List.copyOf(decisions.keySet()),
        deployed, Map.of(), "build-" + id, "", "", "2026-11-24T10:00:00Z", updatedAt, "", 0, false, false);
  }

  @Test
  void releasesComeNewestFirstInPagesThatJoinUp() {
    for (int i = 1; i <= 5; i++) {
      releases.add(release("2026.11.0" + i + "-aaaaaaa", i * 100L, "billing"));
    }
    ReleasePage first = queries.releases("2", "");
    assertEquals(List.of("2026.11.05-aaaaaaa", "2026.11.04-aaaaaaa"), first.releases().stream().map(r -> r.releaseId()).toList());
    ReleasePage second = queries.releases("2", first.nextPageToken());
    assertEquals(List.of("2026.11.03-aaaaaaa", "2026.11.02-aaaaaaa"), second.releases().stream().map(r -> r.releaseId()).toList());
    ReleasePage last = queries.releases("2", second.nextPageToken());
    assertEquals(List.of("2026.11.01-aaaaaaa"), last.releases().stream().map(r -> r.releaseId()).toList());
    assertEquals("", last.nextPageToken());
    assertEquals(5, queries.releases(null, null).releases().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-1", "ten", "1.5", "99999999999"})
  void badPageSizesAreRefused(String pageSize) {
    assertThrows(BadRequest.class, () -> queries.releases(pageSize, ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nope!", "cjE6eDp5", "%%%", "cjE6MTIzOg"})
  void tokensThisApiDidNotHandOutAreRefused(String token) {
    BadRequest refused = assertThrows(BadRequest.class, () -> queries.releases("5", token));
    assertTrue(refused.getMessage().startsWith("pageToken"), refused.getMessage());
  }

  @Test
  void aReleasesDetailGivesEachClientsOutcomePerService() {
    releases.add(release("r-2", 200, "billing", "portal", "reports"));
    deployments.add(deployment("essence", "r-2", "r-2", "release", "SUCCEEDED", List.of("billing", "portal"), Map.of(
        "billing", new DeploymentDocument.Decision("DEPLOY", ""),
        "portal", new DeploymentDocument.Decision("DEPLOY", ""),
        "reports", new DeploymentDocument.Decision("SKIP", "pinned")), "2026-11-24T10:05:00Z"));
    deployments.add(deployment("essence", "redeploy-m1", "r-2", "redeploy", "FAILED", List.of("portal"), Map.of(),
        "2026-11-24T11:00:00.5Z"));
    deployments.add(deployment("acme", "r-2", "r-2", "release", "AWAITING_APPROVAL", List.of(), Map.of(
        "billing", new DeploymentDocument.Decision("AWAIT_APPROVAL", "approval required")), "2026-11-24T10:01:00Z"));
    services.put("essence", List.of(new ServiceDocument("billing", Optional.empty(),
        Optional.of(new RunningRelease(new ServiceVersion("r-2", 200, "", ""), "2026-11-24T10:05:00Z")), Optional.empty(),
        Optional.of(new LastEvent("SUCCEEDED", "r-2", "", "", "", "2026-11-24T10:05:00Z")))));

    ReleaseDetail detail = queries.release("r-2").orElseThrow();

    assertEquals(List.of("acme", "essence"), detail.clients().stream().map(ClientOutcome::client).toList());
    ClientOutcome essence = detail.clients().get(1);
    assertEquals("PARTIAL", essence.status(), "the release's own deployment answers for the client: it held reports back");
    assertEquals(Map.of("reports", "pinned"), essence.heldBack());
    assertEquals(new ServiceOutcome("SUCCEEDED", "", "r-2", "release", "build-r-2",
        "https://console.cloud.google.com/cloud-build/builds/build-r-2", true), essence.services().get("billing"));
    assertEquals("FAILED", essence.services().get("portal").status(), "the newest deployment of a service wins");
    assertEquals(new ServiceOutcome("SKIPPED", "pinned", "r-2", "release", "", "", false), essence.services().get("reports"));
    assertEquals(List.of("redeploy-m1", "r-2"), essence.deployments().stream().map(d -> d.deployment().deploymentId()).toList());
    ClientOutcome acme = detail.clients().get(0);
    assertEquals("AWAITING_APPROVAL", acme.services().get("billing").status());
    assertEquals(Map.of("acme", "AWAITING_APPROVAL", "essence", "PARTIAL"), queries.releases("", "").releases().get(0).clients());
    assertEquals(Map.of("essence", Map.of("reports", "pinned")), queries.releases("", "").releases().get(0).heldBack());
  }

  @Test
  void aReleaseStillWaitingAfterOneOfItsServicesWasApprovedAloneShowsItsOwnStatus() {
    releases.add(release("r-2", 200, "billing", "portal"));
    deployments.add(deployment("northwind", "r-2", "r-2", "release", "AWAITING_APPROVAL", List.of(), Map.of(
        "billing", new DeploymentDocument.Decision("AWAIT_APPROVAL", "approval required"),
        "portal", new DeploymentDocument.Decision("AWAIT_APPROVAL", "approval required")), "2026-11-24T10:01:00Z"));
    deployments.add(deployment("northwind", "approve-m1", "r-2", "release", "SUCCEEDED", List.of("billing"), Map.of(
        "billing", new DeploymentDocument.Decision("DEPLOY", "")), "2026-11-24T10:09:00Z"));

    ClientOutcome northwind = queries.release("r-2").orElseThrow().clients().get(0);

    assertEquals("AWAITING_APPROVAL", northwind.status(), "portal still waits: the release's own deployment answers");
    assertEquals("SUCCEEDED", northwind.services().get("billing").status(), "the approved service deployed alone");
  }

  @Test
  void aServiceApprovedAloneNoLongerWaitsForApproval() {
    Map<String, DeploymentDocument.Decision> waiting = Map.of(
        "billing", new DeploymentDocument.Decision("AWAIT_APPROVAL", "approval required"),
        "portal", new DeploymentDocument.Decision("AWAIT_APPROVAL", "approval required"));
    deployments.add(deployment("acme", "r-3", "r-3", "release", "AWAITING_APPROVAL", List.of(), waiting, "2026-11-24T10:01:00Z"));
    // The approval of billing alone: its own deployment set billing's target to r-3 (sequence 1).
    services.put("acme", List.of(targeted("billing", "r-3", 1, "approve-m1"), ServiceDocument.none("portal")));

    StatusViews.PendingApproval portalOnly = new StatusViews.PendingApproval("acme", "r-3", "r-3", 1, List.of("portal"),
        "2026-11-24T10:01:00Z");
    assertEquals(List.of(portalOnly), queries.client("acme").orElseThrow().pendingApprovals());
    assertEquals(List.of(portalOnly), queries.dashboard().awaitingApproval());

    // portal approved alone too, or taken further by a newer release: nothing of r-3 waits any more.
    services.put("acme", List.of(targeted("billing", "r-3", 1, "approve-m1"), targeted("portal", "r-4", 2, "r-4")));
    assertEquals(List.of(), queries.client("acme").orElseThrow().pendingApprovals());
    assertEquals(List.of(), queries.dashboard().awaitingApproval());
  }

  private static ServiceDocument targeted(String service, String releaseId, long sequence, String deploymentId) {
    return ServiceDocument.from(service, Map.of(ServiceDocument.TARGET, Map.of("releaseId", releaseId, "sequence", sequence,
        "image", "gcr.io/p/" + service, "digest", "sha256:" + "a".repeat(64), "deploymentId", deploymentId,
        "at", "2026-11-24T10:09:00Z")));
  }

  @Test
  void unknownOrImpossibleIdsAreNotFound() {
    assertEquals(Optional.empty(), queries.release("r-404"));
    assertEquals(Optional.empty(), queries.release("../clients"));
    assertEquals(Optional.empty(), queries.client("northwind"));
    assertEquals(Optional.empty(), queries.client(""));
  }

  @Test
  void theDashboardHasAColumnForEveryServiceAnyClientRunsAndListsWhatWaits() {
    services.put("essence", List.of(ServiceDocument.none("portal")));
    services.put("acme", List.of(ServiceDocument.none("billing")));
    deployments.add(deployment("acme", "r-3", "r-3", "release", "AWAITING_APPROVAL", List.of(), Map.of(
        "billing", new DeploymentDocument.Decision("AWAIT_APPROVAL", "approval required")), "2026-11-24T10:01:00Z"));
    StatusViews.Dashboard dashboard = queries.dashboard();
    assertEquals(List.of("billing", "portal"), dashboard.services());
    assertEquals(List.of("acme", "essence"), dashboard.clientIds());
    assertEquals(List.of(new StatusViews.PendingApproval("acme", "r-3", "r-3", 1, List.of("billing"), "2026-11-24T10:01:00Z")),
        dashboard.awaitingApproval());
    assertEquals("2026-11-24T12:00:00Z", dashboard.generatedAt());
  }

  /**
   * With the hub's waves (the example client files: essence in wave 1, northwind in wave 2, the others
   * in the last): a release's rollout from its record, each client's own deployment of it (not a
   * redeploy naming it) and its commands; the list reads every release's record in one batch.
   */
  @Test
  void withWavesEachReleaseShowsItsRolloutFromItsRecordAndEachClientsOwnDeployment() {
    List<com.twosixty.relay.client.ClientDefinition> files =
        com.twosixty.relay.client.ClientDefinitions.loadDirectory(java.nio.file.Path.of("..", "clients"));
    StatusQueries staged = new StatusQueries(reader, files,
        com.twosixty.relay.rollout.RolloutPolicy.parse("{\"waves\":[{\"soak\":\"PT30M\"},{\"soak\":\"PT1H\"},{}]}"),
        Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));
    releases.add(release("r-1", 100, "billing"));
    releases.add(release("r-2", 200, "billing"));
    deployments.add(deployment("essence", "r-2", "r-2", "release", "SUCCEEDED", List.of("billing"), Map.of(
        "billing", new DeploymentDocument.Decision("DEPLOY", "")), "2026-11-24T11:50:00Z"));
    deployments.add(deployment("essence", "redeploy-m1", "r-2", "redeploy", "FAILED", List.of("billing"), Map.of(),
        "2026-11-24T11:55:00Z"));
    deployments.add(deployment("northwind", "r-2", "r-2", "release", "WAITING_FOR_WAVE", List.of(), Map.of(),
        "2026-11-24T11:50:00Z"));
    rollouts.put("r-2", new com.twosixty.relay.firestore.RolloutDocument("r-2", 200, "stable",
        com.twosixty.relay.rollout.RolloutControl.NONE, Map.of(2, "wave 2 waits for wave 1's soak until 2026-11-24T12:20:00Z"), ""));
    com.twosixty.relay.firestore.RolloutCommandDocument refused = new com.twosixty.relay.firestore.RolloutCommandDocument("m7",
        "resume", "ops", "", "2026-11-24T11:58:00.000Z", "REFUSED", "not halted");
    rolloutCommands.put("r-2", List.of(refused));

    RolloutView view = staged.release("r-2").orElseThrow().rollout().orElseThrow();
    assertEquals("ROLLING_OUT", view.state());
    RolloutView.WaveView wave1 = view.waves().get(0);
    assertEquals(List.of(new RolloutView.ClientState("essence", "SUCCEEDED")), wave1.clients(), "its own deployment, not the redeploy");
    assertEquals("SOAKING", wave1.state());
    assertEquals(1200, wave1.soakRemainingSeconds());
    assertEquals(List.of(new RolloutView.ClientState("northwind", "WAITING_FOR_WAVE")), view.waves().get(1).clients());
    assertEquals("wave 2 waits for wave 1's soak until 2026-11-24T12:20:00Z", view.waves().get(1).waitingFor());
    assertEquals(List.of(new RolloutView.ClientState("acme", "")), view.waves().get(2).clients(),
        "acme's file names no wave: the last; nothing recorded");
    assertEquals(List.of(refused), view.commands());

    rolloutReads.clear();
    List<StatusViews.ReleaseSummary> page = staged.releases("", "").releases();
    assertEquals(List.of(List.of("r-2", "r-1")), rolloutReads, "one batch read for the page");
    assertEquals(new RolloutView.Summary("ROLLING_OUT", 1, 3, Optional.empty(), 1200), page.get(0).rollout().orElseThrow().summary());
    assertEquals(List.of(), page.get(0).rollout().orElseThrow().commands(), "the list carries no commands");
    assertEquals("OPEN", page.get(1).rollout().orElseThrow().waves().get(0).state(), "r-1 has no record and nobody has it yet");

    assertEquals(Optional.empty(), queries.release("r-2").orElseThrow().rollout(), "one wave: no rollout");
    assertEquals(Optional.empty(), queries.releases("", "").releases().get(0).rollout());
  }

  /**
   * release-rollout commits a halt's record and the halted rollout at once; a read of the release
   * between the two never shows the halt APPLIED on a rollout still rolling out (`relay halt`
   * prints the rollout it reads beside its command's record).
   */
  @Test
  void aHaltCommittedWhileTheReleaseIsReadNeverShowsAsAppliedOnARolloutStillRollingOut() {
    StatusQueries staged = new StatusQueries(reader,
        com.twosixty.relay.client.ClientDefinitions.loadDirectory(java.nio.file.Path.of("..", "clients")),
        com.twosixty.relay.rollout.RolloutPolicy.parse("{\"waves\":[{\"soak\":\"PT1H\"},{}]}"),
        Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));
    releases.add(release("r-2", 200, "billing"));
    rollouts.put("r-2", new com.twosixty.relay.firestore.RolloutDocument("r-2", 200, "stable",
        com.twosixty.relay.rollout.RolloutControl.NONE, Map.of(), ""));
    com.twosixty.relay.firestore.RolloutCommandDocument halt = new com.twosixty.relay.firestore.RolloutCommandDocument("m8",
        "halt", "ops", "error rate", "2026-11-24T11:59:00.000Z", "APPLIED", "");
    afterNextRolloutRead = () -> {
      rollouts.put("r-2", new com.twosixty.relay.firestore.RolloutDocument("r-2", 200, "stable",
          com.twosixty.relay.rollout.RolloutControl.NONE.halted(new com.twosixty.relay.rollout.RolloutControl.Halt("",
              "error rate", "ops", Instant.parse("2026-11-24T11:59:00Z"))), Map.of(), ""));
      rolloutCommands.put("r-2", List.of(halt));
    };

    RolloutView during = staged.release("r-2").orElseThrow().rollout().orElseThrow();
    assertEquals(List.of(), during.commands(), "the commands were read before the halt landed");
    assertEquals("HALTED", during.state(), "and the record after it");
    RolloutView after = staged.release("r-2").orElseThrow().rollout().orElseThrow();
    assertEquals(List.of(halt), after.commands());
    assertEquals("HALTED", after.state());
  }

  private static CommandDocument command(String client, int n) {
    return new CommandDocument("m" + n, client, "approve", "r" + n, "", "ops", "", "2026-11-24T10:00:%02d.000Z".formatted(n),
        "APPLIED", "TRIGGERED", "", "2026-11-24T10:00:%02d.000Z".formatted(n));
  }

  @Test
  void aClientsRecordShowsItsLatestCommandsAndTheDashboardAFewPerClient() {
    List<CommandDocument> acme = new ArrayList<>();
    for (int n = 30; n > 0; n--) {
      acme.add(command("acme", n));
    }
    commands.put("acme", acme);
    commands.put("essence", List.of(command("essence", 7)));

    List<CommandDocument> shown = queries.client("acme").orElseThrow().commands();
    assertEquals(StatusQueries.RECENT_COMMANDS, shown.size(), "bounded");
    assertEquals("m30", shown.get(0).messageId(), "newest first");
    assertEquals(List.of("m30", "m29", "m28", "m27", "m26", "m7"),
        queries.dashboard().recentCommands().stream().map(CommandDocument::messageId).toList(), "per client, in client order");
  }

  // ---- the client files ----

  /** Tuesday 24 November 2026, 12:00 UTC: northwind-like windows are closed, one over every Tuesday is open. */
  private static final String ACME = """
      id: acme
      displayName: Acme Logistics
      gcp: {project: relay-acme-prod, region: us-central1}
      cluster: {name: acme, location: us-central1}
      deploy: {repo: https://github.com/twosixty/acme-deploy, trigger: relay-deploy}
      services: [billing, portal]
      approval: automatic
      freeze:
        - {day: TUESDAY, start: "09:00", duration: PT8H, timeZone: Europe/London}
        - {day: FRIDAY, start: "16:00", duration: PT64H, timeZone: Europe/London}
      pins: {billing: r-1}
      autoRollback: true
      """;

  private static final String NORTHWIND = """
      id: northwind
      displayName: Northwind Health
      gcp: {project: relay-northwind-prod, region: europe-west1}
      cluster: {name: northwind, location: europe-west1-b}
      deploy: {repo: https://github.com/twosixty/northwind-deploy, trigger: relay-deploy}
      channel: stable
      approval: manual
      """;

  private StatusQueries configured() {
    return new StatusQueries(reader, List.of(com.twosixty.relay.client.ClientDefinitions.parse("acme.yaml", ACME),
        com.twosixty.relay.client.ClientDefinitions.parse("northwind.yaml", NORTHWIND)),
        Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void everyClientWithAFileIsListedFromTheFirstMomentWithItsPolicy() {
    StatusQueries queries = configured();
    assertEquals(List.of("acme", "essence", "northwind"), queries.clients().stream().map(StatusViews.ClientView::id).toList(),
        "northwind has a file and nothing in Firestore; essence is in Firestore only");
    StatusViews.ClientView northwind = queries.client("northwind").orElseThrow().client();
    assertTrue(northwind.configured());
    assertEquals("Northwind Health", northwind.record().displayName());
    assertEquals("manual", northwind.approval());
    assertEquals("stable", northwind.channel());
    assertEquals("", northwind.frozenNow());
    assertEquals(Optional.empty(), queries.client("globex"), "no file and nothing recorded");

    StatusViews.ClientView acme = queries.client("acme").orElseThrow().client();
    assertEquals(List.of(new StatusViews.FreezeWindowView("TUESDAY", "09:00", "PT8H", "Europe/London", true, "2026-11-24T17:00Z"),
        new StatusViews.FreezeWindowView("FRIDAY", "16:00", "PT64H", "Europe/London", false, "")), acme.freezeWindows());
    assertEquals("freeze window TUESDAY 09:00 Europe/London for PT8H, open until 2026-11-24T17:00Z", acme.frozenNow());
    assertEquals(Map.of("billing", new Pin("billing", "r-1", Pin.FILE, "r-1")), acme.pins());
    StatusViews.ClientView essence = queries.client("essence").orElseThrow().client();
    assertEquals(false, essence.configured());
  }

  @Test
  void pinsShowTheirSourceAndACommandsPinOverridesTheFiles() {
    records.put("acme", new ClientRecord("acme", "acme", true, "audit", "ops@acme", Map.of("billing", "", "portal", "r-2"), ""));
    StatusViews.ClientView acme = configured().client("acme").orElseThrow().client();
    assertEquals(Map.of("billing", new Pin("billing", "", Pin.COMMAND, "r-1"), "portal", new Pin("portal", "r-2", Pin.COMMAND, "")),
        acme.pins());
    assertEquals(Optional.empty(), acme.pinOf("billing"), "unpinned by command");
    assertEquals("frozen by ops@acme: audit", acme.frozenNow(), "an operator's freeze wins over the window's words");
  }

  @Test
  void aClientIsBehindTheNewestReleaseItTakesAndSaysWhy() {
    releases.add(release("r-1", 100, "billing", "portal", "reports"));
    releases.add(release("r-2", 200, "billing", "portal", "reports"));
    ReleaseRecord hotfix = new ReleaseRecord("r-3", 300, "hotfix", "", "", new Release.Source("m", "hotfix/x", "c", "b"),
        List.of(new Release.ServiceImage("portal", "gcr.io/p/portal", "sha256:" + "a".repeat(64), "")));
    releases.add(hotfix);
    // acme: billing pinned to r-1 by its file and skipped in r-2; portal deployed r-2, then took the hotfix r-3 (channel both).
    deployments.add(deployment("acme", "r-2", "r-2", "release", "SUCCEEDED", List.of("portal"), Map.of(
        "billing", new DeploymentDocument.Decision("SKIP", "pinned"),
        "portal", new DeploymentDocument.Decision("DEPLOY", ""),
        "reports", new DeploymentDocument.Decision("SKIP", "not-run-by-client")), "2026-11-24T10:05:00Z"));
    services.put("acme", List.of(
        new ServiceDocument("billing", Optional.empty(), Optional.of(new RunningRelease(new ServiceVersion("r-1", 100, "", ""), "")),
            Optional.empty(), Optional.empty()),
        new ServiceDocument("portal", Optional.empty(), Optional.of(new RunningRelease(new ServiceVersion("r-2", 200, "", ""), "")),
            Optional.empty(), Optional.empty())));
    // northwind: stable only, manual: r-2 waits for approval; the hotfix is not for it.
    deployments.add(deployment("northwind", "r-2", "r-2", "release", "AWAITING_APPROVAL", List.of(), Map.of(
        "billing", new DeploymentDocument.Decision("AWAIT_APPROVAL", "approval required"),
        "portal", new DeploymentDocument.Decision("AWAIT_APPROVAL", "approval required"),
        "reports", new DeploymentDocument.Decision("AWAIT_APPROVAL", "approval required")), "2026-11-24T10:05:00Z"));

    StatusQueries queries = configured();
    StatusViews.ClientView acme = queries.client("acme").orElseThrow().client();
    assertEquals(List.of("billing", "portal"), acme.standing().stream().map(Standing.ServiceStanding::service).toList(),
        "only what acme runs");
    assertEquals(new Standing.ServiceStanding("billing", "r-1", "r-2", Standing.Why.PINNED, "pinned to r-1 (client file)"),
        acme.standing().get(0));
    assertEquals(new Standing.ServiceStanding("portal", "r-2", "r-3", Standing.Why.FROZEN,
        "freeze window TUESDAY 09:00 Europe/London for PT8H, open until 2026-11-24T17:00Z"), acme.standing().get(1),
        "acme takes hotfixes, and r-3 came while its window is open");
    assertTrue(acme.behind());

    StatusViews.ClientView northwind = queries.client("northwind").orElseThrow().client();
    assertEquals(List.of("billing", "portal", "reports"), northwind.standing().stream().map(Standing.ServiceStanding::service).toList());
    northwind.standing().forEach(s -> assertEquals(Standing.Why.AWAITING_APPROVAL, s.why(), s.toString()));
    assertEquals("r-2", northwind.standing().get(1).newest(), "the hotfix is not on northwind's channel");

    assertEquals("PARTIAL", queries.releases("", "").releases().get(1).clients().get("acme"),
        "acme deployed portal of r-2 and held billing back");
  }
}
