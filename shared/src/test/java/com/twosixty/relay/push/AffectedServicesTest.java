package com.twosixty.relay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AffectedServicesTest {
  private static final String BEFORE = "95790bf891e76fee5e1747ab589903a6a1f80f22";
  private static final String AFTER = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7";
  private static final String NULL_SHA = "0000000000000000000000000000000000000000";

  private final MonorepoLayout layout = MonorepoLayout.parse(
      "billing=billing/, portal=portal/ ,reports=reports", "shared/,pom.xml,cloudbuild.yaml");
  private final AffectedServices affected = new AffectedServices(layout);

  private static PushEvent.Commit commit(List<String> added, List<String> modified, List<String> removed) {
    return new PushEvent.Commit("c", added, modified, removed);
  }

  private static PushEvent gitHub(boolean created, boolean forced, PushEvent.Commit... commits) {
    return new PushEvent(GitProvider.GITHUB, "d", "twosixty/monorepo", "refs/heads/main", created ? NULL_SHA : BEFORE, AFTER, created,
        false, forced, List.of(commits), commits.length, false);
  }

  private static PushEvent gitLab(int totalCommits, PushEvent.Commit... commits) {
    return new PushEvent(GitProvider.GITLAB, "u", "twosixty/monorepo", "refs/heads/main", BEFORE, AFTER, false, false, false,
        List.of(commits), totalCommits, totalCommits > commits.length);
  }

  @Test
  void onlyTheServicesWhoseFoldersChangedInLayoutOrder() {
    AffectedServices.Affected result = affected.of(gitHub(false, false,
        commit(List.of(), List.of("reports/q.sql"), List.of()),
        commit(List.of(), List.of("billing/src/Invoice.java", "README.md"), List.of())));
    assertEquals(List.of("billing", "reports"), result.services());
    assertFalse(result.all());
    assertEquals("billing,reports", result.selection().toSubstitution());
    assertEquals("changes under billing/, reports", result.reason());
  }

  @Test
  void aRenameAffectsTheServiceItLeftAndTheOneItJoined() {
    AffectedServices.Affected result = affected.of(gitHub(false, false,
        commit(List.of("portal/src/Export.java"), List.of(), List.of("billing/src/Export.java"))));
    assertEquals(List.of("billing", "portal"), result.services());
  }

  @Test
  void aDeletionStillRebuildsItsService() {
    assertEquals(List.of("portal"), affected.of(gitHub(false, false,
        commit(List.of(), List.of(), List.of("portal/src/Legacy.tsx")))).services());
  }

  @Test
  void aSharedPathAffectsEveryServiceAndSaysWhich() {
    AffectedServices.Affected result = affected.of(gitHub(false, false,
        commit(List.of(), List.of("billing/x.java"), List.of()),
        commit(List.of(), List.of(), List.of("shared/lib/Money.java"))));
    assertTrue(result.all());
    assertEquals(List.of("billing", "portal", "reports"), result.services());
    assertEquals("all", result.selection().toSubstitution());
    assertEquals("all services: shared path 'shared/' changed (shared/lib/Money.java)", result.reason());
    assertTrue(affected.of(gitHub(false, false, commit(List.of(), List.of("pom.xml"), List.of()))).all());
  }

  @Test
  void aSharedFileEntryMatchesThatFileOnlyNotAPrefixOfIt() {
    AffectedServices.Affected result = affected.of(gitHub(false, false,
        commit(List.of(), List.of("pom.xml.bak", "billing/pom.xml", "reports-old/x"), List.of())));
    assertEquals(List.of("billing"), result.services(), "only billing/pom.xml is a service path");
  }

  @Test
  void changesOutsideEveryServiceAffectNothing() {
    AffectedServices.Affected result = affected.of(gitHub(false, false,
        commit(List.of("docs/a.md"), List.of("docs/b.md", "README.md", ".gitignore"), List.of())));
    assertTrue(result.none());
    assertEquals("no service folder changed (docs/a.md, docs/b.md, README.md and 1 more)", result.reason());
  }

  @Test
  void aNewBranchBuildsEverything() {
    AffectedServices.Affected result = affected.of(gitHub(true, false, commit(List.of(), List.of("billing/x"), List.of())));
    assertTrue(result.all());
    assertEquals("all services: new branch: there is no earlier commit to compare with", result.reason());
  }

  @Test
  void aForcedPushBuildsEverything() {
    AffectedServices.Affected result = affected.of(gitHub(false, true, commit(List.of(), List.of("billing/x"), List.of())));
    assertTrue(result.all());
    assertTrue(result.reason().contains("forced push"), result.reason());
  }

  @Test
  void gitLabListingFewerCommitsThanItPushedBuildsEverything() {
    AffectedServices.Affected result = affected.of(gitLab(25, commit(List.of(), List.of("billing/x"), List.of())));
    assertTrue(result.all());
    assertEquals("all services: payload lists 1 of 25 commits", result.reason());
    assertFalse(affected.of(gitLab(1, commit(List.of(), List.of("billing/x"), List.of()))).all());
  }

  @Test
  void aGitHubPayloadAtItsDocumentedCapBuildsEverything() {
    PushEvent capped = new PushEvent(GitProvider.GITHUB, "d", "twosixty/monorepo", "refs/heads/main", BEFORE, AFTER, false, false, false,
        List.of(commit(List.of(), List.of("billing/x"), List.of())), 1, true);
    AffectedServices.Affected result = affected.of(capped);
    assertTrue(result.all());
    assertTrue(result.reason().contains("limit of commits or files"), result.reason());
  }

  @Test
  void aPushWithoutCommitsCannotTellSoBuildsEverything() {
    AffectedServices.Affected result = affected.of(gitHub(false, false));
    assertTrue(result.all());
    assertTrue(result.reason().contains("lists no commits"), result.reason());
  }

  @Test
  void theLayoutIsValidated() {
    assertThrows(IllegalArgumentException.class, () -> MonorepoLayout.parse("", ""));
    assertThrows(IllegalArgumentException.class, () -> MonorepoLayout.parse("billing", ""));
    assertThrows(IllegalArgumentException.class, () -> MonorepoLayout.parse("billing=", ""));
    assertThrows(IllegalArgumentException.class, () -> MonorepoLayout.parse("Bill ing=billing/", ""));
    assertThrows(IllegalArgumentException.class, () -> MonorepoLayout.parse("billing=/", ""));
    assertThrows(IllegalArgumentException.class, () -> MonorepoLayout.parse("billing=a/,billing=b/", ""));
    assertEquals(List.of("billing"), MonorepoLayout.parse("billing=./billing/", "").serviceNames());
    assertEquals("billing", MonorepoLayout.parse("billing=/billing/", "").serviceOf("billing/a").orElseThrow());
  }
}
