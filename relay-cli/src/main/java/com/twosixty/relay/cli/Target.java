package com.twosixty.relay.cli;

import com.twosixty.relay.local.StackInfo;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a command sends its messages: the local stack that `relay up` recorded, or with
 * {@code --hub-project} a real hub project (Application Default Credentials, no emulator).
 */
final class Target {
  // --project is the name this option had before "hub project" became the one name; kept as an alias.
  @Option(names = {"--hub-project", "--project"}, paramLabel = "HUB_PROJECT",
      description = "Send to this real hub project with Application Default Credentials instead of the local stack.")
  String project;

  /** The local stack, when no project was given; fails with what to do when none runs. */
  Optional<StackInfo> localStack() {
    if (project != null) {
      return Optional.empty();
    }
    return Optional.of(StackInfo.readRunning(Relay.stateFile()).orElseThrow(() -> new UserError(
        "no local stack is running (" + Relay.stateFile() + "): start one with ./relay up, or give --hub-project")));
  }

  String hubProject() {
    return project != null ? project : localStack().orElseThrow().hubProject();
  }

  PubSubEventPublisher publisher() {
    return project != null
        ? new PubSubEventPublisher(project, "")
        : new PubSubEventPublisher(hubProject(), localStack().orElseThrow().pubsubEmulatorHost());
  }

  /** A URL of the local stack, or the one given for a real project. */
  String url(String name, String given, String option) {
    if (given != null) {
      return given;
    }
    if (project != null) {
      throw new UserError("with --hub-project, give " + option);
    }
    String url = localStack().orElseThrow().url(name);
    if (url.isEmpty()) {
      throw new UserError("the local stack runs no " + name + " (its function is not in this build)");
    }
    return url;
  }

  /** release-status's base URL, ending in '/': the local stack's, or {@code --url} with a real hub. */
  String releaseStatusBase(String given) {
    String base = url("releaseStatus", given, "--url");
    return base.endsWith("/") ? base : base + "/";
  }
}
