package com.twosixty.relay.cli;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.local.LocalStack;
import com.twosixty.relay.local.LocalMonorepo;
import com.twosixty.relay.push.MonorepoLayout;
import com.twosixty.relay.local.Topology;
import com.twosixty.relay.local.standin.LocalClusters;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The demo: the local stack, one signed GitLab push touching billing and portal, and every step of
 * the flow narrated as the stack's topics show it, until each client's outcome is known. A step that
 * does not happen within its deadline is reported and makes the demo fail.
 */
final class Demo {
  private static final List<String> PUSHED_SERVICES = List.of("billing", "portal");
  private static final Set<DeploymentStatus> SETTLED = EnumSet.of(DeploymentStatus.SUCCEEDED, DeploymentStatus.FAILED,
      DeploymentStatus.SKIPPED, DeploymentStatus.ROLLED_BACK);
  private static final Set<DeploymentStatus> DECIDED = EnumSet.of(DeploymentStatus.SKIPPED,
      DeploymentStatus.AWAITING_APPROVAL, DeploymentStatus.TRIGGERED, DeploymentStatus.STARTED,
      DeploymentStatus.SUCCEEDED, DeploymentStatus.FAILED);

  /**
   * @param failingClient whose deploy builds the Cloud Build stand-in fails ("" for none)
   * @param keepRunning leave the stack running after the table, until Ctrl-C
   */
  record Settings(String failingClient, Duration stepDeadline, boolean keepRunning) {}

  /**
   * @param followUp what happened to the service after its outcome (a rollback's answer), "" if nothing
   * @param running the release release-status says runs now ("" for none)
   * @param runningOnCluster the release the GKE stand-in's cluster runs ("" for none)
   */
  record ServiceOutcome(String releaseId, DeploymentStatus status, String reason, String followUp, String running,
      String runningOnCluster) {}

  /**
   * What the demo saw: per client and service the latest outcome for the pushed release, every
   * status each went through, the commands on release-commands, and the steps that did not happen.
   */
  record Report(String releaseId, Map<String, Map<String, ServiceOutcome>> outcomes,
      Map<String, List<DeploymentStatus>> history, List<Command> commands, List<String> missedSteps, String dashboard) {
    boolean succeeded() {
      return missedSteps.isEmpty();
    }

    List<DeploymentStatus> history(String client, String service) {
      return history.getOrDefault(client + "/" + service, List.of());
    }
  }

  private final LocalStack.Options options;
  private final Settings settings;
  private final PrintWriter out;
  private final long startedNanos = System.nanoTime();

  private LocalStack stack;
  private DemoObserver observer;
  private final List<String> missed = new ArrayList<>();
  private final Map<String, String> clientByProject = new LinkedHashMap<>();
  private final Map<String, Build> builds = new LinkedHashMap<>();
  private final Map<String, Map<String, DeploymentEvent>> latest = new TreeMap<>();
  /** Events for a service whose outcome was already settled (SUCCEEDED or FAILED): a rollback's answer. */
  private final Map<String, DeploymentEvent> followUps = new LinkedHashMap<>();
  private final Map<String, List<DeploymentStatus>> history = new LinkedHashMap<>();
  private final List<Command> commands = new ArrayList<>();
  private final List<DeploymentEvent> otherEvents = new ArrayList<>();
  /** Every deployment event, and for each command the number of events seen before it arrived. */
  private final List<DeploymentEvent> allEvents = new ArrayList<>();
  private final Map<Command, Integer> eventsBeforeCommand = new LinkedHashMap<>();
  private String monorepoBuildId = "";
  private Release release;

  Demo(LocalStack.Options options, Settings settings, PrintWriter out) {
    this.options = options;
    this.settings = settings;
    this.out = out;
  }

