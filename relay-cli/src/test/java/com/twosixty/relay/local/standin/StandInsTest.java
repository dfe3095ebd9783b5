package com.twosixty.relay.local.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildClient;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildSettings;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.container.v1.Cluster;
import com.twosixty.relay.build.CloudBuildRunner;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.cloudbuild.BranchPolicy;
import com.twosixty.relay.cloudbuild.BuildNotifications;
import com.twosixty.relay.cloudbuild.ReleaseFactory;
import com.twosixty.relay.config.Settings;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.gke.GkeClusterChecker;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.pubsub.PubSubMessage;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stand-ins through the functions' own adapters and Google's real clients, over gRPC. */
class StandInsTest {
  private static final String HUB = "relay-local";
  private static final List<ClientDefinition> CLIENTS = ClientDefinitions.loadDirectory(Path.of("..", "clients"));
  private static final BlockingQueue<Build> NOTIFIED = new LinkedBlockingQueue<>();

  private static Faults faults;
  private static LocalClusters clusters;
  private static CloudBuildStandIn cloudBuild;
  private static StandInServer cloudBuildServer;
  private static StandInServer gkeServer;
  private static CloudBuildRunner runner;
  private static CloudBuildClient client;
  private static GkeClusterChecker gke;

  @BeforeAll
  static void start() throws IOException {
    faults = new Faults();
    clusters = new LocalClusters(CLIENTS);
    cloudBuild = new CloudBuildStandIn(new CloudBuildStandIn.Config(
        BuildTrigger.monorepo(HUB, "monorepo", "monorepo", "main"), List.of("billing", "portal", "reports"),
        "gcr.io/" + HUB, Duration.ofMillis(50), Duration.ofMillis(100), "http://local/builds/"),
        clusters, faults, (project, build) -> NOTIFIED.add(build),
        StructuredLog.to("test", new PrintStream(OutputStream.nullOutputStream())), Clock.systemUTC());
    cloudBuildServer = StandInServer.start(cloudBuild);
    gkeServer = StandInServer.start(new GkeStandIn(clusters, faults));
    runner = new CloudBuildRunner(cloudBuildServer.endpoint());
    gke = new GkeClusterChecker(gkeServer.endpoint());
    client = CloudBuildClient.create(CloudBuildSettings.newBuilder()
        .setCredentialsProvider(NoCredentialsProvider.create())
        .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
            .setEndpoint(cloudBuildServer.endpoint()).setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build())
        .build());
  }

  @AfterAll
  static void stop() {
    client.close();
    runner.close();
    gke.close();
    cloudBuildServer.close();
    gkeServer.close();
    cloudBuild.close();
  }

  @Test
  void aMonorepoBuildReportsEachServiceImageAndReleasePublisherAcceptsIt() throws Exception {
    String commit = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
    String buildId = runner.runTrigger(HUB, "monorepo", commit, Map.of("_SERVICES", "billing,portal", "_BRANCH", "main"));

    List<Build> steps = notificationsOf(buildId, 3);
    assertEquals(List.of(Build.Status.QUEUED, Build.Status.WORKING, Build.Status.SUCCESS),
        steps.stream().map(Build::getStatus).toList());
    Build done = steps.get(2);
    assertEquals(List.of("gcr.io/relay-local/billing:1a2b3c4", "gcr.io/relay-local/portal:1a2b3c4"),
        done.getResults().getImagesList().stream().map(BuiltImage::getName).toList());
    assertEquals(CloudBuildStandIn.digest("billing", commit), done.getResults().getImages(0).getDigest());
    assertTrue(done.getTagsList().contains("relay-monorepo"));
    assertEquals("", done.getSubstitutionsOrThrow("BRANCH_NAME"), "a run at a commit names no branch");
    assertEquals("main", done.getSubstitutionsOrThrow("_BRANCH"), "push-webhook's substitution carries it");

    // What release-publisher makes of the notification exactly as it went out on the wire.
    PubSubMessage wire = new PubSubMessage("1", Map.of("buildId", buildId, "status", "SUCCESS"),
        BuildNotifications.toJson(done).getBytes(StandardCharsets.UTF_8), "");
    ReleaseFactory.Outcome outcome = new ReleaseFactory("monorepo", BranchPolicy.from(new Settings(Map.of())))
        .fromBuild(BuildNotifications.parse(wire));
    Release release = assertInstanceOf(ReleaseFactory.Publish.class, outcome).release();
    assertEquals(List.of("billing", "portal"), release.services().stream().map(Release.ServiceImage::name).toList());

    assertEquals(Build.Status.SUCCESS, client.getBuild(HUB, buildId).getStatus());
    assertTrue(client.listBuilds(HUB, "").iterateAll().iterator().hasNext());
    assertEquals(3, notificationsOf(runner.runTrigger(HUB, "monorepo", commit, Map.of("_SERVICES", "all")), 3)
        .get(2).getResults().getImagesCount(), "'all' builds every service of the monorepo");
  }

  @Test
  void deployBuildsPutTheirImagesOnTheClusterUnlessTheyAreMadeToFail() throws Exception {
    ClientDefinition essence = client("essence");
    String images = "billing=gcr.io/relay-local/billing@" + CloudBuildStandIn.digest("billing", "c1");
    Map<String, String> substitutions = Map.of("_RELEASE_ID", "2026.11.25-1a2b3c4", "_DEPLOYMENT_ID", "2026.11.25-1a2b3c4",
        "_IMAGES", images, "_SERVICES", "billing");

    Build succeeded = notificationsOf(runner.runTrigger(essence.gcp().project(), essence.deploy().trigger(), "", substitutions), 3).get(2);
    assertEquals(Build.Status.SUCCESS, succeeded.getStatus());
    assertTrue(succeeded.getTagsList().contains("relay-deploy"));
    assertEquals("2026.11.25-1a2b3c4", clusters.workloads().get("essence").get("billing").releaseId());

    ClientDefinition acme = client("acme");
    faults.failDeploys("acme", true);
    try {
      Build failed = notificationsOf(runner.runTrigger(acme.gcp().project(), acme.deploy().trigger(), "", substitutions), 3).get(2);
      assertEquals(Build.Status.FAILURE, failed.getStatus());
      assertFalse(failed.getLogUrl().isEmpty());
      assertTrue(clusters.workloads().get("acme").isEmpty(), "a failed deploy changes nothing on the cluster");
    } finally {
      faults.failDeploys("acme", false);
    }

    PermanentFailure unknown = assertThrows(PermanentFailure.class,
        () -> runner.runTrigger(acme.gcp().project(), "no-such-trigger", "", Map.of()));
    assertTrue(unknown.getMessage().contains("NOT_FOUND"), unknown.getMessage());
    assertThrows(NotFoundException.class, () -> client.getBuild(HUB, "no-such-build"));
  }

  @Test
  void deployBuildsTakeTheDurationsGivenFinishInReverseOrderAndACancelledOneNeverLands() throws Exception {
    ClientDefinition northwind = client("northwind");
    String project = northwind.gcp().project();
    faults.deployDurations("northwind", List.of(Duration.ofMillis(1500), Duration.ofMillis(200)));
    String older = runner.runTrigger(project, northwind.deploy().trigger(), "", deploy("2026.11.24-aaaaaaa"));
    String newer = runner.runTrigger(project, northwind.deploy().trigger(), "", deploy("2026.11.25-bbbbbbb"));
    awaitStatus(older, Build.Status.SUCCESS);
    assertEquals(Build.Status.SUCCESS, cloudBuild.build(newer).orElseThrow().getStatus());
    assertEquals(List.of("2026.11.25-bbbbbbb", "2026.11.24-aaaaaaa"),
        clusters.history("northwind").stream().map(LocalClusters.Workload::releaseId).toList(),
        "the newer build finished first, the older landed after it");

    faults.deployDurations("northwind", List.of(Duration.ofSeconds(2)));
    String slow = runner.runTrigger(project, northwind.deploy().trigger(), "", deploy("2026.11.26-ccccccc"));
    runner.cancel(project, slow);
    Build cancelled = cloudBuild.build(slow).orElseThrow();
    assertEquals(Build.Status.CANCELLED, cancelled.getStatus());
    assertTrue(cancelled.hasFinishTime());
    awaitNotified(slow, Build.Status.CANCELLED);
    Thread.sleep(2_300);
    assertEquals(Build.Status.CANCELLED, cloudBuild.build(slow).orElseThrow().getStatus(), "it stays cancelled");
    assertEquals(2, clusters.history("northwind").size(), "a cancelled deploy never reaches the cluster");
    runner.cancel(project, slow); // finished: answered as it is
    runner.cancel(project, older);
    runner.cancel(project, "no-such-build"); // gone: nothing runs
    assertEquals(Build.Status.SUCCESS, cloudBuild.build(older).orElseThrow().getStatus());
  }

  private static Map<String, String> deploy(String releaseId) {
    return Map.of("_RELEASE_ID", releaseId, "_DEPLOYMENT_ID", releaseId, "_SERVICES", "billing",
        "_IMAGES", "billing=gcr.io/relay-local/billing@" + CloudBuildStandIn.digest("billing", releaseId));
  }

  private static void awaitStatus(String buildId, Build.Status status) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cloudBuild.build(buildId).orElseThrow().getStatus() != status && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(status, cloudBuild.build(buildId).orElseThrow().getStatus());
  }

  private static void awaitNotified(String buildId, Build.Status status) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      Build build = NOTIFIED.poll(100, TimeUnit.MILLISECONDS);
      if (build != null && build.getId().equals(buildId) && build.getStatus() == status) {
        return;
      }
    }
    throw new AssertionError("no " + status + " notification of " + buildId);
  }

  @Test
  void cloudBuildOutagesLastTheGivenNumberOfCalls() throws Exception {
    faults.cloudBuildUnavailable(2);
    assertThrows(TransientFailure.class, () -> runner.runTrigger(HUB, "monorepo", "", Map.of("_SERVICES", "billing")));
    assertThrows(TransientFailure.class, () -> runner.runTrigger(HUB, "monorepo", "", Map.of("_SERVICES", "billing")));
    notificationsOf(runner.runTrigger(HUB, "monorepo", "", Map.of("_SERVICES", "billing")), 3);
  }

  @Test
  void clustersAreRunningUnlessReconcilingSetOrUnknown() {
    ClientDefinition northwind = client("northwind");
    gke.requireRunning(northwind.gcp().project(), northwind.cluster().location(), northwind.cluster().name());

    faults.reconcile("northwind", Duration.ofMillis(300));
    assertThrows(TransientFailure.class,
        () -> gke.requireRunning(northwind.gcp().project(), northwind.cluster().location(), northwind.cluster().name()));
    sleep(400);
    gke.requireRunning(northwind.gcp().project(), northwind.cluster().location(), northwind.cluster().name());

    // getCluster is idempotent: Google's client retries UNAVAILABLE itself, so short outages never reach the caller.
    faults.containerUnavailable(2);
    gke.requireRunning(northwind.gcp().project(), northwind.cluster().location(), northwind.cluster().name());
    assertEquals(0, faults.snapshot().containerUnavailableCalls(), "both failing calls were made and retried");

    clusters.setStatus("northwind", Cluster.Status.ERROR);
    try {
      assertThrows(PermanentFailure.class,
          () -> gke.requireRunning(northwind.gcp().project(), northwind.cluster().location(), northwind.cluster().name()));
    } finally {
      clusters.setStatus("northwind", Cluster.Status.RUNNING);
    }
    PermanentFailure unknown = assertThrows(PermanentFailure.class,
        () -> gke.requireRunning(northwind.gcp().project(), northwind.cluster().location(), "elsewhere"));
    assertTrue(unknown.getMessage().contains("NOT_FOUND"), unknown.getMessage());
  }

  private static ClientDefinition client(String id) {
    return CLIENTS.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  /** The first {@code count} notifications of one build (tests run one after another). */
  private static List<Build> notificationsOf(String buildId, int count) throws InterruptedException {
    List<Build> found = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (found.size() < count && System.nanoTime() < deadline) {
      Build build = NOTIFIED.poll(100, TimeUnit.MILLISECONDS);
      if (build != null && build.getId().equals(buildId)) {
        found.add(build);
      }
    }
    assertEquals(count, found.size(), "notifications of build " + buildId);
    return found;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
