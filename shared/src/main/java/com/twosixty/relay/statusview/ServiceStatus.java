package com.twosixty.relay.statusview;

import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RunningRelease;

/**
 * {@code clients/{client}/services/{service}}: the newest release triggered ({@code target}), the one
 * running, the one before it and the latest event. Absent parts are {@code null} (JSON {@code null}).
 */
public record ServiceStatus(String service, Target target, RunningRelease running, RunningRelease previous, LastEvent last) {

  /** {@code target} as release-status shows it (its JSON has these fields in this order). */
  public record Target(String releaseId, long sequence, String digest, String image, String deploymentId, String at) {}
}
