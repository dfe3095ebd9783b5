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

  private final StatusReader reader = new StatusReader() {
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
      return clientIds().contains(clientId) ? Optional.of(ClientRecord.bare(clientId)) : Optional.empty();
    }

    @Override
    public List<ServiceDocument> services(String clientId) {
      return services.getOrDefault(clientId, List.of());
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
    assertEquals("SUCCEEDED", essence.status(), "the release's own deployment answers for the client");
    assertEquals(new ServiceOutcome("SUCCEEDED", "", "r-2", "release", "build-r-2", "", true), essence.services().get("billing"));
    assertEquals("FAILED", essence.services().get("portal").status(), "the newest deployment of a service wins");
    assertEquals(new ServiceOutcome("SKIPPED", "pinned", "r-2", "release", "", "", false), essence.services().get("reports"));
    assertEquals(List.of("redeploy-m1", "r-2"), essence.deployments().stream().map(DeploymentDocument::deploymentId).toList());
    ClientOutcome acme = detail.clients().get(0);
    assertEquals("AWAITING_APPROVAL", acme.services().get("billing").status());
    assertEquals(Map.of("acme", "AWAITING_APPROVAL", "essence", "SUCCEEDED"), queries.releases("", "").releases().get(0).clients());
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
}
