package com.twosixty.relay.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceSelectionTest {
  private static final List<String> EVERY = List.of("billing", "portal", "reports");

  @Test
  void whatPushWebhookWritesReadsBackAsTheSameSelection() {
    for (ServiceSelection selection : List.of(ServiceSelection.all(), ServiceSelection.of(List.of("portal")),
        ServiceSelection.of(List.of("reports", "billing")))) {
      assertEquals(selection, ServiceSelection.parse(selection.toSubstitution()), selection.toSubstitution());
    }
    assertEquals("all", ServiceSelection.all().toSubstitution());
    assertEquals("reports,billing", ServiceSelection.of(List.of("reports", "billing")).toSubstitution(), "the order given");
  }

  @Test
  void allMeansEveryServiceAndANamedSelectionOnlyThoseNamed() {
    assertEquals(EVERY, ServiceSelection.all().in(EVERY));
    assertTrue(ServiceSelection.all().includes("anything"));
    ServiceSelection portal = ServiceSelection.parse("portal");
    assertEquals(List.of("portal"), portal.in(EVERY));
    assertTrue(portal.includes("portal"));
    assertFalse(portal.includes("billing"));
  }

  @Test
  void readersTrimEntriesAndLeaveOutBlankOnesAndRepeats() {
    assertEquals(ServiceSelection.of(List.of("billing", "portal")), ServiceSelection.parse(" billing , portal,,billing, "));
    assertEquals(ServiceSelection.all(), ServiceSelection.parse(" all "));
    assertEquals(ServiceSelection.all(), ServiceSelection.parse(""), "a blank value is every service");
    assertEquals(ServiceSelection.all(), ServiceSelection.parse(" , "));
  }

  @Test
  void aBuildWithoutTheSubstitutionBuildsEveryService() {
    assertEquals(ServiceSelection.all(), ServiceSelection.of(Map.of("_BRANCH", "main")), "the trigger's default");
    assertEquals(ServiceSelection.parse("portal"), ServiceSelection.of(Map.of("_SERVICES", "portal")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "all", "bill,ing", "bill ing", " billing"})
  void aNameThatWouldNotReadBackAsItselfIsRefused(String name) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServiceSelection.of(List.of("portal", name)));
    assertTrue(refused.getMessage().contains("'" + name + "'"), refused.getMessage());
  }

  @Test
  void anEmptySelectionOrATwiceNamedServiceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ServiceSelection.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> ServiceSelection.of(List.of("portal", "portal")));
  }
}
