package com.twosixty.relay.cloudbuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.ContractViolation;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.pubsub.PubSubMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseFactoryTest {
  private final ReleaseFactory factory = new ReleaseFactory("monorepo", BranchPolicy.defaults());

  private ReleaseFactory.Outcome outcome(JsonObject build) {
    return factory.fromBuild(BuildNotifications.parse(Notifications.message(build)));
  }

  @Test
  void successfulMonorepoBuildOnMainBecomesAStableRelease() {
    Release release = assertInstanceOf(ReleaseFactory.Publish.class, outcome(Notifications.success())).release();

    assertEquals("2026.11.24-1a2b3c4", release.releaseId());
    assertEquals(java.time.Instant.parse("2026-11-24T10:15:30.500Z").toEpochMilli(), release.sequence());
    assertEquals("2026-11-24T10:15:30.500Z", release.createdAt());
    assertEquals(Channel.STABLE, release.channel());
    assertEquals(new Release.Source("monorepo", "main", "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
        "f1e2d3c4-b5a6-4789-9abc-def012345678"), release.source());
    assertEquals(2, release.services().size(), "billing listed twice (tagged and untagged) counts once");
    assertEquals(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", "sha256:" + "a".repeat(64), "1a2b3c4"),
        release.services().get(0));
    assertEquals(new Release.ServiceImage("portal", "europe-west2-docker.pkg.dev/relay-hub/images/portal",
        "sha256:" + "b".repeat(64), "1a2b3c4"), release.services().get(1));
  }

  @Test
  void hotfixBranchReleasesOnTheHotfixChannel() {
    JsonObject build = Notifications.changed(b -> b.getAsJsonObject("substitutions").addProperty("BRANCH_NAME", "hotfix/invoice-rounding"));
    assertEquals(Channel.HOTFIX, assertInstanceOf(ReleaseFactory.Publish.class, outcome(build)).release().channel());
  }

  @Test
  void aRunAtACommitTakesItsBranchFromPushWebhooksSubstitution() {
    JsonObject build = Notifications.changed(b -> {
      b.getAsJsonObject("substitutions").remove("BRANCH_NAME");
      b.getAsJsonObject("substitutions").addProperty("_BRANCH", "hotfix/rounding");
    });
    Release release = assertInstanceOf(ReleaseFactory.Publish.class, outcome(build)).release();
    assertEquals("hotfix/rounding", release.source().branch());
    assertEquals(Channel.HOTFIX, release.channel());
  }

  @Test
  void theCommitTimePushWebhookPassesIsTheReleasesAndABadOneIsLeftOut() {
    JsonObject build = Notifications.changed(b ->
        b.getAsJsonObject("substitutions").addProperty("_COMMIT_TIME", "2026-11-24T11:42:53+01:00"));
    assertEquals("2026-11-24T10:42:53Z",
        assertInstanceOf(ReleaseFactory.Publish.class, outcome(build)).release().source().commitTime());
    JsonObject garbled = Notifications.changed(b -> b.getAsJsonObject("substitutions").addProperty("_COMMIT_TIME", "yesterday"));
    assertEquals("", assertInstanceOf(ReleaseFactory.Publish.class, outcome(garbled)).release().source().commitTime());
    assertEquals("", assertInstanceOf(ReleaseFactory.Publish.class, outcome(Notifications.changed(b -> {})))
        .release().source().commitTime(), "a build from before _COMMIT_TIME existed");
  }

  @Test
  void theTriggerMayBeNamedByIdInsteadOfName() {
    ReleaseFactory byId = new ReleaseFactory("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", BranchPolicy.defaults());
    assertInstanceOf(ReleaseFactory.Publish.class, byId.fromBuild(BuildNotifications.parse(Notifications.message(Notifications.success()))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"QUEUED", "WORKING", "FAILURE", "INTERNAL_ERROR", "TIMEOUT", "CANCELLED", "EXPIRED"})
  void everyOtherStatusIsIgnoredWithTheStatusAsReason(String status) {
    ReleaseFactory.Ignore ignore = assertInstanceOf(ReleaseFactory.Ignore.class, outcome(Notifications.withStatus(status)));
    assertTrue(ignore.reason().contains(status), ignore.reason());
  }

  @Test
  void anotherTriggerIsIgnored() {
    JsonObject build = Notifications.changed(b -> {
      b.addProperty("buildTriggerId", "someone-elses-trigger");
      b.getAsJsonObject("substitutions").addProperty("TRIGGER_NAME", "docs-site");
    });
    assertTrue(assertInstanceOf(ReleaseFactory.Ignore.class, outcome(build)).reason().contains("not the monorepo trigger"));
  }

  @Test
  void aFeatureBranchIsIgnored() {
    JsonObject build = Notifications.changed(b -> b.getAsJsonObject("substitutions").addProperty("BRANCH_NAME", "feature/x"));
    assertTrue(assertInstanceOf(ReleaseFactory.Ignore.class, outcome(build)).reason().contains("feature/x"));
  }

  @Test
  void missingSubstitutionsAreIgnoredWithTheNameOfWhatIsMissing() {
    JsonObject noBranch = Notifications.changed(b -> b.getAsJsonObject("substitutions").remove("BRANCH_NAME"));
    assertTrue(assertInstanceOf(ReleaseFactory.Ignore.class, outcome(noBranch)).reason().contains("BRANCH_NAME"));
    JsonObject noCommit = Notifications.changed(b -> b.getAsJsonObject("substitutions").remove("COMMIT_SHA"));
    assertTrue(assertInstanceOf(ReleaseFactory.Ignore.class, outcome(noCommit)).reason().contains("COMMIT_SHA"));
    JsonObject none = Notifications.changed(b -> {
      b.remove("substitutions");
      b.addProperty("buildTriggerId", "monorepo");
    });
    assertInstanceOf(ReleaseFactory.Ignore.class, outcome(none));
  }

  @Test
  void onlyTheServicesTheBuildProducedAreReleasedNotTheReTaggedOnes() {
    JsonObject build = Notifications.changed(b -> b.getAsJsonObject("substitutions").addProperty("_SERVICES", "portal"));
    Release release = assertInstanceOf(ReleaseFactory.Publish.class, outcome(build)).release();
    assertEquals(java.util.List.of("portal"), release.services().stream().map(Release.ServiceImage::name).toList());

    JsonObject all = Notifications.changed(b -> b.getAsJsonObject("substitutions").addProperty("_SERVICES", "all"));
    assertEquals(2, assertInstanceOf(ReleaseFactory.Publish.class, outcome(all)).release().services().size());

    JsonObject nothingBuilt = Notifications.changed(b -> b.getAsJsonObject("substitutions").addProperty("_SERVICES", "reports"));
    assertTrue(assertInstanceOf(ReleaseFactory.Ignore.class, outcome(nothingBuilt)).reason().contains("for reports"));
  }

  @Test
  void aBuildWithoutImagesIsIgnored() {
    JsonObject build = Notifications.changed(b -> b.getAsJsonObject("results").add("images", new JsonArray()));
    assertTrue(assertInstanceOf(ReleaseFactory.Ignore.class, outcome(build)).reason().contains("no images"));
  }

  @Test
  void unknownFieldsAreIgnoredWhileParsing() {
    Build build = BuildNotifications.parse(Notifications.message(Notifications.success()));
    assertEquals(Build.Status.SUCCESS, build.getStatus());
    assertEquals(3, build.getResults().getImagesCount());
  }

  @Test
  void malformedNotificationsAreContractViolations() {
    for (String data : new String[] {"", "not json", "[1]", "{\"status\": 42}", "{\"status\": \"NOT_A_STATUS\"}",
        "{\"finishTime\": \"yesterday\", \"id\": \"b\"}"}) {
      PubSubMessage message = new PubSubMessage("m", Map.of(), data.getBytes(StandardCharsets.UTF_8), "");
      assertThrows(ContractViolation.class, () -> BuildNotifications.parse(message), data);
    }
  }

  @Test
  void theBuildIdFallsBackToTheAttribute() {
    JsonObject build = Notifications.changed(b -> b.remove("id"));
    PubSubMessage message = new PubSubMessage("m", Map.of("buildId", "from-attribute", "status", "SUCCESS"),
        build.toString().getBytes(StandardCharsets.UTF_8), "");
    assertEquals("from-attribute", BuildNotifications.parse(message).getId());
  }
}
