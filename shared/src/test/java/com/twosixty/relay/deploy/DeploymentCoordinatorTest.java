package com.twosixty.relay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.build.BuildRunner;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.ImagePolicy;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.gke.ClusterChecker;
import com.twosixty.relay.planner.Plan;
import com.twosixty.relay.planner.ServiceDecision;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.pubsub.EventPublisher;
import com.twosixty.relay.state.DeploymentDraft;
import com.twosixty.relay.contract.DeploymentKind;
import com.twosixty.relay.state.InMemoryCommandLog;
import com.twosixty.relay.state.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployer's decisions at its ports: an in-memory state store with the Firestore adapter's claim
 * rules, and fakes for the cluster, Cloud Build and Pub/Sub. The transactions themselves, and the
 * Google clients' error codes, are DeploymentCoordinatorIT's (emulator).
 */
class DeploymentCoordinatorTest {
  /** A Wednesday: no example freeze window covers it. */
  private static final Clock WEDNESDAY = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private static final String A = "2026.11.24-aaaaaaa";
  private static final String B = "2026.11.25-bbbbbbb";
  /** The hub's repository, as RELAY_IMAGE_REPOSITORIES names it. */
  private static final ImagePolicy HUB_IMAGES = ImagePolicy.parse("gcr.io/relay-hub/");

  private final InMemoryStateStore state = new InMemoryStateStore();
  private final InMemoryCommandLog commandLog = new InMemoryCommandLog();
  private final FakeBuilds builds = new FakeBuilds();
  private final FakeCluster cluster = new FakeCluster();
  private final List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
  private EventPublisher publisher = (topic, message, key) -> {
    assertEquals("deployments", topic);
    events.add((DeploymentEvent) message);
    return "id";
  };

  /** Cloud Build: records each run and finds it again by a substitution, as ListBuilds does. */
  static final class FakeBuilds implements BuildRunner {
    final List<Map<String, String>> runs = new CopyOnWriteArrayList<>();
    volatile RuntimeException failure;

    @Override
    public String runTrigger(String project, String trigger, String commitSha, Map<String, String> substitutions) {
      if (failure != null) {
        throw failure;
      }
      runs.add(Map.copyOf(substitutions));
      calls.add("run build-" + runs.size());
      return "build-" + runs.size();
    }

    /** Every Cloud Build call in order: "run build-N" or "cancel build-N". */
    final List<String> calls = new CopyOnWriteArrayList<>();

    volatile RuntimeException cancelFailure;

    @Override
    public void cancel(String project, String buildId) {
      if (cancelFailure != null) {
        throw cancelFailure;
      }
      calls.add("cancel " + buildId);
    }

    @Override
    public Optional<String> findRecentBuild(String project, String trigger, String key, String value) {
      for (int i = runs.size() - 1; i >= 0; i--) {
        if (value.equals(runs.get(i).get(key))) {
          return Optional.of("build-" + (i + 1));
        }
      }
      return Optional.empty();
    }
  }

  /** GKE: RUNNING unless told to fail; counts the questions. */
  static final class FakeCluster implements ClusterChecker {
    volatile RuntimeException failure;
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public void requireRunning(String project, String location, String cluster) {
      asked.add(project + "/" + location + "/" + cluster);
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** The deployment's build ended as deploy-reporter records it. */
  private void finished(String client, String deploymentId, DeploymentStatus status) {
    DeploymentDocument deployment = state.deployment(client, deploymentId).orElseThrow();
    state.putDeployment(deployment.after(DeploymentDocument.progressed(status, deployment.buildId(), "", "", "", false)));
  }

  private DeploymentCoordinator coordinator(String clientId) {
    ClientDefinition client = ClientDefinitions.loadFile(Path.of("..", "clients", clientId + ".yaml"));
    return new DeploymentCoordinator(client, HUB_IMAGES, state, commandLog, cluster, builds, (topic, message, key) -> {
      assertEquals(clientId, key, "events are ordered by client");
      return publisher.publish(topic, message, key);
    }, "deployments", WEDNESDAY);
  }

  static Release release(String id, long sequence, String... services) {
    return release(id, sequence, Channel.STABLE, services);
  }

  static Release release(String id, long sequence, Channel channel, String... services) {
    return new Release(id, sequence, new Release.Source("monorepo", "main", "c0ffee0", "b-" + id), "2026-11-25T11:00:00Z",
        channel, Stream.of(services).map(s -> new Release.ServiceImage(s, "gcr.io/relay-hub/" + s, digest(s, id), id)).toList());
  }

  private static String digest(String service, String releaseId) {
    return "sha256:" + Integer.toHexString((service + releaseId).hashCode()).repeat(16).substring(0, 64);
  }

  private static ServiceVersion version(Release release, String service) {
    Release.ServiceImage image = release.services().stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
    return new ServiceVersion(release.releaseId(), release.sequence(), image.image(), image.digest());
  }

  private static Command command(CommandType type, String client, String releaseId, String service, String reason) {
    return new Command(type, client, releaseId, service, "ops", reason);
  }

  private List<DeploymentStatus> statuses() {
    return events.stream().map(DeploymentEvent::status).toList();
  }

  private DeploymentEvent lastEvent() {
    return events.get(events.size() - 1);
  }

  private DeploymentStatus stored(String client, String deploymentId) {
    return state.deployment(client, deploymentId).orElseThrow().deploymentStatus();
  }

  // ---- release ----

  @Test
  void aReleaseTriggersTheClientsDeployWithItsSubstitutions() {
    Release release = release(B, 200, "billing", "portal");
    coordinator("essence").onRelease(release);

    assertEquals(1, builds.runs.size());
    Map<String, String> run = builds.runs.get(0);
    assertEquals(java.util.Set.copyOf(com.twosixty.relay.contract.DeploySubstitutions.KEYS), run.keySet());
    assertEquals(B, run.get("_RELEASE_ID"));
    assertEquals(B, run.get("_DEPLOYMENT_ID"));
    assertEquals("release", run.get("_DEPLOY_KIND"));
    assertEquals("billing,portal", run.get("_SERVICES"));
    assertEquals("billing=" + version(release, "billing").reference() + ",portal=" + version(release, "portal").reference(),
        run.get("_IMAGES"));
    assertEquals("essence", run.get("_CLUSTER"));
    assertEquals("europe-west2", run.get("_CLUSTER_LOCATION"));
    assertEquals(List.of("relay-essence-prod/europe-west2/essence"), cluster.asked);

    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
    DeploymentEvent triggered = events.get(0);
    assertEquals(new DeploymentEvent("essence", B, List.of("billing", "portal"), DeploymentStatus.TRIGGERED, "", "build-1", "",
        WEDNESDAY.instant().toString()), triggered);
    assertEquals(DeploymentStatus.TRIGGERED, stored("essence", B));
    assertEquals(Optional.of(release), state.release(B), "commands find the release later");
    assertEquals(Optional.empty(), state.leaseUntil("essence", B), "the recorded build lets the lease go");
  }

  // ---- image provenance ----

  /** The release {@code B} of billing (from the hub) and portal at {@code portalImage}. */
  private static Release withPortalImage(String portalImage) {
    Release hub = release(B, 200, "billing", "portal");
    return new Release(hub.releaseId(), hub.sequence(), hub.source(), hub.createdAt(), hub.channel(),
        List.of(hub.services().get(0), new Release.ServiceImage("portal", portalImage, hub.services().get(1).digest(), B)));
  }

  @Test
  void onlyAReleaseThatDeploysAsksTheCluster() {
    coordinator("northwind").onRelease(release(B, 200, "billing")); // awaits approval
    coordinator("essence").onRelease(release(B, 200, "billing")); // deploys
    coordinator("essence").onRelease(release(B, 200, "billing")); // a duplicate
    coordinator("essence").onRelease(release(A, 100, "billing")); // skipped: not newer

    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL, DeploymentStatus.TRIGGERED, DeploymentStatus.SKIPPED), statuses());
    assertEquals(List.of("relay-essence-prod/europe-west2/essence"), cluster.asked, "once, for the release that deploys");
  }

