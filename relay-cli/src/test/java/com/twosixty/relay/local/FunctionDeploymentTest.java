package com.twosixty.relay.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.config.RelayFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionDeploymentTest {
  @TempDir
  Path repo;

  @Test
  void runsTheJarThatMavenPackagesForCloudFunctions() throws Exception {
    Path jar = repo.resolve("functions/release-status/target/release-status-deployable.jar");
    Files.createDirectories(jar.getParent());
    Files.write(jar, new byte[] {1});
    assertEquals(jar, FunctionDeployment.hub(RelayFunction.RELEASE_STATUS).requireDeployable(repo));
  }

  @Test
  void aMissingDeployableSaysHowToBuildIt() {
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> FunctionDeployment.hub(RelayFunction.PUSH_WEBHOOK).requireDeployable(repo));
    assertTrue(missing.getMessage().contains("push-webhook has no deployable JAR"), missing.getMessage());
    assertTrue(missing.getMessage().contains("./mvnw -B package -DskipTests"), missing.getMessage());
  }
}
