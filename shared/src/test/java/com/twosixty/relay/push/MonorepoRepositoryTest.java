package com.twosixty.relay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonorepoRepositoryTest {
  @Test
  void namesThePathInAnyCaseAndNothingElse() {
    MonorepoRepository monorepo = new MonorepoRepository("twosixty/relay-monorepo");
    assertTrue(monorepo.names("twosixty/relay-monorepo"));
    assertTrue(monorepo.names("TwoSixty/Relay-Monorepo"));
    assertFalse(monorepo.names("twosixty/relay-monorepo-old"));
    assertFalse(monorepo.names("someone/relay-monorepo"));
    assertFalse(monorepo.names("relay-monorepo"));
    assertFalse(monorepo.names(""));
    assertTrue(new MonorepoRepository("group/subgroup/monorepo").names("group/subgroup/monorepo"), "GitLab subgroups");
  }

  @Test
  void aUrlOrABareNameIsAConfigurationErrorNamingTheVariable() {
    for (String bad : new String[] {"https://github.com/twosixty/monorepo", "monorepo", "twosixty/", "/twosixty/monorepo",
        "twosixty/monorepo.git", "twosixty monorepo/x"}) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> MonorepoRepository.from(new Settings(Map.of("RELAY_MONOREPO_REPOSITORY", bad))), bad);
      assertTrue(e.getMessage().startsWith("RELAY_MONOREPO_REPOSITORY '"), e.getMessage());
    }
    IllegalStateException unset = assertThrows(IllegalStateException.class, () -> MonorepoRepository.from(new Settings(Map.of())));
    assertTrue(unset.getMessage().contains("RELAY_MONOREPO_REPOSITORY is not set"), unset.getMessage());
    assertEquals("twosixty/monorepo", MonorepoRepository.from(new Settings(Map.of("RELAY_MONOREPO_REPOSITORY", " twosixty/monorepo "))).path());
  }
}
