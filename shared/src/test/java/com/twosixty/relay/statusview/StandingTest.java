package com.twosixty.relay.statusview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.statusview.Standing.Why;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whether a service is behind the newest release it takes, and why: one row per case. */
class StandingTest {
  private static final ReleaseRecord R1 = release("r-1", 100);
  private static final ReleaseRecord R2 = release("r-2", 200);

  private static ReleaseRecord release(String id, long sequence) {
    return new ReleaseRecord(id, sequence, "stable", "", "", new Release.Source("m", "main", "c", "b"),
        List.of(new Release.ServiceImage("billing", "gcr.io/p/billing", "sha256:" + "a".repeat(64), "")));
  }

  private static Optional<ServiceVersion> runs(ReleaseRecord release) {
    return Optional.of(new ServiceVersion(release.releaseId(), release.sequence(), "", ""));
  }

  /** The client's deployment of R2: its status, and billing's decision. */
  private static Optional<DeploymentDocument> ofR2(String status, String action, String reason, boolean deployed) {
    return Optional.of(new DeploymentDocument("r-2", "acme", "r-2", 200, "release", status,
        Map.of("billing", new DeploymentDocument.Decision(action, reason)), List.of("billing"),
        deployed ? List.of("billing") : List.of(), Map.of(), "", "",
        status.equals("FAILED") ? "FAILURE" : status.equals("ROLLED_BACK") ? "rolled back by rollback-m1" : "", "", "", "", 0,
        false, false));
  }

  private static final Optional<Pin> FILE_PIN = Optional.of(new Pin("billing", "r-1", Pin.FILE, "r-1"));
  private static final Optional<Pin> UNPINNED = Optional.of(new Pin("billing", "", Pin.COMMAND, "r-1"));
  private static final Optional<DeploymentDocument> NONE = Optional.empty();

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, newest, running, pin, frozen now, deployment of newest, why, detail
        Arguments.of("nothing released", Optional.empty(), Optional.empty(), Optional.empty(), "", NONE, Why.CURRENT,
            "no release of it seen yet"),
        Arguments.of("runs the newest", Optional.of(R2), runs(R2), Optional.empty(), "", NONE, Why.CURRENT,
            "runs the newest release it takes"),
        Arguments.of("runs a newer one (a hotfix)", Optional.of(R1), runs(R2), Optional.empty(), "", NONE, Why.CURRENT,
            "runs the newest release it takes"),
        Arguments.of("file pin, release not yet seen", Optional.of(R2), runs(R1), FILE_PIN, "", NONE, Why.PINNED,
            "pinned to r-1 (client file)"),
        Arguments.of("unpinned by command, not yet deployed", Optional.of(R2), runs(R1), UNPINNED, "", NONE,
            Why.NOT_DEPLOYED, "r-2 not deployed yet"),
        Arguments.of("skipped as pinned", Optional.of(R2), runs(R1), FILE_PIN, "", ofR2("SKIPPED", "SKIP", "pinned", false),
            Why.PINNED, "pinned to r-1 (client file)"),
        Arguments.of("skipped as pinned, pin since lifted", Optional.of(R2), runs(R1), UNPINNED, "",
            ofR2("SKIPPED", "SKIP", "pinned", false), Why.PINNED, "skipped r-2: it was pinned"),
        Arguments.of("frozen now, release not yet seen", Optional.of(R2), runs(R1), Optional.empty(), "frozen by ops: audit", NONE,
            Why.FROZEN, "frozen by ops: audit"),
        Arguments.of("skipped while frozen", Optional.of(R2), runs(R1), Optional.empty(), "",
            ofR2("SKIPPED", "SKIP", "frozen", false), Why.FROZEN, "skipped r-2: the client was frozen"),
        Arguments.of("waits for approval", Optional.of(R2), runs(R1), Optional.empty(), "",
            ofR2("AWAITING_APPROVAL", "AWAIT_APPROVAL", "approval required", false), Why.AWAITING_APPROVAL, "r-2 waits for approval"),
        Arguments.of("rejected", Optional.of(R2), runs(R1), Optional.empty(), "",
            ofR2("SKIPPED", "AWAIT_APPROVAL", "approval required", false), Why.SKIPPED, "r-2 was not approved"),
        Arguments.of("deploy failed", Optional.of(R2), runs(R1), Optional.empty(), "", ofR2("FAILED", "DEPLOY", "", true),
            Why.FAILED, "deploying r-2 failed: FAILURE"),
        Arguments.of("deploy under way", Optional.of(R2), runs(R1), Optional.empty(), "", ofR2("STARTED", "DEPLOY", "", true),
            Why.DEPLOYING, "deploying r-2 (STARTED)"),
        Arguments.of("not run by the client (no file said so)", Optional.of(R2), runs(R1), Optional.empty(), "",
            ofR2("SKIPPED", "SKIP", "not-run-by-client", false), Why.CURRENT, "does not take it (not-run-by-client)"),
        Arguments.of("superseded", Optional.of(R2), runs(R1), Optional.empty(), "",
            ofR2("SKIPPED", "SKIP", "superseded by r-3", false), Why.SKIPPED, "skipped r-2: superseded by r-3"),
        Arguments.of("never deployed anything", Optional.of(R2), Optional.empty(), Optional.empty(), "", NONE,
            Why.NOT_DEPLOYED, "r-2 not deployed yet"),
        Arguments.of("deployed, then rolled back", Optional.of(R2), runs(R1), Optional.empty(), "",
            ofR2("SUCCEEDED", "DEPLOY", "", true), Why.ROLLED_BACK, "deployed r-2, since rolled back to r-1"),
        Arguments.of("rolled back by a rollback's claim", Optional.of(R2), runs(R1), Optional.empty(), "",
            ofR2("ROLLED_BACK", "DEPLOY", "", true), Why.ROLLED_BACK, "r-2 rolled back by rollback-m1; runs r-1"),
        Arguments.of("succeeded, report of running still to come", Optional.of(R2), Optional.empty(), Optional.empty(), "",
            ofR2("SUCCEEDED", "DEPLOY", "", true), Why.CURRENT, "deployed r-2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void standing(String name, Optional<ReleaseRecord> newest, Optional<ServiceVersion> running, Optional<Pin> pin,
      String frozen, Optional<DeploymentDocument> deployment, Why why, String detail) {
    Standing.ServiceStanding standing = Standing.of("billing", newest, running, pin, frozen, deployment);
    assertEquals(why, standing.why(), name);
    assertEquals(detail, standing.detail(), name);
    assertEquals(why != Why.CURRENT, standing.behind(), name);
    assertEquals(newest.map(ReleaseRecord::releaseId).orElse(""), standing.newest());
  }
}
