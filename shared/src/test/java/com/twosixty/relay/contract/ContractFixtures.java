package com.twosixty.relay.contract;

import java.util.List;

/** Valid messages of each contract, for tests of this module and others. */
public final class ContractFixtures {
  private ContractFixtures() {}

  public static final String DIGEST_A = "sha256:" + "a".repeat(64);
  public static final String DIGEST_B = "sha256:" + "b".repeat(64);

  public static Release release() {
    return new Release("2026.11.24-1a2b3c4", 1_764_000_000_000L,
        new Release.Source("monorepo", "main", "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d", "build-1"),
        "2026-11-24T10:15:30.500Z", Channel.STABLE,
        List.of(new Release.ServiceImage("billing", "gcr.io/relay-hub/billing", DIGEST_A, "1a2b3c4"),
            new Release.ServiceImage("portal", "gcr.io/relay-hub/portal", DIGEST_B, "1a2b3c4")));
  }

  public static DeploymentEvent deployment() {
    return new DeploymentEvent("essence", "2026.11.24-1a2b3c4", List.of("billing", "portal"),
        DeploymentStatus.TRIGGERED, "", "build-9", "https://console.cloud.google.com/cloud-build/builds/build-9",
        "2026-11-24T10:16:00Z");
  }

  public static Command command() {
    return new Command(CommandType.APPROVE, "northwind", "2026.11.24-1a2b3c4", "", "ops@twosixty.com", "change board ok");
  }
}
