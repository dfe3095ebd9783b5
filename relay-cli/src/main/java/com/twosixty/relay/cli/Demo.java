package com.twosixty.relay.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.local.LocalStack;
import com.twosixty.relay.local.LocalMonorepo;
import com.twosixty.relay.push.MonorepoLayout;
import com.twosixty.relay.rollout.RolloutPolicy;
import com.twosixty.relay.local.Topology;
import com.twosixty.relay.metrics.MetricsJson;
import com.twosixty.relay.metrics.MetricsReport;
import com.twosixty.relay.metrics.MetricsWindow;
import com.twosixty.relay.operator.GatewayClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * The demo: the local stack, one signed GitLab push touching billing and portal, and every step of
 * the flow narrated as the stack's topics show it, until each client's outcome is known. With waves
 * (what {@code relay demo} runs), the release goes out wave by wave, each after the previous one's
 * soak; then a second push whose wave-1 deploy fails: release-rollout halts it, the later waves never
 * start it, an operator resumes it and promotes the last wave. A step that does not happen within
 * its deadline is reported and makes the demo fail.
 *
 * <p>This class runs the steps; {@link DemoRecorder} keeps what was seen and {@link DemoNarrator}
 * prints it.
 */
final class Demo {
  private static final List<String> PUSHED_SERVICES = List.of("billing", "portal");

  /**
   * What this run of the demo plays (named apart from {@code config.Settings}, the functions' environment).
   *
   * @param failingClient whose deploy builds the Cloud Build stand-in fails ("" for none)
   * @param stepDeadline how long each step may take before the demo reports it missed
   * @param keepRunning leave the stack running after the table, until Ctrl-C
   * @param halt with waves: a second release whose wave-1 deploy fails, halted, then resumed and promoted
   */
  record Scenario(String failingClient, Duration stepDeadline, boolean keepRunning, boolean halt) {
    Scenario(String failingClient, Duration stepDeadline, boolean keepRunning) {
      this(failingClient, stepDeadline, keepRunning, true);
    }
  }

  private final LocalStack.Options options;
  private final Scenario scenario;
  private final DemoNarrator narrator;
  private final List<String> missed = new ArrayList<>();

  private LocalStack stack;
  private DemoObserver observer;
  private DemoRecorder recorder;
  private MetricsReport metrics;
  private Map<String, String> clientByProject;
  private DemoReport haltReport;

  Demo(LocalStack.Options options, Scenario scenario, PrintWriter out) {
    this.options = options;
    this.scenario = scenario;
    this.narrator = new DemoNarrator(out);
  }

