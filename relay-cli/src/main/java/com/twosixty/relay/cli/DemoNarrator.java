package com.twosixty.relay.cli;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.local.Topology;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Everything the demo prints: one timed line per step as it happens ({@code [ 12.3s] …}), and at
 * the end the table of outcomes, the dashboard's URL and the verdict.
 */
final class DemoNarrator {
  private final PrintWriter out;
  private final LongSupplier nanoTime;
  private final long startedNanos;

  DemoNarrator(PrintWriter out) {
    this(out, System::nanoTime);
  }

  /** @param nanoTime the clock the lines' times come from */
  DemoNarrator(PrintWriter out, LongSupplier nanoTime) {
    this.out = out;
    this.nanoTime = nanoTime;
    this.startedNanos = nanoTime.getAsLong();
  }

  void intro(String failingClient, boolean waves) {
    out.println(waves
        ? "Relay demo: a push, built, released and rolled out to every client in three waves on this machine; "
            + "then a second release, halted in wave 1"
        : "Relay demo: one push, built, released and deployed to every client on this machine");
    out.println("  freeze windows are set aside for the demo, so its outcome does not depend on the day or hour");
    if (!failingClient.isEmpty()) {
      out.println("  injected fault: " + failingClient + "'s deploy builds fail (relay demo --all-succeed to turn it off)");
    }
    out.flush();
  }

  void stackReady(int functions, List<ClientDefinition> clients) {
    say("stack ready: " + functions + " functions; clients " + clients.stream()
        .map(DemoNarrator::describe).collect(Collectors.joining("; ")));
  }

  /** The waves, as relay up --waves prints them. */
  void waves(List<String> lines) {
    lines.forEach(line -> say(line.strip()));
  }

  void secondRelease(String failing) {
    out.println();
    say("second release: " + failing + "'s deploy builds now fail (wave 1); the halt rule stops the rollout there");
  }

  void haltHolds(List<String> later, boolean untouched) {
    say(untouched
        ? "the halted release does not reach " + String.join(", ", later) + ": still WAITING_FOR_WAVE, their clusters unchanged"
        : "✗ a later wave started the halted release");
  }

  void rolloutCommand(com.twosixty.relay.contract.CommandType type, String releaseId, String operator, String reason) {
    say("relay " + type.wireName() + " " + releaseId + " --as " + operator + " --reason \"" + reason + "\"");
  }

  void pushed(String branch, String shortSha, List<String> folders) {
    say("git push " + branch + " " + shortSha + " touching " + String.join(", ", folders) + " (signed GitLab push hook)");
  }

  void pushAccepted(String buildId, String services) {
    say("push-webhook 202: monorepo build " + shortId(buildId) + " started for " + services);
  }

  void approving(String client, String releaseId, String approver) {
    say(client + " approves releases by hand: relay approve " + client + " " + releaseId + " --as " + approver);
  }

  void approvalRefused(String client, String reason) {
    say("✗ the command gateway refused " + client + "'s approval: " + reason);
  }

  /** A step that did not happen, and why. */
  void missed(String what) {
    say("✗ " + what);
  }

  void missedDeadline(String step, Duration deadline) {
    missed(step + ": did not happen within " + deadline.toSeconds() + "s");
  }

  void noted(DemoRecorder.Noted noted) {
    switch (noted) {
      case DemoRecorder.MonorepoBuild m -> monorepoBuild(m.build());
      case DemoRecorder.DeployBuild d -> say(pad(d.client()) + " deploy build " + shortId(d.build().getId()) + " "
          + d.build().getStatus() + (d.build().getStatus() == Build.Status.QUEUED
              ? " (" + d.build().getSubstitutionsOrDefault("_SERVICES", "") + " on cluster "
                  + d.build().getSubstitutionsOrDefault("_CLUSTER", "") + ")"
              : ""));
      case DemoRecorder.Published p -> say("release " + p.release().releaseId() + " published on " + Topology.RELEASES
          + " (" + p.release().channel().wireName() + "): " + p.release().services().stream()
              .map(s -> s.name() + "@" + s.digest().substring(0, 19) + "…").collect(Collectors.joining(", ")));
      case DemoRecorder.Deployment d -> deployment(d.event());
      case DemoRecorder.CommandSent c -> command(c.command());
    }
  }