  @Test
  void aReleaseWithAForeignImageDeploysNothingAndSaysWhichImage() {
    for (String foreign : List.of("docker.io/attacker/portal", "gcr.io/relay-hub-evil/portal",
        "gcr.io/relay-hub/portal@sha256:" + "d".repeat(64), "gcr.io/relay-hub/portal:latest")) {
      events.clear();
      Release release = withPortalImage(foreign);
      coordinator("essence").onRelease(release);

      assertEquals(List.of(DeploymentStatus.FAILED), statuses(), foreign);
      DeploymentEvent failed = events.get(0);
      assertEquals(List.of("billing", "portal"), failed.services());
      assertTrue(failed.reason().startsWith("images not allowed: portal '" + foreign + "@sha256:"), failed.reason());
      assertEquals("", failed.buildId());
    }
    assertEquals(List.of(), builds.runs, "nothing reaches Cloud Build");
    assertEquals(List.of(), cluster.asked, "nor the cluster");
    assertEquals(Optional.empty(), state.release(B), "a refused release is not kept for later commands");
    assertEquals(Optional.empty(), state.deployment("essence", B), "nor claimed");
  }

  @Test
  void aReleaseWithABadDigestDeploysNothing() {
    Release hub = release(B, 200, "billing");
    Release bad = new Release(B, 200, hub.source(), hub.createdAt(), hub.channel(),
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", "sha256:" + "0".repeat(63), B)));
    coordinator("essence").onRelease(bad);

    assertEquals(List.of(DeploymentStatus.FAILED), statuses());
    assertTrue(lastEvent().reason().contains("the digest is not"), lastEvent().reason());
    assertEquals(List.of(), builds.runs);
  }

  @Test
  void aClientsOwnRepositoryIsAllowedForThatClientOnly() {
    Release release = withPortalImage("us-docker.pkg.dev/acme-tools/sidecars/portal");
    coordinator("acme").onRelease(release); // acme's file allows it
    coordinator("essence").onRelease(release);

    assertEquals(1, builds.runs.size());
    assertEquals("portal=us-docker.pkg.dev/acme-tools/sidecars/portal@" + version(release, "portal").digest(),
        builds.runs.get(0).get("_IMAGES"));
    DeploymentEvent essence = events.get(events.size() - 1);
    assertEquals(DeploymentStatus.FAILED, essence.status());
    assertEquals("essence", essence.client());
    assertTrue(essence.reason().contains("us-docker.pkg.dev/acme-tools/sidecars/portal@"), essence.reason());
  }

  @Test
  void aRedeployOfAStoredReleaseIsHeldToTheAllowListToo() {
    Release stored = withPortalImage("docker.io/attacker/portal");
    state.saveRelease(stored, WEDNESDAY.instant()).await(); // kept before the allow-list, say

    coordinator("essence").onCommand(command(CommandType.REDEPLOY, "essence", B, "", ""), "m1");

    assertEquals(List.of(), builds.runs);
    assertEquals(List.of(DeploymentStatus.FAILED), statuses());
    assertTrue(lastEvent().reason().contains("portal 'docker.io/attacker/portal@"), lastEvent().reason());
    assertEquals(DeploymentStatus.FAILED, stored("essence", "redeploy-m1"));
  }

  @Test
  void aReleaseDeliveredThreeTimesStartsOneBuild() {
    Release release = release(B, 200, "billing");
    for (int i = 0; i < 3; i++) {
      coordinator("essence").onRelease(release);
    }
    assertEquals(1, builds.runs.size());
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
  }

  @Test
  void aSubsetClientDeploysItsServicesAndReportsWhyItSkipsTheOthers() {
    coordinator("acme").onRelease(release(B, 200, "billing", "portal", "reports"));

    assertEquals("portal", builds.runs.get(0).get("_SERVICES"));
    assertEquals(List.of(DeploymentStatus.SKIPPED, DeploymentStatus.TRIGGERED), statuses());
    DeploymentEvent skipped = events.get(0);
    assertEquals(List.of("billing", "reports"), skipped.services());
    assertEquals("billing: pinned, reports: not-run-by-client", skipped.reason());
    assertEquals("", skipped.buildId());
    assertEquals(List.of("portal"), events.get(1).services());
  }

  @Test
  void aReleaseOnAChannelTheClientDoesNotTakeIsSkipped() {
    coordinator("northwind").onRelease(release(B, 200, Channel.HOTFIX, "billing"));

    assertEquals(List.of(DeploymentStatus.SKIPPED), statuses());
    assertEquals("billing: channel", lastEvent().reason());
    assertEquals(DeploymentStatus.SKIPPED, stored("northwind", B));
    assertEquals(0, builds.runs.size());
  }

  @Test
  void anOlderReleaseAfterANewerOneIsSkippedNeverDowngraded() {
    coordinator("essence").onRelease(release(B, 200, "billing"));
    coordinator("essence").onRelease(release(A, 100, "billing"));

    assertEquals(1, builds.runs.size());
    assertEquals(List.of(DeploymentStatus.TRIGGERED, DeploymentStatus.SKIPPED), statuses());
    assertEquals("billing: not-newer", lastEvent().reason());
    assertEquals(A, lastEvent().releaseId());
    assertEquals(B, state.services("essence").get("billing").targetVersion().orElseThrow().releaseId());
  }

  @Test
  void aReleaseThatDeploysNothingIsNotHeldUpByAClusterThatCannotTakeADeployment() {
    cluster.failure = new PermanentFailure("cluster northwind is ERROR");
    coordinator("northwind").onRelease(release(B, 200, "billing"));

    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL), statuses());
    assertEquals(0, builds.runs.size());
  }

  // ---- approve and reject ----

  @Test
  void aManualClientWaitsForApprovalThenDeploysOnceOnApprove() {
    coordinator("northwind").onRelease(release(B, 200, "billing"));
    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL), statuses());
    assertEquals("approval required", lastEvent().reason());
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, stored("northwind", B));
    assertEquals(0, builds.runs.size());

    Command approve = command(CommandType.APPROVE, "northwind", B, "", "");
    coordinator("northwind").onCommand(approve, "m1");
    assertEquals(1, builds.runs.size());
    assertEquals(DeploymentStatus.TRIGGERED, lastEvent().status());
    assertEquals("", lastEvent().reason(), "a release's TRIGGERED event gives no reason, approved or not");

    coordinator("northwind").onCommand(approve, "m2");
    assertEquals(1, builds.runs.size(), "a repeated approve deploys nothing more");
    assertEquals(List.of(DeploymentStatus.AWAITING_APPROVAL, DeploymentStatus.TRIGGERED, DeploymentStatus.SKIPPED), statuses());
    assertEquals("approve refused: " + B + " waits for nothing: its deployment is TRIGGERED", lastEvent().reason());
    assertEquals(List.of(), lastEvent().services(), "the answer names the command's services (none), not the deployment's");
  }

  @Test
  void approvingOneServiceDeploysOnlyThatServiceAndTheReleaseKeepsWaitingForTheOthers() {
    DeploymentCoordinator northwind = coordinator("northwind");
    northwind.onRelease(release(B, 200, "billing", "portal"));

    northwind.onCommand(command(CommandType.APPROVE, "northwind", B, "billing", ""), "m1");
    assertEquals(1, builds.runs.size());
    assertEquals("billing", builds.runs.get(0).get("_SERVICES"), "only the approved service deploys");
    assertEquals("approve-m1", builds.runs.get(0).get("_DEPLOYMENT_ID"));
    assertEquals("release", builds.runs.get(0).get("_DEPLOY_KIND"), "a release's deploy: its lead time counts");
    assertEquals(DeploymentStatus.TRIGGERED, lastEvent().status());
    assertEquals(List.of("billing"), lastEvent().services());
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, stored("northwind", B), "portal still waits for approval");

    northwind.onCommand(command(CommandType.APPROVE, "northwind", B, "billing", ""), "m2");
    assertEquals(1, builds.runs.size(), "billing is at B already");
    assertEquals(DeploymentStatus.SKIPPED, lastEvent().status());
    assertEquals("approve refused: " + B + " waits for nothing from billing: it is at " + B + " already", lastEvent().reason());

    northwind.onCommand(command(CommandType.APPROVE, "northwind", B, "", ""), "m3");
    assertEquals(2, builds.runs.size());
    assertEquals("portal", builds.runs.get(1).get("_SERVICES"), "approving the release deploys what is left of it");
    assertEquals(B, builds.runs.get(1).get("_DEPLOYMENT_ID"));
  }

  @Test
  void approvingEachServiceOnItsOwnClosesTheReleaseOnceNothingWaits() {
    DeploymentCoordinator northwind = coordinator("northwind");
    northwind.onRelease(release(B, 200, "billing", "portal"));
    northwind.onCommand(command(CommandType.APPROVE, "northwind", B, "billing", ""), "m1");
    northwind.onCommand(command(CommandType.APPROVE, "northwind", B, "portal", ""), "m2");

    assertEquals(List.of("billing", "portal"), builds.runs.stream().map(r -> r.get("_SERVICES")).toList());
    assertEquals(DeploymentStatus.SKIPPED, stored("northwind", B), "nothing of it waits any more");
  }

  @Test
  void approvingOneServiceIsHeldToTheClientsPolicyAndRejectTakesTheWholeRelease() {
    DeploymentCoordinator northwind = coordinator("northwind");
    northwind.onRelease(release(B, 200, "billing", "portal"));
    northwind.onCommand(command(CommandType.FREEZE, "northwind", "", "", "incident"), "m1");

    northwind.onCommand(command(CommandType.APPROVE, "northwind", B, "billing", ""), "m2");
    assertEquals(0, builds.runs.size(), "a frozen client deploys nothing, approved or not");
    assertEquals(DeploymentStatus.SKIPPED, lastEvent().status());
    assertEquals("approve refused: " + B + " waits for nothing: billing: frozen", lastEvent().reason());

    northwind.onCommand(command(CommandType.REJECT, "northwind", B, "billing", ""), "m3");
    assertEquals(DeploymentStatus.FAILED, lastEvent().status());
    assertEquals("reject refused: reject takes a whole release: give no service", lastEvent().reason());
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, stored("northwind", B), "nothing rejected");
  }

  @Test
  void approvingAnUnknownReleaseFails() {
    coordinator("northwind").onCommand(command(CommandType.APPROVE, "northwind", B, "", ""), "m1");

    assertEquals(List.of(DeploymentStatus.FAILED), statuses());
    assertEquals("approve refused: unknown release " + B, lastEvent().reason());
  }

  @Test
  void rejectSkipsTheWaitingReleaseAndALaterApproveFindsNothingWaiting() {
    coordinator("northwind").onRelease(release(B, 200, "billing", "portal"));
    coordinator("northwind").onCommand(command(CommandType.REJECT, "northwind", B, "", "bad week"), "m1");

    DeploymentEvent rejected = lastEvent();
    assertEquals(DeploymentStatus.SKIPPED, rejected.status());
    assertEquals("rejected by ops: bad week", rejected.reason());
    assertEquals(List.of("billing", "portal"), rejected.services());
    assertEquals(DeploymentStatus.SKIPPED, stored("northwind", B));

    coordinator("northwind").onCommand(command(CommandType.APPROVE, "northwind", B, "", ""), "m2");
    assertEquals(0, builds.runs.size());
    assertEquals("approve refused: " + B + " waits for nothing: its deployment is SKIPPED (rejected by ops: bad week)",
        lastEvent().reason());
    assertEquals(DeploymentStatus.SKIPPED, lastEvent().status());
  }

  @Test
  void rejectOfWhatNoLongerWaitsOrDoesNotExistChangesNothing() {
    coordinator("essence").onRelease(release(B, 200, "billing"));
    coordinator("essence").onCommand(command(CommandType.REJECT, "essence", B, "", ""), "m1");
    assertEquals("reject refused: " + B + " waits for nothing: its deployment is TRIGGERED", lastEvent().reason());
    assertEquals(DeploymentStatus.SKIPPED, lastEvent().status());
    assertEquals(DeploymentStatus.TRIGGERED, stored("essence", B));

    coordinator("essence").onCommand(command(CommandType.REJECT, "essence", A, "", ""), "m2");
    assertEquals(DeploymentStatus.FAILED, lastEvent().status());
    assertEquals("reject refused: unknown release " + A, lastEvent().reason());
  }

  // ---- pin, unpin, freeze, unfreeze ----

  @Test
  void aRuntimePinHoldsAServiceUntilItIsUnpinned() {
    DeploymentCoordinator essence = coordinator("essence");
    String early = "2026.11.01-0000000";
    essence.onRelease(release(early, 50, "billing"));
    essence.onCommand(command(CommandType.PIN, "essence", early, "billing", ""), "m1");
    assertEquals(new DeploymentEvent("essence", early, List.of("billing"), DeploymentStatus.PLANNED,
        "pinned by ops: billing held at " + early, "", "", WEDNESDAY.instant().toString()), lastEvent());

    essence.onRelease(release(A, 100, "billing", "portal"));
    assertEquals("portal", builds.runs.get(1).get("_SERVICES"));
    assertEquals("billing: pinned", events.get(2).reason());

    essence.onCommand(command(CommandType.UNPIN, "essence", "", "billing", ""), "m2");
    assertEquals(new DeploymentEvent("essence", "none", List.of("billing"), DeploymentStatus.PLANNED,
        "unpinned by ops: billing follows releases again", "", "", WEDNESDAY.instant().toString()), lastEvent());
    essence.onRelease(release(B, 200, "billing", "portal"));
    assertEquals("billing,portal", builds.runs.get(2).get("_SERVICES"));
  }

  @Test
  void anUnpinOverridesThePinInTheClientFile() {
    coordinator("acme").onCommand(command(CommandType.UNPIN, "acme", "", "billing", ""), "m1");
    coordinator("acme").onRelease(release(B, 200, "billing", "portal"));

    assertEquals("billing,portal", builds.runs.get(0).get("_SERVICES"));
  }

  @Test
  void aPinNeedsAServiceAndARelease() {
    coordinator("essence").onCommand(command(CommandType.PIN, "essence", B, "", ""), "m1");
    assertEquals(DeploymentStatus.FAILED, lastEvent().status());
    assertEquals("pin refused: a service is required", lastEvent().reason());
    assertEquals(List.of(), lastEvent().services());

    coordinator("essence").onCommand(command(CommandType.UNPIN, "essence", "", "", ""), "m2");
    assertEquals("unpin refused: a service is required", lastEvent().reason());

    coordinator("essence").onCommand(command(CommandType.PIN, "essence", "", "billing", ""), "m3");
    assertEquals(DeploymentStatus.FAILED, lastEvent().status());
    assertEquals("pin refused: a releaseId is required", lastEvent().reason());
    assertEquals("none", lastEvent().releaseId());
    assertEquals(List.of("billing"), lastEvent().services());

    coordinator("essence").onRelease(release(B, 200, "billing"));
    assertEquals(1, builds.runs.size(), "no pin was recorded");
  }

  @Test
  void aFrozenClientSkipsReleasesUntilUnfrozen() {
    DeploymentCoordinator essence = coordinator("essence");
    essence.onCommand(command(CommandType.FREEZE, "essence", "", "", "incident 42"), "m1");
    assertEquals(DeploymentStatus.PLANNED, lastEvent().status());
    assertEquals("frozen by ops: incident 42", lastEvent().reason());

    essence.onRelease(release(A, 100, "portal"));
    assertEquals(0, builds.runs.size());
    assertEquals("portal: frozen", lastEvent().reason());

    essence.onCommand(command(CommandType.UNFREEZE, "essence", "", "", ""), "m2");
    assertEquals("unfrozen by ops", lastEvent().reason());
    essence.onRelease(release(B, 200, "portal"));
    assertEquals(1, builds.runs.size());
  }

  // ---- rollback and redeploy ----

  @Test
  void rollbackReturnsToTheRunningVersionWhileTheTargetIsNotRunningYet() {
    Release a = release(A, 100, "billing");
    Release b = release(B, 200, "billing");
    state.putService("essence", "billing", Optional.of(version(b, "billing")),
        Optional.of(version(a, "billing")), Optional.empty());

    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "billing", ""), "m1");
    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "billing", ""), "m1"); // redelivered

    assertEquals(1, builds.runs.size());
    Map<String, String> run = builds.runs.get(0);
    assertEquals("rollback", run.get("_DEPLOY_KIND"));
    assertEquals("rollback-m1", run.get("_DEPLOYMENT_ID"));
    assertEquals(A, run.get("_RELEASE_ID"));
    assertEquals("billing=" + version(a, "billing").reference(), run.get("_IMAGES"));
    // The redelivery finds billing's target already moved back: nothing is left to roll back to.
    assertEquals(List.of(DeploymentStatus.TRIGGERED, DeploymentStatus.SKIPPED), statuses());
    assertEquals("rollback by ops", events.get(0).reason());
    assertEquals(A, state.services("essence").get("billing").targetVersion().orElseThrow().releaseId(),
        "the rollback's version is the new target, lower sequence or not");
  }

  @Test
  void rollbackReturnsToThePreviousVersionWhenTheTargetRuns() {
    Release a = release(A, 100, "billing", "portal");
    Release b = release(B, 200, "billing", "portal");
    for (String service : List.of("portal", "billing")) {
      state.putService("essence", service, Optional.of(version(b, service)), Optional.of(version(b, service)),
          Optional.of(version(a, service)));
    }

    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "", ""), "m1");

    assertEquals("billing,portal", builds.runs.get(0).get("_SERVICES"), "every service, in the store's order");
    assertEquals(A, builds.runs.get(0).get("_RELEASE_ID"));
  }

  @Test
  void rollbackOfVersionsFromSeveralReleasesIsMixed() {
    Release a = release(A, 100, "billing", "portal");
    Release b = release(B, 200, "billing", "portal");
    Release c = release("2026.11.26-ccccccc", 300, "billing", "portal");
    state.putService("essence", "billing", Optional.of(version(c, "billing")), Optional.of(version(a, "billing")),
        Optional.empty());
    state.putService("essence", "portal", Optional.of(version(c, "portal")), Optional.of(version(b, "portal")),
        Optional.empty());

    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "", ""), "m1");

    assertEquals("mixed", builds.runs.get(0).get("_RELEASE_ID"));
    assertEquals(200, state.deployment("essence", "rollback-m1").orElseThrow().sequence(), "the highest sequence it carries");
  }

  @Test
  void rollbackWithNothingToReturnToOrOfAnotherReleaseIsSkipped() {
    Release a = release(A, 100, "billing");
    Release b = release(B, 200, "billing", "portal");
    state.putService("essence", "billing", Optional.of(version(b, "billing")), Optional.of(version(a, "billing")),
        Optional.empty());
    state.putService("essence", "portal", Optional.of(version(b, "portal")), Optional.empty(), Optional.empty());

    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "portal", ""), "m1");
    assertEquals(new DeploymentEvent("essence", "none", List.of("portal"), DeploymentStatus.SKIPPED,
        "rollback refused: nothing to roll back to", "", "", WEDNESDAY.instant().toString()), lastEvent());

    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", A, "billing", ""), "m2");
    assertEquals("rollback refused: nothing to roll back to", lastEvent().reason(), "billing's target is not " + A);
    assertEquals(A, lastEvent().releaseId());
    assertEquals(0, builds.runs.size());

    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "", ""), "m3");
    assertEquals(1, builds.runs.size());
    assertEquals("billing", builds.runs.get(0).get("_SERVICES"), "billing rolls back, portal has nothing to return to");
  }

  /** Release B deployed at essence over A and ended {@code status}; deploy-reporter moved running when it SUCCEEDED. */
  private void deployedOverA(DeploymentStatus status, String... services) {
    Release a = release(A, 100, services);
    Release b = release(B, 200, services);
    for (String service : services) {
      state.putService("essence", service, Optional.of(version(a, service)), Optional.of(version(a, service)), Optional.empty());
    }
    coordinator("essence").onRelease(b);
    finished("essence", B, status);
    if (status == DeploymentStatus.SUCCEEDED) {
      for (String service : services) {
        state.putService("essence", service, Optional.of(version(b, service)), Optional.of(version(b, service)),
            Optional.of(version(a, service)));
      }
    }
    events.clear();
  }

  private List<DeploymentEvent> rolledBackEvents() {
    return events.stream().filter(e -> e.status() == DeploymentStatus.ROLLED_BACK).toList();
  }

  @Test
  void aRollbackMarksTheReleaseItRollsBackFromRolledBackWithOneEvent() {
    deployedOverA(DeploymentStatus.SUCCEEDED, "billing", "portal");

    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "", "bad release"), "m1");

    DeploymentDocument b = state.deployment("essence", B).orElseThrow();
    assertEquals(DeploymentStatus.ROLLED_BACK, b.deploymentStatus());
    assertEquals("rolled back by rollback-m1", b.reason());
    assertEquals(WEDNESDAY.instant().toString(), b.updatedAt());
    assertEquals(List.of(new DeploymentEvent("essence", B, List.of("billing", "portal"), DeploymentStatus.ROLLED_BACK,
        "rolled back by rollback-m1", "", "", WEDNESDAY.instant().toString())), rolledBackEvents());
    assertEquals(List.of(DeploymentStatus.ROLLED_BACK, DeploymentStatus.TRIGGERED), statuses(),
        "announced from the claim's outbox before the rollback's build");
    assertEquals(A, builds.runs.get(1).get("_RELEASE_ID"), "the rollback itself deploys A");
    assertEquals(DeploymentStatus.TRIGGERED, stored("essence", "rollback-m1"));
    assertEquals(1, state.outbox("essence").stream().filter(e -> e.event().status() == DeploymentStatus.ROLLED_BACK).count());
  }

  @Test
  void aRedeliveredRollbackMarksNothingTwice() {
    deployedOverA(DeploymentStatus.SUCCEEDED, "billing");
    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "billing", ""), "m1");
    String marked = state.deployment("essence", B).orElseThrow().updatedAt();

    Clock later = Clock.offset(WEDNESDAY, Duration.ofMinutes(1));
    new DeploymentCoordinator(ClientDefinitions.loadFile(Path.of("..", "clients", "essence.yaml")), HUB_IMAGES, state,
        commandLog, cluster, builds, publisher, "deployments", later)
        .onCommand(command(CommandType.ROLLBACK, "essence", "", "billing", ""), "m1");

    assertEquals(1, rolledBackEvents().size());
    assertEquals(marked, state.deployment("essence", B).orElseThrow().updatedAt(), "the redelivery wrote nothing");
    assertEquals(1, state.outbox("essence").stream().filter(e -> e.event().status() == DeploymentStatus.ROLLED_BACK).count());
    assertEquals(2, builds.runs.size(), "B's deploy and one rollback");
  }

  @Test
  void anAutoRollbackOfAFailedReleaseMarksItRolledBack() {
    deployedOverA(DeploymentStatus.FAILED, "billing");
    // deploy-reporter's rollback after the FAILED: the failed release named, running still A.
    coordinator("essence").onCommand(new Command(CommandType.ROLLBACK, "essence", B, "billing", "deploy-reporter",
        "auto rollback: FAILURE"), "m1");

    assertEquals(DeploymentStatus.ROLLED_BACK, stored("essence", B));
    assertEquals(List.of(B), rolledBackEvents().stream().map(DeploymentEvent::releaseId).toList());
    assertEquals(A, state.services("essence").get("billing").targetVersion().orElseThrow().releaseId());
  }

  @Test
  void aRollbackOfARunningBuildCancelsItAndMarksItsReleaseRolledBackWhichNoLateReportLowers() {
    Release a = release(A, 100, "billing");
    state.putService("essence", "billing", Optional.of(version(a, "billing")), Optional.of(version(a, "billing")),
        Optional.empty());
    coordinator("essence").onRelease(release(B, 200, "billing"));

    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "billing", ""), "m1");

    assertEquals(List.of("run build-1", "cancel build-1", "run build-2"), builds.calls);
    assertEquals(DeploymentStatus.ROLLED_BACK, stored("essence", B));
    for (DeploymentStatus late : List.of(DeploymentStatus.STARTED, DeploymentStatus.SUCCEEDED, DeploymentStatus.FAILED)) {
      assertTrue(!late.advancesFrom(DeploymentStatus.ROLLED_BACK), late + " after ROLLED_BACK");
    }
  }

  @Test
  void aRollbackWithNothingToRollBackFromMarksNothing() {
    // Targets whose releases have no deployment here (or only one that never deployed): nothing to mark.
    Release a = release(A, 100, "billing", "portal");
    Release b = release(B, 200, "billing", "portal");
    state.putService("essence", "billing", Optional.of(version(b, "billing")), Optional.of(version(b, "billing")),
        Optional.of(version(a, "billing")));
    state.putService("essence", "portal", Optional.of(version(b, "portal")), Optional.empty(), Optional.empty());
    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "portal", ""), "m1");
    assertEquals(List.of(DeploymentStatus.SKIPPED), statuses(), "nothing to roll back to: no claim, no mark");

    coordinator("essence").onCommand(command(CommandType.ROLLBACK, "essence", "", "billing", ""), "m2");

    assertEquals(List.of(DeploymentStatus.SKIPPED, DeploymentStatus.TRIGGERED), statuses());
    assertTrue(state.deployment("essence", B).isEmpty());
    assertTrue(rolledBackEvents().isEmpty());
  }

  @Test
  void aRedeployMarksNothing() {
    deployedOverA(DeploymentStatus.SUCCEEDED, "billing");
    state.saveRelease(release(A, 100, "billing"), WEDNESDAY.instant());

    coordinator("essence").onCommand(command(CommandType.REDEPLOY, "essence", A, "billing", ""), "m1");

    assertEquals(A, builds.runs.get(1).get("_RELEASE_ID"));
    assertEquals(DeploymentStatus.SUCCEEDED, stored("essence", B));
    assertTrue(rolledBackEvents().isEmpty());
  }

  @Test
  void aNewerReleaseCancelsTheOlderBuildStillRunningBeforeItStartsItsOwn() {
    coordinator("essence").onRelease(release(A, 100, "billing", "portal"));
    coordinator("essence").onRelease(release(B, 200, "billing", "portal"));

    assertEquals(List.of("run build-1", "cancel build-1", "run build-2"), builds.calls);
    assertEquals(B, builds.runs.get(1).get("_RELEASE_ID"));
    assertEquals("billing,portal", builds.runs.get(1).get("_SERVICES"));
    assertEquals(List.of(DeploymentStatus.TRIGGERED, DeploymentStatus.TRIGGERED), statuses());
  }

  @Test
  void anOlderReleaseArrivingWhileANewerBuildRunsIsSkippedAndCancelsNothing() {
    coordinator("essence").onRelease(release(B, 200, "billing", "portal"));
    coordinator("essence").onRelease(release(A, 100, "billing", "portal"));

    assertEquals(List.of("run build-1"), builds.calls, "the newer build runs on, alone");
    assertEquals(DeploymentStatus.SKIPPED, lastEvent().status());
    assertEquals("billing: not-newer, portal: not-newer", lastEvent().reason());
  }

  @Test
  void aNewerReleaseOfFewerServicesCarriesOverTheServicesOfTheBuildItCancels() {
    coordinator("essence").onRelease(release(A, 100, "billing", "portal"));
    coordinator("essence").onRelease(release(B, 200, "billing"));

    assertEquals(List.of("run build-1", "cancel build-1", "run build-2"), builds.calls);
    Map<String, String> run = builds.runs.get(1);
    assertEquals("billing,portal", run.get("_SERVICES"), "portal's deploy is not lost with the cancelled build");
    assertTrue(run.get("_IMAGES").contains("portal=gcr.io/relay-hub/portal@" + digest("portal", A)), run.get("_IMAGES"));
    assertTrue(run.get("_IMAGES").contains("billing=gcr.io/relay-hub/billing@" + digest("billing", B)), run.get("_IMAGES"));
  }

  @Test
  void anOlderDeploymentWhoseClaimantDiedBeforeStartingItsBuildIsClosedSupersededAndNeverStarted() {
    InMemoryStateStore shortLeases = new InMemoryStateStore(java.time.Duration.ofSeconds(-1));
    ClientDefinition essence = ClientDefinitions.loadFile(Path.of("..", "clients", "essence.yaml"));
    Release older = release(A, 100, "billing");
    shortLeases.claim("essence", Candidates.release(older),
        current -> com.twosixty.relay.planner.ReleasePlanner.plan(older, essence, current, WEDNESDAY.instant(), false),
        false, WEDNESDAY.instant()); // and dies: its lease is already over
    DeploymentCoordinator deployer = new DeploymentCoordinator(essence, HUB_IMAGES, shortLeases, commandLog, cluster, builds,
        publisher, "deployments", WEDNESDAY);

    deployer.onRelease(release(B, 200, "billing"));
    deployer.onRelease(older); // its redelivery

    assertEquals(List.of("run build-1"), builds.calls, "only the newer build ever ran");
    assertEquals(B, builds.runs.get(0).get("_RELEASE_ID"));
    DeploymentEvent closed = events.stream().filter(e -> e.releaseId().equals(A)).findFirst().orElseThrow();
    assertEquals(DeploymentStatus.SKIPPED, closed.status());
    assertEquals("superseded by " + B, closed.reason());
    assertEquals(DeploymentStatus.SKIPPED, shortLeases.deployment("essence", A).orElseThrow().deploymentStatus());
  }

  @Test
  void aFinishedBuildIsNotCancelled() {
    coordinator("essence").onRelease(release(A, 100, "billing", "portal"));
    finished("essence", A, DeploymentStatus.SUCCEEDED);
    coordinator("essence").onRelease(release(B, 200, "billing", "portal"));

    assertEquals(List.of("run build-1", "run build-2"), builds.calls);
  }

  @Test
  void aCancelThatCannotBeMadeNowPostponesTheNewerBuild() {
    coordinator("essence").onRelease(release(A, 100, "billing", "portal"));
    builds.cancelFailure = new TransientFailure("Cloud Build unavailable");

    assertThrows(TransientFailure.class, () -> coordinator("essence").onRelease(release(B, 200, "billing", "portal")));
    assertEquals(1, builds.runs.size(), "no newer build while the older one may run");

    builds.cancelFailure = null;
    coordinator("essence").onRelease(release(B, 200, "billing", "portal")); // the redelivery
    assertEquals(List.of("run build-1", "cancel build-1", "run build-2"), builds.calls);
  }

  @Test
  void redeployDeploysAnOlderReleaseOncePerMessage() {
    coordinator("essence").onRelease(release(A, 100, "billing", "portal"));
    finished("essence", A, DeploymentStatus.SUCCEEDED);
    coordinator("essence").onRelease(release(B, 200, "billing", "portal"));
    finished("essence", B, DeploymentStatus.SUCCEEDED);
    Command redeploy = command(CommandType.REDEPLOY, "essence", A, "billing", "");

    coordinator("essence").onCommand(redeploy, "m1");
    coordinator("essence").onCommand(redeploy, "m1"); // the same message again

    assertEquals(3, builds.runs.size());
    Map<String, String> run = builds.runs.get(2);
    assertEquals(A, run.get("_RELEASE_ID"));
    assertEquals("redeploy-m1", run.get("_DEPLOYMENT_ID"));
    assertEquals("redeploy", run.get("_DEPLOY_KIND"));
    assertEquals("billing", run.get("_SERVICES"));
    assertEquals("redeploy by ops", lastEvent().reason());

    coordinator("essence").onCommand(command(CommandType.REDEPLOY, "essence", A, "", ""), "m2");
    assertEquals("billing,portal", builds.runs.get(3).get("_SERVICES"), "no service: all of them");
  }

  @Test
  void redeployOfAnUnknownReleaseFailsAndOfServicesTheClientDoesNotRunIsSkipped() {
    coordinator("acme").onCommand(command(CommandType.REDEPLOY, "acme", A, "", ""), "m1");
    assertEquals(DeploymentStatus.FAILED, lastEvent().status());
    assertEquals("redeploy refused: unknown release " + A, lastEvent().reason());

    coordinator("acme").onRelease(release(A, 100, "reports"));
    coordinator("acme").onCommand(command(CommandType.REDEPLOY, "acme", A, "reports", ""), "m2");
    assertEquals(DeploymentStatus.FAILED, lastEvent().status());
    assertEquals("redeploy refused: reports is not run by acme", lastEvent().reason());
    coordinator("acme").onCommand(command(CommandType.REDEPLOY, "acme", A, "", ""), "m3");
    assertEquals(DeploymentStatus.SKIPPED, lastEvent().status());
    assertEquals("redeploy refused: release " + A + " has no service acme runs", lastEvent().reason());
    assertEquals(0, builds.runs.size());
  }

  // ---- failures ----

  @Test
  void aClusterThatIsNotReadyYetIsRetriedAndTheLeaseLetGo() {
    cluster.failure = new TransientFailure("cluster essence is RECONCILING");
    Release release = release(B, 200, "billing");

    assertThrows(TransientFailure.class, () -> coordinator("essence").onRelease(release));
    assertEquals(List.of(), statuses());
    assertEquals(0, builds.runs.size());
    assertEquals(DeploymentStatus.PLANNED, stored("essence", B));
    assertEquals(Optional.empty(), state.leaseUntil("essence", B), "the redelivery need not wait out the lease");

    cluster.failure = null;
    coordinator("essence").onRelease(release);
    assertEquals(1, builds.runs.size());
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
  }

  @Test
  void aBuildThatCannotStartNowIsRetriedAndTheLeaseLetGo() {
    builds.failure = new TransientFailure("Cloud Build UNAVAILABLE");
    Release release = release(B, 200, "billing");

    assertThrows(TransientFailure.class, () -> coordinator("essence").onRelease(release));
    assertEquals(Optional.empty(), state.leaseUntil("essence", B));

    builds.failure = null;
    coordinator("essence").onRelease(release);
    coordinator("essence").onRelease(release);
    assertEquals(1, builds.runs.size());
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
  }

  @Test
  void aPermanentFailureIsRecordedAndReportedAndNotRetried() {
    builds.failure = new PermanentFailure("trigger relay-deploy: NOT_FOUND");
    Release release = release(B, 200, "billing");

    coordinator("essence").onRelease(release);
    assertEquals(List.of(DeploymentStatus.FAILED), statuses());
    assertEquals("trigger relay-deploy: NOT_FOUND", lastEvent().reason());
    assertEquals(List.of("billing"), lastEvent().services());
    assertEquals(DeploymentStatus.FAILED, stored("essence", B));

    builds.failure = null;
    coordinator("essence").onRelease(release);
    assertEquals(0, builds.runs.size(), "a failed deployment is not retried by redelivery");
  }

  @Test
  void aTriggeredEventThatCouldNotBePublishedIsSentByTheRedeliveryWithoutASecondBuild() {
    Release release = release(B, 200, "billing");
    EventPublisher working = publisher;
    publisher = (topic, message, key) -> {
      throw new IllegalStateException("injected: publish to " + topic + " failed: UNAVAILABLE");
    };

    TransientFailure retry = assertThrows(TransientFailure.class, () -> coordinator("essence").onRelease(release));
    assertTrue(retry.getMessage().contains("build-1 started"), retry.getMessage());
    assertEquals(DeploymentStatus.PLANNED, stored("essence", B));
    assertEquals(Optional.empty(), state.leaseUntil("essence", B));

    publisher = working;
    coordinator("essence").onRelease(release); // Pub/Sub redelivers
    assertEquals(1, builds.runs.size(), "the redelivery adopted the build instead of starting another");
    assertEquals(List.of(DeploymentStatus.TRIGGERED), statuses());
    assertEquals("build-1", lastEvent().buildId());
    assertEquals("adopted the build an interrupted delivery started", lastEvent().reason());
    assertEquals(DeploymentStatus.TRIGGERED, stored("essence", B));
  }

  @Test
  void aDeploymentAnotherInstanceIsStartingIsRetriedLaterWhenItsLeaseIsFarOff() {
    InMemoryStateStore longLeases = new InMemoryStateStore(Duration.ofMinutes(5));
    Release release = release(B, 200, "billing");
    longLeases.claim("essence", new DeploymentDraft(B, B, 200, DeploymentKind.RELEASE, Map.of("billing", version(release, "billing"))),
        current -> new Plan(List.of(ServiceDecision.deploy("billing"))), false, WEDNESDAY.instant());
    ClientDefinition essence = ClientDefinitions.loadFile(Path.of("..", "clients", "essence.yaml"));
    DeploymentCoordinator instance = new DeploymentCoordinator(essence, HUB_IMAGES, longLeases, commandLog, cluster, builds, publisher, "deployments", WEDNESDAY);

    TransientFailure retry = assertThrows(TransientFailure.class, () -> instance.onRelease(release));
    assertTrue(retry.getMessage().contains("is being started elsewhere until"), retry.getMessage());
    assertEquals(0, builds.runs.size());
    assertEquals(List.of(), statuses());
  }

  @Test
  void eachCommandPublishesOneEventForItsClient() {
    List<String> keys = new ArrayList<>();
    EventPublisher working = publisher;
    publisher = (topic, message, key) -> {
      keys.add(key);
      return working.publish(topic, message, key);
    };
    for (CommandType type : CommandType.values()) {
      coordinator("essence").onCommand(command(type, "essence", B, "billing", ""), "m-" + type.wireName());
    }
    assertEquals(CommandType.values().length, events.size(), events.toString());
    assertTrue(keys.stream().allMatch("essence"::equals));
  }

  // ---- refusals (issue 18): one event each, nothing changed ----

  private static Command by(CommandType type, String client, String releaseId, String service, String by) {
    return new Command(type, client, releaseId, service, by, "");
  }

  @Test
  void aCommandWithoutAByIsRefusedWhateverItAsks() {
    coordinator("northwind").onRelease(release(B, 200, "billing"));
    events.clear();
    for (CommandType type : CommandType.values()) {
      for (String blank : List.of("", "  ")) {
        coordinator("northwind").onCommand(by(type, "northwind", B, "billing", blank), "m-" + type.wireName() + blank.length());
        assertEquals(DeploymentStatus.FAILED, lastEvent().status(), type.wireName());
        assertEquals(type.wireName() + " refused: by is empty: a command names who sends it", lastEvent().reason());
      }
    }
    assertEquals(2 * CommandType.values().length, events.size(), "one event per command");
    assertEquals(0, builds.runs.size());
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, stored("northwind", B), "nothing approved, rejected or closed");
    coordinator("northwind").onRelease(release("2026.11.26-ccccccc", 300, "billing"));
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, lastEvent().status(), "nothing frozen or pinned");
  }

  @Test
  void aServiceTheClientDoesNotRunIsRefusedForEveryCommandThatNamesOne() {
    coordinator("acme").onRelease(release(B, 200, "portal", "reports"));
    events.clear();
    for (CommandType type : List.of(CommandType.APPROVE, CommandType.REJECT, CommandType.PIN, CommandType.UNPIN,
        CommandType.ROLLBACK, CommandType.REDEPLOY)) {
      coordinator("acme").onCommand(command(type, "acme", B, "reports", ""), "m-" + type.wireName());
      assertEquals(new DeploymentEvent("acme", B, List.of("reports"), DeploymentStatus.FAILED,
          type.wireName() + " refused: reports is not run by acme", "", "", WEDNESDAY.instant().toString()), lastEvent());
    }
    assertEquals(6, events.size());
    assertEquals(1, builds.runs.size(), "only the release's own build");
  }

  @Test
  void aPinToAReleaseTheClientHasNotSeenIsRefusedAndTheServiceKeepsFollowingReleases() {
    coordinator("essence").onCommand(command(CommandType.PIN, "essence", "2026.11.01-0000000", "billing", ""), "m1");
    assertEquals(new DeploymentEvent("essence", "2026.11.01-0000000", List.of("billing"), DeploymentStatus.FAILED,
        "pin refused: release 2026.11.01-0000000 has not been seen by essence", "", "", WEDNESDAY.instant().toString()),
        lastEvent());

    coordinator("essence").onRelease(release(A, 100, "portal"));
    coordinator("essence").onCommand(command(CommandType.PIN, "essence", A, "billing", ""), "m2");
    assertEquals("pin refused: release " + A + " does not contain billing", lastEvent().reason());
    assertEquals(DeploymentStatus.FAILED, lastEvent().status());

    coordinator("essence").onRelease(release(B, 200, "billing", "portal"));
    assertEquals("billing,portal", builds.runs.get(1).get("_SERVICES"), "no bogus pin holds billing back");
  }

  @Test
  void aPinToAReleaseAnotherClientSawButThisOneDidNotIsRefused() {
    coordinator("essence").onRelease(release(A, 100, "billing")); // stored by essence's delivery
    coordinator("northwind").onCommand(command(CommandType.PIN, "northwind", A, "billing", ""), "m1");
    assertEquals("pin refused: release " + A + " has not been seen by northwind", lastEvent().reason());
  }

  @Test
  void approveOrRejectOfAReleaseNotPlannedHereWaitsForNothing() {
    coordinator("essence").onRelease(release(B, 200, "billing"));
    events.clear();
    coordinator("northwind").onCommand(command(CommandType.APPROVE, "northwind", B, "", ""), "m1");
    assertEquals(new DeploymentEvent("northwind", B, List.of(), DeploymentStatus.SKIPPED,
        "approve refused: " + B + " waits for nothing: it was not planned for northwind", "", "",
        WEDNESDAY.instant().toString()), lastEvent());
    coordinator("northwind").onCommand(command(CommandType.REJECT, "northwind", B, "", ""), "m2");
    assertEquals(DeploymentStatus.SKIPPED, lastEvent().status());
    assertEquals(1, builds.runs.size(), "essence's build only");
    assertEquals(Optional.empty(), state.deployment("northwind", B), "an approve ahead of the release claims nothing");
  }

  // ---- superseded waiting releases ----

  @Test
  void approvingANewerReleaseClosesTheOlderOnesItOvertookAndTheirApproveIsAnswered() {
    DeploymentCoordinator northwind = coordinator("northwind");
    northwind.onRelease(release(A, 100, "billing", "portal"));
    northwind.onRelease(release(B, 200, "billing", "portal"));
    events.clear();

    northwind.onCommand(command(CommandType.APPROVE, "northwind", B, "", ""), "m1");
    assertEquals(new DeploymentEvent("northwind", A, List.of("billing", "portal"), DeploymentStatus.SKIPPED,
        "superseded by " + B, "", "", WEDNESDAY.instant().toString()), events.get(0));
    assertEquals(DeploymentStatus.TRIGGERED, lastEvent().status());
    assertEquals(B, lastEvent().releaseId());
    assertEquals(DeploymentStatus.SKIPPED, stored("northwind", A), "off the waiting list");
    assertEquals("superseded by " + B, state.deployment("northwind", A).orElseThrow().reason());

    northwind.onCommand(command(CommandType.APPROVE, "northwind", A, "", ""), "m2");
    assertEquals(new DeploymentEvent("northwind", A, List.of(), DeploymentStatus.SKIPPED,
        "approve refused: " + A + " waits for nothing: its deployment is SKIPPED (superseded by " + B + ")", "", "",
        WEDNESDAY.instant().toString()), lastEvent());
    assertEquals(1, builds.runs.size());
  }

  @Test
  void aWaitingReleaseStaysOpenWhileSomeServiceItWaitsForIsNotOvertaken() {
    DeploymentCoordinator northwind = coordinator("northwind");
    northwind.onRelease(release(A, 100, "billing", "portal"));
    northwind.onRelease(release(B, 200, "billing"));
    northwind.onCommand(command(CommandType.APPROVE, "northwind", B, "", ""), "m1");
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, stored("northwind", A), "portal at A is still newer than anything");

    northwind.onCommand(command(CommandType.APPROVE, "northwind", A, "", ""), "m2");
    assertEquals(2, builds.runs.size());
    assertEquals("portal", builds.runs.get(1).get("_SERVICES"), "approving A deploys what is left of it");
  }

  @Test
  void aReleaseStillWaitingAfterANewerOneDeployedItsServicesIsAnsweredAsSupersededAndUnchanged() {
    // As stored before closures existed: A waits, billing's target is already the newer B.
    Release a = release(A, 100, "billing");
    Release b = release(B, 200, "billing");
    coordinator("northwind").onRelease(a);
    state.saveRelease(b, WEDNESDAY.instant()).await();
    state.putService("northwind", "billing", Optional.of(version(b, "billing")), Optional.of(version(b, "billing")),
        Optional.empty());
    events.clear();

    for (CommandType type : List.of(CommandType.APPROVE, CommandType.REJECT)) {
      coordinator("northwind").onCommand(command(type, "northwind", A, "", ""), "m-" + type.wireName());
      assertEquals(new DeploymentEvent("northwind", A, List.of(), DeploymentStatus.SKIPPED,
          type.wireName() + " refused: " + A + " waits for nothing: superseded by " + B, "", "", WEDNESDAY.instant().toString()),
          lastEvent());
    }
    assertEquals(0, builds.runs.size());
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, stored("northwind", A), "a refusal changes nothing");
  }

  @Test
  void anApproveWhoseApprovedPlanDeploysNothingIsAnsweredNotSilent() {
    coordinator("northwind").onRelease(release(B, 200, "billing"));
    coordinator("northwind").onCommand(command(CommandType.FREEZE, "northwind", "", "", "incident"), "m1");
    events.clear();

    coordinator("northwind").onCommand(command(CommandType.APPROVE, "northwind", B, "", ""), "m2");
    assertEquals(List.of(DeploymentStatus.SKIPPED), statuses());
    assertEquals("approve refused: " + B + " waits for nothing: billing: frozen", lastEvent().reason());
    assertEquals(0, builds.runs.size());
  }

  // ---- the command log ----

  @Test
  void everyCommandIsRecordedOnceWithTheEventThatAnsweredIt() {
    coordinator("northwind").onRelease(release(B, 200, "billing"));
    Command approve = new Command(CommandType.APPROVE, "northwind", B, "", "ana@twosixty.com", "CAB 12");
    coordinator("northwind").onCommand(approve, "m1");
    coordinator("northwind").onCommand(approve, "m1"); // redelivered
    coordinator("northwind").onCommand(command(CommandType.PIN, "northwind", "2026.01.01-0000000", "billing", ""), "m2");

    List<com.twosixty.relay.firestore.CommandDocument> records = commandLog.records();
    assertEquals(2, records.size(), "one record per message id");
    assertEquals(new com.twosixty.relay.firestore.CommandDocument("m1", "northwind", "approve", B, "", "ana@twosixty.com",
        "CAB 12", "2026-11-25T12:00:00.000Z", "APPLIED", "TRIGGERED", "", "2026-11-25T12:00:00.000Z"), records.get(0));
    assertEquals(new com.twosixty.relay.firestore.CommandDocument("m2", "northwind", "pin", "2026.01.01-0000000", "billing",
        "ops", "", "2026-11-25T12:00:00.000Z", "REFUSED", "FAILED",
        "pin refused: release 2026.01.01-0000000 has not been seen by northwind", "2026-11-25T12:00:00.000Z"), records.get(1));
  }

  @Test
  void aCommandThatFailsTransientlyIsRecordedByTheDeliveryThatCompletesIt() {
    coordinator("northwind").onRelease(release(B, 200, "billing"));
    cluster.failure = new TransientFailure("cluster northwind is RECONCILING");
    Command approve = command(CommandType.APPROVE, "northwind", B, "", "");
    assertThrows(TransientFailure.class, () -> coordinator("northwind").onCommand(approve, "m1"));
    assertEquals(List.of(), commandLog.records());

    cluster.failure = null;
    coordinator("northwind").onCommand(approve, "m1");
    assertEquals("TRIGGERED", commandLog.records().get(0).status());
  }
}
