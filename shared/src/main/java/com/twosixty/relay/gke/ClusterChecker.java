package com.twosixty.relay.gke;

/**
 * Port: is the client's GKE cluster ready for a deployment? Returns normally when it is RUNNING;
 * throws {@link com.twosixty.relay.failure.TransientFailure} when it may become ready
 * (PROVISIONING, RECONCILING, API unavailable) and {@link com.twosixty.relay.failure.PermanentFailure}
 * when it will not (STOPPING, ERROR, DEGRADED, NOT_FOUND, PERMISSION_DENIED).
 */
public interface ClusterChecker {
  void requireRunning(String project, String location, String cluster);
}