  private void monorepoBuild(Build build) {
    if (build.getStatus() == Build.Status.SUCCESS) {
      say("monorepo build " + shortId(build.getId()) + " SUCCESS, images pushed:");
      for (BuiltImage image : build.getResults().getImagesList()) {
        out.printf("           %-42s %s%n", image.getName(), image.getDigest());
      }
    } else {
      say("monorepo build " + shortId(build.getId()) + " " + build.getStatus());
    }
  }

  private void deployment(DeploymentEvent event) {
    if (event.status() == DeploymentStatus.HALTED) {
      say("rollout of " + event.releaseId() + " HALTED (" + event.client() + "): " + event.reason()
          + "; no later wave starts it until relay resume");
      return;
    }
    String build = event.buildId().isEmpty() ? "" : " (build " + shortId(event.buildId()) + ")";
    // A plan's SKIPPED reason names each service already ("billing: pinned").
    String what = event.status() == DeploymentStatus.SKIPPED && !event.services().isEmpty()
        && event.services().stream().allMatch(service -> event.reason().contains(service + ": "))
        ? event.reason()
        : String.join(", ", event.services()) + (event.reason().isEmpty() ? "" : ": " + event.reason());
    say(pad(event.client()) + " " + event.status() + " " + what + build);
  }

  private void command(Command command) {
    say("command " + command.command().wireName() + " for " + (command.client().isEmpty() ? "the rollout of" : command.client())
        + (command.releaseId().isEmpty() ? "" : " " + command.releaseId())
        + (command.service().isEmpty() ? "" : " (" + command.service() + ")") + " by " + command.by()
        + (command.reason().isEmpty() ? "" : ": " + command.reason()));
  }

  /** A table per release (with its halt), the dashboard and the verdict (the first report's missed steps are all of them). */
  void end(List<DemoReport> reports, boolean keepRunning) {
    DemoReport report = reports.get(0);
    for (DemoReport each : reports) {
      if (reports.size() > 1) {
        out.println();
        out.print("release " + each.releaseId() + (each.halt().isEmpty() ? "" : ": rollout halted by " + each.halt()));
      }
      table(each);
    }
    String dashboard = report.dashboard();
    out.println();
    out.println(dashboard.isEmpty() ? "dashboard: release-status is not in this build" : "dashboard: " + dashboard
        + (keepRunning ? "" : "  (it stops with the demo: relay demo --keep-running, or relay up)"));
    if (report.succeeded()) {
      out.printf("demo finished in %.1fs: every step happened%n", seconds());
    } else {
      out.printf("demo FAILED after %.1fs: %s%n", seconds(), String.join("; ", report.missedSteps()));
    }
    out.flush();
  }

  void keepsRunning() {
    out.println("the stack keeps running (relay demo --keep-running); Ctrl-C stops it");
    out.flush();
  }

  void table(DemoReport report) {
    out.println();
    String row = "%-10s %-8s %-20s %-18s %-20s %s%n";
    out.printf(row, "client", "service", "release", "outcome", "runs now", "why");
    report.outcomes().forEach((client, services) -> services.forEach((service, outcome) ->
        out.printf(row, client, service, outcome.releaseId(),
            outcome.status() == null ? "-" : outcome.status(),
            outcome.running().isEmpty() ? "-" : outcome.running(),
            outcome.reason() + (outcome.followUp().isEmpty() ? "" : "; then " + outcome.followUp()))));
  }

  void say(String message) {
    out.printf("[%5.1fs] %s%n", seconds(), message);
    out.flush();
  }

  private double seconds() {
    return (nanoTime.getAsLong() - startedNanos) / 1e9;
  }

  static String describe(ClientDefinition client) {
    List<String> traits = new ArrayList<>();
    traits.add(client.services().isEmpty() ? "every service" : String.join("+", client.services()));
    traits.add(client.channel().name().toLowerCase(Locale.ROOT));
    traits.add(client.approval().name().toLowerCase(Locale.ROOT) + " approval");
    client.pins().forEach((service, releaseId) -> traits.add(service + " pinned to " + releaseId));
    if (client.autoRollback()) {
      traits.add("auto rollback");
    }
    return client.id() + " (" + String.join(", ", traits) + ")";
  }

  private static String pad(String client) {
    return String.format("%-9s", client);
  }

  static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }
}
