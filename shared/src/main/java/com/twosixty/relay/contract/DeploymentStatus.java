package com.twosixty.relay.contract;

public enum DeploymentStatus {
  PLANNED, SKIPPED, AWAITING_APPROVAL, TRIGGERED, STARTED, SUCCEEDED, FAILED, ROLLED_BACK
}
