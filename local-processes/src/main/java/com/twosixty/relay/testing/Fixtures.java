package com.twosixty.relay.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Recorded payloads shared by the modules' tests. */
public final class Fixtures {
  private Fixtures() {}

  /** A cloud-builds notification of a successful monorepo build (billing and portal) on main. */
  public static String cloudBuildMonorepoSuccess() {
    return read("/fixtures/cloud-build-monorepo-success.json");
  }

  public static String read(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
