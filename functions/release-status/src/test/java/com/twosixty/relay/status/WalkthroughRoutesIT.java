package com.twosixty.relay.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.cloud.firestore.Firestore;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.testing.FirestoreEmulator;
import com.twosixty.relay.testing.FunctionInvoker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every release-status URL terraform/README.md tells an operator to open ({@code "$(terraform output -raw
 * release_status_url)/PATH"}) answers 200 from release-status on the real invoker over a seeded Firestore
 * emulator, with the walkthrough's {@code $CLIENT} a client the seed has.
 */
class WalkthroughRoutesIT {
  private static final String PROJECT = "relay-hub";
  private static final Path LOGS = Path.of("target", "processes");
  private static final Pattern STATUS_URL = Pattern.compile("release_status_url\\)(/[^\"\\s]*)");

  private static FirestoreEmulator emulator;
  private static FunctionInvoker function;

  @BeforeAll
  static void start() throws Exception {
    emulator = FirestoreEmulator.start(LOGS);
    try (Firestore firestore = FirestoreClients.create(PROJECT, "(default)", emulator.host())) {
      new SeededState(firestore).seed();
    }
    function = FunctionInvoker.start("release-status", ReleaseStatus.class.getName(), Map.of(
        "RELAY_HUB_PROJECT", PROJECT,
        "RELAY_CLIENTS", SeededState.CLIENTS,
        "FIRESTORE_EMULATOR_HOST", emulator.host()), LOGS);
  }

  @AfterAll
  static void stop() {
    if (function != null) {
      function.close();
    }
    emulator.close();
  }

  static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("terraform/README.md"))) {
        return p;
      }
    }
    throw new IllegalStateException("no terraform/README.md above " + Path.of("").toAbsolutePath());
  }

  /** The paths after release_status_url in terraform/README.md, $CLIENT as the seeded essence. */
  static List<String> walkthroughPaths() throws IOException {
    String readme = Files.readString(repositoryRoot().resolve("terraform/README.md"));
    List<String> paths = new ArrayList<>();
    Matcher m = STATUS_URL.matcher(readme);
    while (m.find()) {
      paths.add(m.group(1).replace("$CLIENT", "essence").replace("${CLIENT}", "essence"));
    }
    return paths;
  }

  @Test
  void everyReleaseStatusUrlInTheTerraformWalkthroughAnswers() throws Exception {
    List<String> paths = walkthroughPaths();
    assertFalse(paths.isEmpty(), "terraform/README.md names no release_status_url path");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (String path : paths) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(function.url().resolve(path))
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), "terraform/README.md's " + path + " answered " + response.body());
    }
  }
}
