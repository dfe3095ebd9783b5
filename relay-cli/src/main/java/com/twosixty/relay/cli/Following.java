package com.twosixty.relay.cli;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.local.LocalMonorepo;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** {@code --wait}, {@code --timeout} and {@code --json} of push and release, and the checks both make first. */
final class Following {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");

  @Option(names = "--wait", description = "Follow the release to every client's outcome, a line per change; exit 1 if "
      + "a client FAILED or it did not settle within --timeout.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "With --wait: how long to follow it (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--status-url", paramLabel = "URL",
      description = "With --hub-project and --wait: release-status's URL (default $RELAY_STATUS_URL).")
  String statusUrl;

  /** The client files of this repository, by id: the clients Terraform deploys and the local stack runs. */
  static Map<String, ClientDefinition> clients() {
    return ClientDefinitions.loadDirectory(Relay.repoRoot().resolve("clients")).stream()
        .collect(Collectors.toMap(ClientDefinition::id, c -> c, (a, b) -> a, java.util.TreeMap::new));
  }

  /** Every name must be a service the monorepo builds. */
  static void requireServices(List<String> services, String option) {
    List<String> known = LocalMonorepo.layout().serviceNames();
    List<String> unknown = services.stream().filter(s -> !known.contains(s)).toList();
    if (services.isEmpty()) {
      throw new UserError(option + " names no service (the monorepo's services: " + String.join(", ", known) + ")");
    }
    if (!unknown.isEmpty()) {
      throw new UserError(option + ": no service " + String.join(", ", unknown) + " in the monorepo (its services: "
          + String.join(", ", known) + ")");
    }
  }

  /** A commit SHA, or "" (a random one). */
  static void requireSha(String commit) {
    if (!commit.isEmpty() && !SHA.matcher(commit).matches()) {
      throw new UserError("--commit must be a commit SHA (7 to 64 lowercase hexadecimal digits), not '" + commit + "'");
    }
  }

  StatusApi api(Target target) {
    String given = statusUrl != null ? statusUrl : target.project != null ? System.getenv("RELAY_STATUS_URL") : null;
    return new StatusApi(target.releaseStatusBase(given));
  }
}
