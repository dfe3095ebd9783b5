package com.twosixty.relay.report;

import com.twosixty.relay.contract.DeploymentStatus;

/**
 * How far a deployment has come. A deploy build can only move a deployment to a higher rank, which
 * makes duplicated and reordered notifications harmless.
 */
public final class StatusRank {
  private StatusRank() {}

  public static int of(DeploymentStatus status) {
    if (status == null) {
      return 0;
    }
    return switch (status) {
      case PLANNED, SKIPPED, AWAITING_APPROVAL -> 0;
      case TRIGGERED -> 1;
      case STARTED -> 2;
      case SUCCEEDED, FAILED -> 3;
      case ROLLED_BACK -> 4;
    };
  }

  public static boolean advances(DeploymentStatus stored, DeploymentStatus reported) {
    return of(reported) > of(stored);
  }
}
