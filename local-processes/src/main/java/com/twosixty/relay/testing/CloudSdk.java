package com.twosixty.relay.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the emulator jars that the Google Cloud CLI installs. */
public final class CloudSdk {
  private CloudSdk() {}

  public static Path pubSubEmulatorJar() {
    Path lib = platform().resolve("pubsub-emulator").resolve("lib");
    try (Stream<Path> jars = Files.list(lib)) {
      return jars.filter(p -> p.getFileName().toString().matches("cloud-pubsub-emulator-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> missing("google-cloud-cli-pubsub-emulator", lib));
    } catch (IOException e) {
      throw missing("google-cloud-cli-pubsub-emulator", lib);
    }
  }

  public static Path firestoreEmulatorJar() {
    Path jar = platform().resolve("cloud-firestore-emulator").resolve("cloud-firestore-emulator.jar");
    if (!Files.isRegularFile(jar)) {
      throw missing("google-cloud-cli-firestore-emulator", jar);
    }
    return jar;
  }

  private static Path platform() {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("CLOUDSDK_ROOT_DIR")).map(Path::of).ifPresent(candidates::add);
    gcloudOnPath().ifPresent(candidates::add);
    candidates.add(Path.of("/usr/lib/google-cloud-sdk"));
    candidates.add(Path.of("/usr/share/google-cloud-sdk"));
    candidates.add(Path.of(System.getProperty("user.home"), "google-cloud-sdk"));
    for (Path root : candidates) {
      if (Files.isDirectory(root.resolve("platform"))) {
        return root.resolve("platform");
      }
    }
    throw new IllegalStateException("The Google Cloud CLI was not found (looked in " + candidates
        + "). Install it with the packages google-cloud-cli-pubsub-emulator and google-cloud-cli-firestore-emulator,"
        + " or set CLOUDSDK_ROOT_DIR.");
  }

  private static Optional<Path> gcloudOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path gcloud = Path.of(dir, "gcloud");
      if (Files.isExecutable(gcloud)) {
        try {
          return Optional.of(gcloud.toRealPath().getParent().getParent());
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static IllegalStateException missing(String debianPackage, Path where) {
    return new IllegalStateException("Emulator not found at " + where + ". Install the Debian package "
        + debianPackage + " (apt-get install " + debianPackage + ") from Google's Cloud SDK repository.");
  }
}
