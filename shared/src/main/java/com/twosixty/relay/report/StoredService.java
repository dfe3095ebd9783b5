package com.twosixty.relay.report;

import com.twosixty.relay.firestore.RunningRelease;
import java.util.Optional;

/**
 * What the reporter needs of {@code clients/{client}/services/{service}}: what runs there, and which
 * deployment client-deployer triggered last for it ({@code ""} when unknown).
 */
public record StoredService(String service, Optional<RunningRelease> running, String targetDeploymentId) {

  public static StoredService none(String service) {
    return new StoredService(service, Optional.empty(), "");
  }
}