  Report run() throws InterruptedException {
    out.println("Relay demo: one push, built, released and deployed to every client on this machine");
    out.println("  freeze windows are set aside for the demo, so its outcome does not depend on the day or hour");
    if (!settings.failingClient().isEmpty()) {
      out.println("  injected fault: " + settings.failingClient() + "'s deploy builds fail (relay demo --all-succeed to turn it off)");
    }
    out.flush();
    stack = LocalStack.prepare(options.withProgress(message -> say(message)));
    Thread stopOnInterrupt = new Thread(stack::close, "relay-demo-stop");
    Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
    try {
      stack.start();
      Report report = flow();
      if (settings.keepRunning()) {
        out.println("the stack keeps running (relay demo --keep-running); Ctrl-C stops it");
        out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
      }
      return report;
    } finally {
      if (observer != null) {
        observer.close();
      }
      stack.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // The hook is already running.
      }
    }
  }

  private Report flow() throws InterruptedException {
    Topology topology = stack.topology();
    topology.clients().forEach(c -> clientByProject.put(c.gcp().project(), c.id()));
    say("stack ready: " + stack.functions().size() + " functions; clients " + topology.clients().stream()
        .map(Demo::describe).collect(Collectors.joining("; ")));
    List<TopicName> watched = new ArrayList<>(List.of(topology.releases(), topology.commands(), topology.deployments()));
    topology.buildProjects().forEach(p -> watched.add(topology.cloudBuilds(p)));
    observer = DemoObserver.watch(stack.pubsub(), watched);
    if (!settings.failingClient().isEmpty()) {
      stack.faults().failDeploys(settings.failingClient(), true);
    }

    if (push() && await("the monorepo build succeeds", this::monorepoBuildDone)
        && await("release-publisher publishes the release", () -> release != null)
        && await("every client decides what to do with the release", this::everyClientDecided)
        && await("the deploy builds finish", () -> settledExcept(DeploymentStatus.AWAITING_APPROVAL))) {
      approveWaitingClients();
      followAutoRollbacks();
    }
    drain(Duration.ofMillis(300));
    Report report = report();
    printTable(report);
    String dashboard = report.dashboard();
    out.println();
    out.println(dashboard.isEmpty() ? "dashboard: release-status is not in this build" : "dashboard: " + dashboard
        + (settings.keepRunning() ? "" : "  (it stops with the demo: relay demo --keep-running, or relay up)"));
    if (report.succeeded()) {
      out.printf("demo finished in %.1fs: every step happened%n", seconds());
    } else {
      out.printf("demo FAILED after %.1fs: %s%n", seconds(), String.join("; ", missed));
    }
    out.flush();
    return report;
  }

  private boolean push() {
    MonorepoLayout layout = LocalMonorepo.layout();
    GitLabPush push = GitLabPush.touching(layout, LocalMonorepo.RELEASE_BRANCH, PUSHED_SERVICES, "");
    String url = stack.info().url("pushWebhook");
    if (url.isEmpty()) {
      missed.add("push-webhook is not in this build");
      say("✗ push-webhook is not in this build");
      return false;
    }
    Http.Answer answer = Http.postJson(url, push.json(), GitLabPush.headers(stack.info().webhookSecret()));
    say("git push " + LocalMonorepo.RELEASE_BRANCH + " " + push.shortSha() + " touching "
        + PUSHED_SERVICES.stream().map(layout::folder).collect(Collectors.joining(", ")) + " (signed GitLab push hook)");
    if (answer.status() != 202) {
      missed.add("push-webhook starts the monorepo build (it answered " + answer.status() + ")");
      say("✗ push-webhook answered " + answer.status() + ": " + answer.body());
      return false;
    }
    JsonObject body = JsonParser.parseString(answer.body()).getAsJsonObject();
    monorepoBuildId = body.get("buildId").getAsString();
    say("push-webhook 202: monorepo build " + shortId(monorepoBuildId) + " started for " + body.get("services"));
    return true;
  }

  private boolean monorepoBuildDone() {
    Build build = builds.get(monorepoBuildId);
    return build != null && build.getStatus() == Build.Status.SUCCESS;
  }

  private boolean everyClientDecided() {
    return release != null && stack.topology().clients().stream().allMatch(c -> release.services().stream()
        .allMatch(s -> status(c.id(), s.name()).filter(DECIDED::contains).isPresent()));
  }

  /** Every service of every client has an outcome, apart from those in {@code waiting}. */
  private boolean settledExcept(DeploymentStatus waiting) {
    return release != null && stack.topology().clients().stream().allMatch(c -> release.services().stream()
        .allMatch(s -> status(c.id(), s.name()).filter(st -> SETTLED.contains(st) || st == waiting).isPresent()));
  }

  private void approveWaitingClients() throws InterruptedException {
    for (ClientDefinition client : stack.topology().clients()) {
      List<String> waiting = release.services().stream().map(Release.ServiceImage::name)
          .filter(s -> status(client.id(), s).orElse(null) == DeploymentStatus.AWAITING_APPROVAL).toList();
      if (waiting.isEmpty()) {
        continue;
      }
      say(client.id() + " approves releases by hand: relay approve " + client.id() + " " + release.releaseId());
      try (PubSubEventPublisher publisher = new PubSubEventPublisher(stack.info().hubProject(),
          stack.info().pubsubEmulatorHost())) {
        publisher.publish(Topology.COMMANDS, new Command(CommandType.APPROVE, client.id(), release.releaseId(), "",
            "relay-demo", "demo: approved on behalf of " + client.displayName()), "");
      }
      await(client.id() + "'s approved deployment finishes", () -> waiting.stream()
          .allMatch(s -> status(client.id(), s).filter(SETTLED::contains).isPresent()));
    }
  }

  /** A client with autoRollback whose deployment failed gets a rollback command from deploy-reporter. */
  private void followAutoRollbacks() throws InterruptedException {
    for (ClientDefinition client : stack.topology().clients()) {
      boolean failed = release.services().stream()
          .anyMatch(s -> status(client.id(), s.name()).orElse(null) == DeploymentStatus.FAILED);
      if (failed && client.autoRollback()) {
        if (await("deploy-reporter asks for " + client.id() + "'s rollback", () -> rollbackFor(client.id()).isPresent())) {
          int before = eventsBeforeCommand.get(rollbackFor(client.id()).orElseThrow());
          await("client-deployer answers " + client.id() + "'s rollback", () -> allEvents.subList(before, allEvents.size())
              .stream().anyMatch(e -> e.client().equals(client.id())));
        }
      }
    }
  }

  private Optional<Command> rollbackFor(String client) {
    return commands.stream().filter(c -> c.command() == CommandType.ROLLBACK && c.client().equals(client)).findFirst();
  }

  private boolean await(String step, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + settings.stepDeadline().toNanos();
    while (!done.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        missed.add(step);
        say("✗ " + step + ": did not happen within " + settings.stepDeadline().toSeconds() + "s");
        return false;
      }
      Optional<DemoObserver.Seen> seen = observer.next(Duration.ofNanos(Math.min(left, 200_000_000L)));
      seen.ifPresent(this::record);
    }
    return true;
  }

  private void drain(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      observer.next(Duration.ofMillis(50)).ifPresent(this::record);
    }
  }

  private void record(DemoObserver.Seen seen) {
    if (seen instanceof DemoObserver.BuildSeen b) {
      recordBuild(b.project(), b.build());
    } else if (seen instanceof DemoObserver.ReleaseSeen r) {
      recordRelease(r.release());
    } else if (seen instanceof DemoObserver.DeploymentSeen d) {
      recordDeployment(d.event());
    } else if (seen instanceof DemoObserver.CommandSeen c) {
      recordCommand(c.command());
    }
  }

  private void recordBuild(String project, Build build) {
    builds.put(build.getId(), build);
    String client = clientByProject.get(project);
    if (client == null) {
      if (!build.getId().equals(monorepoBuildId)) {
        return;
      }
      if (build.getStatus() == Build.Status.SUCCESS) {
        say("monorepo build " + shortId(build.getId()) + " SUCCESS, images pushed:");
        for (BuiltImage image : build.getResults().getImagesList()) {
          out.printf("           %-42s %s%n", image.getName(), image.getDigest());
        }
      } else {
        say("monorepo build " + shortId(build.getId()) + " " + build.getStatus());
      }
      return;
    }
    if (build.getStatus() == Build.Status.WORKING) {
      return;
    }
    say(pad(client) + " deploy build " + shortId(build.getId()) + " " + build.getStatus()
        + (build.getStatus() == Build.Status.QUEUED ? " (" + build.getSubstitutionsOrDefault("_SERVICES", "") + " on cluster "
            + build.getSubstitutionsOrDefault("_CLUSTER", "") + ")" : ""));
  }

  private void recordRelease(Release published) {
    if (release != null || !published.source().buildId().equals(monorepoBuildId)) {
      return;
    }
    release = published;
    say("release " + published.releaseId() + " published on " + Topology.RELEASES + " (" + published.channel().wireName()
        + "): " + published.services().stream().map(s -> s.name() + "@" + s.digest().substring(0, 19) + "…")
            .collect(Collectors.joining(", ")));
  }

  private void recordDeployment(DeploymentEvent event) {
    String build = event.buildId().isEmpty() ? "" : " (build " + shortId(event.buildId()) + ")";
    // A plan's SKIPPED reason names each service already ("billing: pinned").
    String what = event.status() == DeploymentStatus.SKIPPED && !event.services().isEmpty()
        && event.services().stream().allMatch(service -> event.reason().contains(service + ": "))
        ? event.reason()
        : String.join(", ", event.services()) + (event.reason().isEmpty() ? "" : ": " + event.reason());
    say(pad(event.client()) + " " + event.status() + " " + what + build);
    allEvents.add(event);
    if (release == null || !event.releaseId().equals(release.releaseId())) {
      otherEvents.add(event);
      return;
    }
    for (String service : event.services()) {
      history.computeIfAbsent(event.client() + "/" + service, k -> new ArrayList<>()).add(event.status());
      DeploymentStatus before = status(event.client(), service).orElse(null);
      boolean settledBefore = before == DeploymentStatus.SUCCEEDED || before == DeploymentStatus.FAILED;
      if (settledBefore && event.status() != DeploymentStatus.ROLLED_BACK) {
        followUps.put(event.client() + "/" + service, event);
      } else {
        latest.computeIfAbsent(event.client(), c -> new TreeMap<>()).put(service, event);
      }
    }
    if (event.services().isEmpty()) {
      otherEvents.add(event);
    }
  }

  private void recordCommand(Command command) {
    commands.add(command);
    eventsBeforeCommand.put(command, allEvents.size());
    say("command " + command.command().wireName() + " for " + command.client()
        + (command.releaseId().isEmpty() ? "" : " " + command.releaseId())
        + (command.service().isEmpty() ? "" : " (" + command.service() + ")") + " by " + command.by()
        + (command.reason().isEmpty() ? "" : ": " + command.reason()));
  }

  private Optional<DeploymentStatus> status(String client, String service) {
    return Optional.ofNullable(latest.getOrDefault(client, Map.of()).get(service)).map(DeploymentEvent::status);
  }

  private Report report() {
    Map<String, Map<String, LocalClusters.Workload>> workloads = stack.clusters().workloads();
    Map<String, Map<String, String>> running = runningPerStatusApi();
    Map<String, Map<String, ServiceOutcome>> outcomes = new TreeMap<>();
    for (ClientDefinition client : stack.topology().clients()) {
      Map<String, ServiceOutcome> byService = new TreeMap<>();
      List<String> services = release == null ? PUSHED_SERVICES : release.services().stream().map(Release.ServiceImage::name).toList();
      for (String service : services) {
        DeploymentEvent event = latest.getOrDefault(client.id(), Map.of()).get(service);
        LocalClusters.Workload onCluster = workloads.getOrDefault(client.id(), Map.of()).get(service);
        DeploymentEvent followUp = followUps.get(client.id() + "/" + service);
        byService.put(service, new ServiceOutcome(event == null ? "" : event.releaseId(),
            event == null ? null : event.status(), event == null ? "no event" : event.reason(),
            followUp == null ? "" : followUp.status() + ": " + followUp.reason(),
            running.getOrDefault(client.id(), Map.of()).getOrDefault(service, ""),
            onCluster == null ? "" : onCluster.releaseId()));
      }
      outcomes.put(client.id(), byService);
    }
    return new Report(release == null ? "" : release.releaseId(), outcomes, Map.copyOf(history), List.copyOf(commands),
        List.copyOf(missed), stack.info().url("dashboard"));
  }

  /** What release-status says runs, per client and service: the state the functions recorded. */
  private Map<String, Map<String, String>> runningPerStatusApi() {
    Map<String, Map<String, String>> running = new TreeMap<>();
    String statusUrl = stack.info().url("releaseStatus");
    if (statusUrl.isEmpty()) {
      return running;
    }
    for (ClientDefinition client : stack.topology().clients()) {
      Http.Answer answer = Http.get(statusUrl + "api/clients/" + client.id());
      if (!answer.ok()) {
        continue;
      }
      Map<String, String> byService = new TreeMap<>();
      for (var service : JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonArray("services")) {
        JsonObject entry = service.getAsJsonObject();
        var runningNow = entry.get("running");
        if (runningNow != null && runningNow.isJsonObject()) {
          byService.put(entry.get("service").getAsString(), runningNow.getAsJsonObject().get("releaseId").getAsString());
        }
      }
      running.put(client.id(), byService);
    }
    return running;
  }

  private void printTable(Report report) {
    out.println();
    String row = "%-10s %-8s %-20s %-18s %-20s %s%n";
    out.printf(row, "client", "service", "release", "outcome", "runs now", "why");
    report.outcomes().forEach((client, services) -> services.forEach((service, outcome) ->
        out.printf(row, client, service, outcome.releaseId(),
            outcome.status() == null ? "-" : outcome.status(),
            outcome.running().isEmpty() ? "-" : outcome.running(),
            outcome.reason() + (outcome.followUp().isEmpty() ? "" : "; then " + outcome.followUp()))));
  }

  private static String describe(ClientDefinition client) {
    List<String> traits = new ArrayList<>();
    traits.add(client.services().isEmpty() ? "every service" : String.join("+", client.services()));
    traits.add(client.channel().name().toLowerCase(java.util.Locale.ROOT));
    traits.add(client.approval().name().toLowerCase(java.util.Locale.ROOT) + " approval");
    client.pins().forEach((service, releaseId) -> traits.add(service + " pinned to " + releaseId));
    if (client.autoRollback()) {
      traits.add("auto rollback");
    }
    return client.id() + " (" + String.join(", ", traits) + ")";
  }

  private void say(String message) {
    out.printf("[%5.1fs] %s%n", seconds(), message);
    out.flush();
  }

  private double seconds() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static String pad(String client) {
    return String.format("%-9s", client);
  }

  private static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }
}
