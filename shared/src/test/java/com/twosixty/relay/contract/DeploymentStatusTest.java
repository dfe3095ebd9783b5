package com.twosixty.relay.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentStatusTest {
  @Test
  void everyStatusReadsBackFromWhatIsStoredAndAnUnknownOneIsNone() {
    for (DeploymentStatus status : DeploymentStatus.values()) {
      assertEquals(Optional.of(status), DeploymentStatus.fromStored(status.name()));
    }
    assertEquals(Optional.empty(), DeploymentStatus.fromStored(""));
    assertEquals(Optional.empty(), DeploymentStatus.fromStored(null));
    assertEquals(Optional.empty(), DeploymentStatus.fromStored("PAUSED"));
    assertEquals(Optional.empty(), DeploymentStatus.fromStored("succeeded"));
  }

  @Test
  void aBuildOnlyMovesADeploymentForward() {
    assertTrue(DeploymentStatus.STARTED.advancesFrom(DeploymentStatus.TRIGGERED));
    assertTrue(DeploymentStatus.TRIGGERED.advancesFrom(null));
    assertTrue(DeploymentStatus.ROLLED_BACK.advancesFrom(DeploymentStatus.FAILED));
    assertFalse(DeploymentStatus.STARTED.advancesFrom(DeploymentStatus.SUCCEEDED));
    assertFalse(DeploymentStatus.FAILED.advancesFrom(DeploymentStatus.SUCCEEDED), "one finished state does not replace another");
    assertFalse(DeploymentStatus.PLANNED.advancesFrom(DeploymentStatus.AWAITING_APPROVAL));
    assertFalse(DeploymentStatus.PLANNED.advancesFrom(null));
  }
}