  DemoReport run() throws InterruptedException {
    narrator.intro(scenario.failingClient(), RolloutPolicy.parse(options.rollout()).staged() && scenario.halt());
    stack = LocalStack.prepare(options.toBuilder().progress(narrator::say).build());
    Thread stopOnInterrupt = new Thread(stack::close, "relay-demo-stop");
    Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
    try {
      stack.start();
      DemoReport report = flow();
      if (scenario.keepRunning()) {
        narrator.keepsRunning();
        new CountDownLatch(1).await();
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

  private DemoReport flow() throws InterruptedException {
    Topology topology = stack.topology();
    Map<String, String> clientByProject = new LinkedHashMap<>();
    topology.clients().forEach(c -> clientByProject.put(c.gcp().project(), c.id()));
    this.clientByProject = clientByProject;
    narrator.stackReady(stack.functions().size(), topology.clients());
    RolloutPolicy policy = RolloutPolicy.parse(options.rollout());
    List<List<String>> waves = waves(policy);
    if (policy.staged()) {
      narrator.waves(WavesOption.describe(options.rollout(), topology.clients()));
    }
    List<TopicName> watched = new ArrayList<>(List.of(topology.releases(), topology.commands(), topology.deployments()));
    topology.buildProjects().forEach(p -> watched.add(topology.cloudBuilds(p)));
    observer = DemoObserver.watch(stack.pubsub(), watched);
    if (!scenario.failingClient().isEmpty()) {
      stack.faults().failDeploys(scenario.failingClient(), true);
    }

    List<String> clients = clientIds();
    recorder = new DemoRecorder(clientByProject);
    if (push() && await("the monorepo build succeeds", recorder::monorepoBuildSucceeded)
        && await("release-publisher publishes the release", () -> recorder.release().isPresent())) {
      for (int wave = 1; wave <= waves.size(); wave++) {
        if (!rollWave(wave, waves, true)) {
          break;
        }
      }
    }
    drain(Duration.ofMillis(300));
    DemoReport first = recorder.report(clients, PUSHED_SERVICES, onClusters(), runningPerStatusApi(), missed,
        stack.info().url("dashboard"));
    List<DemoReport> reports = new ArrayList<>(List.of(first));
    // The second release shows a halt: not when the first one halted already (its failing client is in an early wave).
    if (policy.staged() && scenario.halt() && missed.isEmpty() && recorder.halt().isEmpty() && !waves.get(0).isEmpty()) {
      reports.add(haltedRelease(waves));
    }
    metrics = readMetrics();
    reports.set(0, reports.get(0).withMissedSteps(missed));
    haltReport = reports.size() > 1 ? reports.get(1) : null;
    narrator.end(reports, scenario.keepRunning());
    return reports.get(0);
  }

  /**
   * One wave of the demo's release (all clients when there are no waves): its clients start it (a
   * later wave once release-rollout opened it after the previous wave's soak), their deploys end,
   * the manual client is approved, auto rollbacks are followed.
   *
   * @param haltStops a halt of the release ends the rollout here (false once it was resumed)
   * @return whether every step happened and the rollout goes on
   */
  private boolean rollWave(int wave, List<List<String>> waves, boolean haltStops) throws InterruptedException {
    List<String> members = waves.get(wave - 1);
    if (members.isEmpty()) {
      return true;
    }
    String who = waves.size() == 1 ? "every client" : "wave " + wave + " (" + String.join(", ", members) + ")";
    String starts = waves.size() == 1 || wave == 1 ? who + " decides what to do with the release"
        : who + " starts the release once wave " + (wave - 1) + " is done and soaked";
    if (!await(starts, () -> recorder.started(members) || haltStops && recorder.halt().isPresent())) {
      return false;
    }
    if (!recorder.started(members)) {
      // A failure in an earlier wave halted the rollout (relay demo --failing-client essence): this wave never starts it.
      narrator.haltHolds(members, true);
      return false;
    }
    if (!await(who + ": the deploy builds finish", () -> recorder.settledExcept(members, DeploymentStatus.AWAITING_APPROVAL))) {
      return false;
    }
    approveWaitingClients(members);
    followAutoRollbacks(members);
    return true;
  }

  /**
   * The second release: wave 1's client fails its deploy, release-rollout halts the rollout and the
   * later waves never start it (their clusters keep the first release); then an operator resumes it
   * (the failure is understood) and promotes the last wave past its soak.
   */
  private DemoReport haltedRelease(List<List<String>> waves) throws InterruptedException {
    missed.clear();
    String firstWave = waves.get(0).get(0);
    if (!scenario.failingClient().isEmpty()) {
      stack.faults().failDeploys(scenario.failingClient(), false);
    }
    stack.faults().failDeploys(firstWave, true);
    narrator.secondRelease(firstWave);
    recorder = new DemoRecorder(clientByProject);
    Map<String, Map<String, String>> before = onClusters();
    if (!(push() && await("the monorepo build succeeds", recorder::monorepoBuildSucceeded)
        && await("release-publisher publishes the release", () -> recorder.release().isPresent())
        && await("wave 1 (" + firstWave + ") decides what to do with the release", () -> recorder.started(waves.get(0)))
        && await("wave 1: the deploy builds finish", () -> recorder.settledExcept(waves.get(0), DeploymentStatus.AWAITING_APPROVAL)))) {
      return report();
    }
    // Only this release's deploy was broken: the auto rollback to the previous release succeeds.
    stack.faults().failDeploys(firstWave, false);
    if (!await("release-rollout halts the rollout", () -> recorder.halt().isPresent())) {
      return report();
    }
    String releaseId = recorder.release().orElseThrow().releaseId();
    drain(Duration.ofSeconds(3)); // three ticks, and more than the soak: nothing of a later wave may start
    List<String> later = waves.subList(1, waves.size()).stream().flatMap(List::stream).toList();
    boolean untouched = later.stream().allMatch(c -> !recorder.started(List.of(c))) && onClustersOf(later).equals(onClustersOf(later, before));
    narrator.haltHolds(later, untouched);
    if (!untouched) {
      missed.add("a halted rollout starts no later wave");
    }
    followAutoRollbacks(waves.get(0));
    await(firstWave + "'s auto rollback to the previous release ends", () -> recorder.rollbackEnded(firstWave));

    String operator = operatorOfEveryClient();
    if (!rolloutCommand(CommandType.RESUME, releaseId, operator, "demo: " + firstWave + "'s failure is understood, go on")) {
      return report();
    }
    for (int wave = 2; wave <= waves.size(); wave++) {
      if (wave == waves.size() && wave > 2
          && !rolloutCommand(CommandType.PROMOTE, releaseId, operator, "demo: skip wave " + (wave - 1) + "'s soak")) {
        break;
      }
      if (!rollWave(wave, waves, false)) {
        break;
      }
    }
    return report();
  }

  private DemoReport report() throws InterruptedException {
    drain(Duration.ofMillis(300));
    return recorder.report(clientIds(), PUSHED_SERVICES, onClusters(), runningPerStatusApi(), missed,
        stack.info().url("dashboard"));
  }

  /** {@code relay resume|promote RELEASE}, as an operator every client file lists, through the command gateway. */
  private boolean rolloutCommand(CommandType type, String releaseId, String operator, String reason) {
    narrator.rolloutCommand(type, releaseId, operator, reason);
    GatewayClient.Answer answer = new GatewayClient(stack.info().url("commandGateway"), audience -> stack.idToken(operator))
        .send(type, "", releaseId, "", reason);
    if (!answer.accepted()) {
      missed.add("the command gateway takes " + type.wireName() + " from " + operator);
      narrator.missed("the command gateway refused " + type.wireName() + ": " + answer.reason());
      return false;
    }
    return true;
  }

  /** An email every client file lists among its operators (directly or by its domain): who may resume and promote. */
  private String operatorOfEveryClient() {
    List<ClientDefinition> all = stack.topology().clients();
    return all.stream().flatMap(c -> c.operators().stream()).filter(o -> !o.startsWith("domain:")).distinct()
        .filter(email -> all.stream().allMatch(c -> c.operators().contains(email)
            || c.operators().contains("domain:" + email.substring(email.indexOf('@') + 1))))
        .findFirst().orElseThrow(() -> new IllegalStateException("no operator is listed by every client file"));
  }

  /** The clients' ids by wave, wave 1 first (one wave of every client without waves). */
  private List<List<String>> waves(RolloutPolicy policy) {
    List<List<String>> waves = new ArrayList<>();
    for (int wave = 1; wave <= policy.waves(); wave++) {
      waves.add(new ArrayList<>());
    }
    for (ClientDefinition client : stack.topology().clients()) {
      waves.get(policy.waveOf(client.id(), client.fileWave()) - 1).add(client.id());
    }
    return waves;
  }

  private Map<String, Map<String, String>> onClustersOf(List<String> clients) {
    return onClustersOf(clients, onClusters());
  }

  private static Map<String, Map<String, String>> onClustersOf(List<String> clients, Map<String, Map<String, String>> all) {
    Map<String, Map<String, String>> some = new TreeMap<>();
    clients.forEach(c -> some.put(c, all.getOrDefault(c, Map.of())));
    return some;
  }

  private boolean push() {
    MonorepoLayout layout = LocalMonorepo.layout();
    GitLabPush push = GitLabPush.touching(layout, LocalMonorepo.RELEASE_BRANCH, PUSHED_SERVICES, "");
    String url = stack.info().url("pushWebhook");
    if (url.isEmpty()) {
      missed.add("push-webhook is not in this build");
      narrator.missed("push-webhook is not in this build");
      return false;
    }
    Http.Answer answer = Http.postJson(url, push.json(), GitLabPush.headers(stack.info().webhookSecret()));
    narrator.pushed(LocalMonorepo.RELEASE_BRANCH, push.shortSha(), PUSHED_SERVICES.stream().map(layout::folder).toList());
    if (answer.status() != 202) {
      missed.add("push-webhook starts the monorepo build (it answered " + answer.status() + ")");
      narrator.missed("push-webhook answered " + answer.status() + ": " + answer.body());
      return false;
    }
    JsonObject body = JsonParser.parseString(answer.body()).getAsJsonObject();
    String buildId = body.get("buildId").getAsString();
    recorder.expectMonorepoBuild(buildId);
    narrator.pushAccepted(buildId, body.get("services").toString());
    return true;
  }

  private void approveWaitingClients(List<String> among) throws InterruptedException {
    Release release = recorder.release().orElseThrow();
    for (ClientDefinition client : stack.topology().clients()) {
      if (!among.contains(client.id())) {
        continue;
      }
      List<String> waiting = recorder.servicesAt(client.id(), DeploymentStatus.AWAITING_APPROVAL);
      if (waiting.isEmpty()) {
        continue;
      }
      // A listed approver, through the command gateway with a token of the stack's issuer, as a
      // person would with `relay approve`: the gateway records who approved.
      String approver = client.approvers().stream().filter(a -> !a.startsWith("domain:")).findFirst()
          .orElseThrow(() -> new IllegalStateException("clients/" + client.id() + ".yaml lists no approver to approve as"));
      narrator.approving(client.id(), release.releaseId(), approver);
      GatewayClient.Answer answer = new GatewayClient(stack.info().url("commandGateway"), audience -> stack.idToken(approver))
          .send(CommandType.APPROVE, client.id(), release.releaseId(), "", "demo: approved on behalf of " + client.displayName());
      if (!answer.accepted()) {
        narrator.approvalRefused(client.id(), answer.reason());
        continue;
      }
      await(client.id() + "'s approved deployment finishes", () -> recorder.settled(client.id(), waiting));
    }
  }

  /** A client with autoRollback whose deployment failed gets a rollback command from deploy-reporter. */
  private void followAutoRollbacks(List<String> among) throws InterruptedException {
    for (ClientDefinition client : stack.topology().clients()) {
      if (!among.contains(client.id())) {
        continue;
      }
      boolean failed = !recorder.servicesAt(client.id(), DeploymentStatus.FAILED).isEmpty();
      if (failed && client.autoRollback()) {
        if (await("deploy-reporter asks for " + client.id() + "'s rollback", () -> recorder.rollbackFor(client.id()).isPresent())) {
          Command rollback = recorder.rollbackFor(client.id()).orElseThrow();
          await("client-deployer answers " + client.id() + "'s rollback", () -> recorder.answered(rollback, client.id()));
        }
      }
    }
  }

  private boolean await(String step, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + scenario.stepDeadline().toNanos();
    while (!done.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        missed.add(step);
        narrator.missedDeadline(step, scenario.stepDeadline());
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
    recorder.record(seen).ifPresent(narrator::noted);
  }

  private List<String> clientIds() {
    return stack.topology().clients().stream().map(ClientDefinition::id).toList();
  }

  /** The release each client's cluster runs, per service, as the GKE stand-in holds it. */
  private Map<String, Map<String, String>> onClusters() {
    Map<String, Map<String, String>> releases = new TreeMap<>();
    stack.clusters().workloads().forEach((client, workloads) -> workloads.forEach((service, workload) ->
        releases.computeIfAbsent(client, c -> new TreeMap<>()).put(service, workload.releaseId())));
    return releases;
  }

  /** The second release's report: halted in wave 1, resumed, promoted (empty without waves or when the first missed a step). */
  Optional<DemoReport> haltReport() {
    return Optional.ofNullable(haltReport);
  }

  /** The four keys release-status serves once the flow has settled (empty without release-status). */
  Optional<MetricsReport> metrics() {
    return Optional.ofNullable(metrics);
  }

  private MetricsReport readMetrics() {
    String statusUrl = stack.info().url("releaseStatus");
    if (statusUrl.isEmpty()) {
      return null;
    }
    Http.Answer answer = Http.get(statusUrl + "api/metrics?window=" + MetricsWindow.DEFAULT);
    return answer.ok() ? MetricsJson.fromJson(answer.body()) : null;
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
}
