package com.twosixty.relay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MonorepoLayoutTest {
  @Test
  void theSettingsItPrintsParseBackToTheSameLayout() {
    MonorepoLayout layout = MonorepoLayout.parse(" reports=./reports/ ,billing=/billing/,portal=portal", "shared/,pom.xml");
    assertEquals("reports=reports/,billing=billing/,portal=portal", layout.servicesSetting());
    assertEquals("shared/,pom.xml", layout.sharedPathsSetting());
    MonorepoLayout again = MonorepoLayout.parse(layout.servicesSetting(), layout.sharedPathsSetting());
    assertEquals(layout, again);
    assertEquals(List.of("reports", "billing", "portal"), again.serviceNames(), "the order written is kept");
  }

  @Test
  void aServiceItDoesNotHaveIsNamedWithTheOnesItHas() {
    MonorepoLayout layout = MonorepoLayout.parse("billing=billing/", "");
    assertEquals("billing/", layout.folder("billing"));
    assertEquals("no service 'portal' in the monorepo (services: [billing])",
        assertThrows(IllegalArgumentException.class, () -> layout.folder("portal")).getMessage());
  }

  @Test
  void aServiceCannotBeNamedAllWhichMeansEveryServiceInServices() {
    assertEquals("RELAY_SERVICES: 'all' cannot name a service: _SERVICES=all means every service",
        assertThrows(IllegalArgumentException.class, () -> MonorepoLayout.parse("billing=billing/,all=all/", ""))
            .getMessage());
  }
}
