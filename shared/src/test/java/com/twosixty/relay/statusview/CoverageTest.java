package com.twosixty.relay.statusview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.DeploymentDocument.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** "Deployed all it takes" against "deployed some, skipped some": one row per case. */
class CoverageTest {

  private static DeploymentDocument deployment(String kind, String status, List<String> deployed, Object... decisions) {
    Map<String, Decision> byService = new LinkedHashMap<>();
    for (int i = 0; i < decisions.length; i += 3) {
      byService.put((String) decisions[i], new Decision((String) decisions[i + 1], (String) decisions[i + 2]));
    }
    return new DeploymentDocument("d", "acme", "r-2", 200, kind, status, byService, List.copyOf(byService.keySet()), deployed,
        Map.of(), "", "", "", "", "", "", 0, false, false);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, deployment, status shown, held back
        Arguments.of("deployed everything", deployment("release", "SUCCEEDED", List.of("billing", "portal"),
            "billing", "DEPLOY", "", "portal", "DEPLOY", ""), "SUCCEEDED", Map.of()),
        Arguments.of("acme: portal deployed, billing pinned", deployment("release", "SUCCEEDED", List.of("portal"),
            "billing", "SKIP", "pinned", "portal", "DEPLOY", ""), "PARTIAL", Map.of("billing", "pinned")),
        Arguments.of("services it does not take are no part of it", deployment("release", "SUCCEEDED", List.of("portal"),
            "reports", "SKIP", "not-run-by-client", "billing", "SKIP", "not-newer", "portal", "DEPLOY", ""), "SUCCEEDED", Map.of()),
        Arguments.of("one frozen, one superseded", deployment("release", "SUCCEEDED", List.of("portal"),
            "billing", "SKIP", "frozen", "reports", "SKIP", "superseded by r-3", "portal", "DEPLOY", ""), "PARTIAL",
            Map.of("billing", "frozen", "reports", "superseded by r-3")),
        Arguments.of("one approved, one not", deployment("release", "SUCCEEDED", List.of("portal"),
            "billing", "AWAIT_APPROVAL", "approval required", "portal", "DEPLOY", ""), "PARTIAL", Map.of("billing", "not approved")),
        Arguments.of("a failure stays FAILED", deployment("release", "FAILED", List.of("portal"),
            "billing", "SKIP", "pinned", "portal", "DEPLOY", ""), "FAILED", Map.of("billing", "pinned")),
        Arguments.of("everything skipped is SKIPPED", deployment("release", "SKIPPED", List.of(),
            "billing", "SKIP", "pinned"), "SKIPPED", Map.of("billing", "pinned")),
        Arguments.of("waiting is not held back", deployment("release", "AWAITING_APPROVAL", List.of(),
            "billing", "AWAIT_APPROVAL", "approval required"), "AWAITING_APPROVAL", Map.of()),
        Arguments.of("a rollback takes what it names", deployment("rollback", "SUCCEEDED", List.of("billing"),
            "billing", "DEPLOY", ""), "SUCCEEDED", Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void coverage(String name, DeploymentDocument deployment, String status, Map<String, String> heldBack) {
    assertEquals(status, Coverage.status(deployment), name);
    assertEquals(heldBack, Coverage.heldBack(deployment), name);
  }
}
