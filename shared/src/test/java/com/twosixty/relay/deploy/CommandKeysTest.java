package com.twosixty.relay.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.ImagePolicy;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.report.DeployReports;
import com.twosixty.relay.state.InMemoryCommandLog;
import com.twosixty.relay.state.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A command's key at client-deployer: the message id, or, when the sender gave the command an id,
 * one derived from that id and the sender; copies of deploy-reporter's auto rollback, one published
 * per concurrent copy of a FAILED notification, deploy once.
 */
class CommandKeysTest {
  private static final String REPORTER = "relay-deploy-reporter@relay-essence-prod.iam.gserviceaccount.com";

  @Test
  void theMessageIdUnlessTheSenderGaveAnIdThenTheIdAndTheSender() {
    assertEquals("m-1", CommandKeys.of("m-1", REPORTER, ""));
    String key = CommandKeys.of("m-1", REPORTER, "auto-rollback-2026.11.25-bbbbbbb");
    assertEquals(key, CommandKeys.of("m-2", REPORTER, "auto-rollback-2026.11.25-bbbbbbb"), "copies share it");
    assertEquals(35, key.length());
    assertNotEquals(key, CommandKeys.of("m-1", "mallory@example.com", "auto-rollback-2026.11.25-bbbbbbb"),
        "nobody takes another sender's id");
    assertNotEquals(key, CommandKeys.of("m-1", REPORTER, "auto-rollback-2026.11.26-ccccccc"));
  }

  @Test
  void concurrentCopiesOfOneAutoRollbackPublishedAsSeveralMessagesDeployOnce() throws Exception {
    InMemoryStateStore state = new InMemoryStateStore();
    DeploymentCoordinatorTest.FakeBuilds builds = new DeploymentCoordinatorTest.FakeBuilds();
    ClientDefinition essence = ClientDefinitions.loadFile(Path.of("..", "clients", "essence.yaml"));
    DeploymentCoordinator deployer = new DeploymentCoordinator(essence, ImagePolicy.parse("gcr.io/relay-hub/"), state,
        new InMemoryCommandLog(), new DeploymentCoordinatorTest.FakeCluster(), builds, (topic, message, key) -> "id",
        "deployments", Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
    Release a = DeploymentCoordinatorTest.release("2026.11.24-aaaaaaa", 100, "billing");
    Release b = DeploymentCoordinatorTest.release("2026.11.25-bbbbbbb", 200, "billing");
    state.putService("essence", "billing", Optional.of(version(b)), Optional.of(version(a)), Optional.empty());
    Command rollback = new Command(CommandType.ROLLBACK, "essence", b.releaseId(), "", REPORTER, "auto rollback: FAILURE");
    String id = DeployReports.rollbackId(b.releaseId());

    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Void>> copies = new ArrayList<>();
    for (int copy = 1; copy <= 3; copy++) {
      String messageId = "18" + copy;
      copies.add(CompletableFuture.runAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        deployer.onCommand(rollback, CommandKeys.of(messageId, REPORTER, id));
      }));
    }
    start.countDown();
    CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new)).join();

    assertEquals(1, builds.runs.size(), "one rollback deploy: " + builds.runs);
    assertEquals("rollback-" + CommandKeys.of("", REPORTER, id), builds.runs.get(0).get("_DEPLOYMENT_ID"));
    assertEquals(a.releaseId(), builds.runs.get(0).get("_RELEASE_ID"));
  }

  private static ServiceVersion version(Release release) {
    Release.ServiceImage image = release.services().get(0);
    return new ServiceVersion(release.releaseId(), release.sequence(), image.image(), image.digest());
  }
}
