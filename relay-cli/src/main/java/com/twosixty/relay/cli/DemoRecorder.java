package com.twosixty.relay.cli;

import static com.twosixty.relay.contract.DeploymentStatus.AWAITING_APPROVAL;
import static com.twosixty.relay.contract.DeploymentStatus.FAILED;
import static com.twosixty.relay.contract.DeploymentStatus.HALTED;
import static com.twosixty.relay.contract.DeploymentStatus.PLANNED;
import static com.twosixty.relay.contract.DeploymentStatus.ROLLED_BACK;
import static com.twosixty.relay.contract.DeploymentStatus.SKIPPED;
import static com.twosixty.relay.contract.DeploymentStatus.SUCCEEDED;
import static com.twosixty.relay.contract.DeploymentStatus.WAITING_FOR_WAVE;

import com.google.cloudbuild.v1.Build;
import com.twosixty.relay.contract.Command;
import com.twosixty.relay.contract.CommandType;
import com.twosixty.relay.contract.DeploymentEvent;
import com.twosixty.relay.contract.DeploymentStatus;
import com.twosixty.relay.contract.Release;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the demo has seen on the stack's topics, and nothing else: each {@link DemoObserver.Seen} in,
 * the state the demo waits on and reports out. No stack, no clock, no output, so its rules are tested
 * without one ({@code DemoRecorderTest}).
 */
final class DemoRecorder {
  /** A deploy that finished: what follows it for the same release is a rollback's answer. */
  private static final Set<DeploymentStatus> FINISHED = EnumSet.of(SUCCEEDED, FAILED);
  /** An outcome: nothing more happens to the service without a command. */
  private static final Set<DeploymentStatus> SETTLED = EnumSet.of(SUCCEEDED, FAILED, SKIPPED, ROLLED_BACK);
  /**
   * client-deployer has said what it does with the service: anything it publishes but PLANNED (not
   * yet decided) and ROLLED_BACK (which only follows a decision, and is a later step of the demo:
   * the claim of a rollback announces it for the release the rollback leaves, and it replaces that
   * release's outcome).
   */
  private static final Set<DeploymentStatus> DECIDED = EnumSet.complementOf(EnumSet.of(PLANNED, ROLLED_BACK));

  /** What a seen message meant to the demo, for the narration; empty when it was not the demo's concern. */
  sealed interface Noted permits MonorepoBuild, DeployBuild, Published, Deployment, CommandSent {}

  /** A status of the monorepo build the demo's push started. */
  record MonorepoBuild(Build build) implements Noted {}

  /** A client's deploy build left QUEUED or finished (WORKING is not told). */
  record DeployBuild(String client, Build build) implements Noted {}

  /** The release the demo's monorepo build produced (the first one only). */
  record Published(Release release) implements Noted {}

  /** Any deployment event, for this release or not. */
  record Deployment(DeploymentEvent event) implements Noted {}

  /** A command on release-commands, whoever sent it. */
  record CommandSent(Command command) implements Noted {}

  private final Map<String, String> clientByProject;
  private String monorepoBuildId = "";
  private final Map<String, Build.Status> buildStatus = new LinkedHashMap<>();
  private Release release;
  private final Map<String, Map<String, DeploymentEvent>> latest = new TreeMap<>();
  /** Events for a service whose deploy had already finished (SUCCEEDED or FAILED): a rollback's answer. */
  private final Map<String, DeploymentEvent> followUps = new LinkedHashMap<>();
  private final Map<String, List<DeploymentStatus>> history = new LinkedHashMap<>();
  private final List<Command> commands = new ArrayList<>();
  /** Every deployment event, and for each command the number of events seen before it arrived. */
  private final List<DeploymentEvent> allEvents = new ArrayList<>();
  private final Set<DeploymentEvent> distinctEvents = new java.util.HashSet<>();
  private final Map<Command, Integer> eventsBeforeCommand = new LinkedHashMap<>();
  /** release-rollout's HALTED event for the release (the first; one is published per halt). */
  private DeploymentEvent halt;

  /** @param clientByProject each client's id by its GCP project (whose cloud-builds topic names it) */
  DemoRecorder(Map<String, String> clientByProject) {
    this.clientByProject = Map.copyOf(clientByProject);
  }

  /** The build push-webhook answered with: its notifications, and the release it makes, are the demo's. */
  void expectMonorepoBuild(String buildId) {
    this.monorepoBuildId = buildId;
  }

  Optional<Noted> record(DemoObserver.Seen seen) {
    return switch (seen) {
      case DemoObserver.BuildSeen b -> recordBuild(b.project(), b.build());
      case DemoObserver.ReleaseSeen r -> recordRelease(r.release());
      case DemoObserver.DeploymentSeen d -> recordDeployment(d.event());
      case DemoObserver.CommandSeen c -> recordCommand(c.command());
    };
  }

  private Optional<Noted> recordBuild(String project, Build build) {
    buildStatus.put(build.getId(), build.getStatus());
    String client = clientByProject.get(project);
    if (client == null) {
      return build.getId().equals(monorepoBuildId) ? Optional.of(new MonorepoBuild(build)) : Optional.empty();
    }
    return build.getStatus() == Build.Status.WORKING ? Optional.empty() : Optional.of(new DeployBuild(client, build));
  }

  private Optional<Noted> recordRelease(Release published) {
    if (release != null || !published.source().buildId().equals(monorepoBuildId)) {
      return Optional.empty();
    }
    release = published;
    return Optional.of(new Published(published));
  }

  private Optional<Noted> recordDeployment(DeploymentEvent event) {
    // A copy of an event (published again: at least once, same eventId and content) is neither recorded nor told.
    if (!distinctEvents.add(event)) {
      return Optional.empty();
    }
    allEvents.add(event);
    if (release == null || !event.releaseId().equals(release.releaseId())) {
      return Optional.of(new Deployment(event));
    }
    if (event.status() == HALTED) {
      // The rollout's, not a service's: it names the failing client (or "hub" for an operator's halt) and no service.
      if (halt == null) {
        halt = event;
      }
      return Optional.of(new Deployment(event));
    }
    for (String service : event.services()) {
      history.computeIfAbsent(key(event.client(), service), k -> new ArrayList<>()).add(event.status());
      boolean finishedBefore = status(event.client(), service).filter(FINISHED::contains).isPresent();
      if (finishedBefore && event.status() != ROLLED_BACK) {
        followUps.put(key(event.client(), service), event);
      } else {
        latest.computeIfAbsent(event.client(), c -> new TreeMap<>()).put(service, event);
      }
    }
    return Optional.of(new Deployment(event));
  }

  /** Every command is recorded; one equal to a command seen before (release-rollout wakes a client at least once) is not told again. */
  private Optional<Noted> recordCommand(Command command) {
    boolean again = commands.contains(command);
    commands.add(command);
    eventsBeforeCommand.putIfAbsent(command, allEvents.size());
    return again ? Optional.empty() : Optional.of(new CommandSent(command));
  }

  boolean monorepoBuildSucceeded() {
    return buildStatus.get(monorepoBuildId) == Build.Status.SUCCESS;
  }

  Optional<Release> release() {
    return Optional.ofNullable(release);
  }

  /** The latest status of the service for the demo's release. */
  Optional<DeploymentStatus> status(String client, String service) {
    return Optional.ofNullable(latest.getOrDefault(client, Map.of()).get(service)).map(DeploymentEvent::status);
  }

  /** Every client has decided what to do with each service of the release. */
  boolean everyClientDecided(Collection<String> clients) {
    return everyService(clients, DECIDED);
  }

  /**
   * Each of these clients has decided what to do with every service of the release, and none waits
   * for its wave any more: their wave is open (a client of wave 1 at once, a later one once
   * release-rollout opened its wave and woke it).
   */
  boolean started(Collection<String> clients) {
    Set<DeploymentStatus> started = EnumSet.copyOf(DECIDED);
    started.remove(WAITING_FOR_WAVE);
    return everyService(clients, started);
  }

  /**
   * The client's (first) rollback has ended: after the command, an event for the client with an
   * outcome (SUCCEEDED or FAILED of the rollback's deployment, or SKIPPED: nothing to roll back to).
   * Not the ROLLED_BACK its claim announces for the release it leaves, before its build runs.
   */
  boolean rollbackEnded(String client) {
    return rollbackFor(client).map(rollback -> {
      int before = eventsBeforeCommand.getOrDefault(rollback, allEvents.size());
      return allEvents.subList(before, allEvents.size()).stream()
          .anyMatch(e -> e.client().equals(client) && SETTLED.contains(e.status()) && e.status() != ROLLED_BACK);
    }).orElse(false);
  }

  /** The release's rollout halted: release-rollout's HALTED event. */
  Optional<DeploymentEvent> halt() {
    return Optional.ofNullable(halt);
  }

  /** Every service of every client has an outcome, apart from those in {@code waiting}. */
  boolean settledExcept(Collection<String> clients, DeploymentStatus waiting) {
    Set<DeploymentStatus> done = EnumSet.copyOf(SETTLED);
    done.add(waiting);
    return everyService(clients, done);
  }

  /** Each of these services of the client has an outcome. */
  boolean settled(String client, Collection<String> services) {
    return services.stream().allMatch(s -> status(client, s).filter(SETTLED::contains).isPresent());
  }

  /** The services of the release whose latest status for the client is this one. */
  List<String> servicesAt(String client, DeploymentStatus status) {
    return release().map(r -> r.services().stream().map(Release.ServiceImage::name)
        .filter(s -> status(client, s).orElse(null) == status).toList()).orElse(List.of());
  }

  /** The first rollback command for the client. */
  Optional<Command> rollbackFor(String client) {
    return commands.stream().filter(c -> c.command() == CommandType.ROLLBACK && c.client().equals(client)).findFirst();
  }

  /** A deployment event for the client arrived after the command did. */
  boolean answered(Command command, String client) {
    int before = eventsBeforeCommand.getOrDefault(command, allEvents.size());
    return allEvents.subList(before, allEvents.size()).stream().anyMatch(e -> e.client().equals(client));
  }

  /**
   * The final report: per client (in id order) and per service of the release (or of the push, when
   * no release came) the latest event, its follow-up, and what the two views of "running" say.
   *
   * @param onCluster client → service → release the GKE stand-in's cluster runs
   * @param running client → service → release release-status says runs
   */
  DemoReport report(Collection<String> clients, List<String> pushedServices, Map<String, Map<String, String>> onCluster,
      Map<String, Map<String, String>> running, List<String> missedSteps, String dashboard) {
    List<String> services = release == null ? pushedServices
        : release.services().stream().map(Release.ServiceImage::name).toList();
    Map<String, Map<String, DemoReport.ServiceOutcome>> outcomes = new TreeMap<>();
    for (String client : clients) {
      Map<String, DemoReport.ServiceOutcome> byService = new TreeMap<>();
      for (String service : services) {
        DeploymentEvent event = latest.getOrDefault(client, Map.of()).get(service);
        DeploymentEvent followUp = followUps.get(key(client, service));
        byService.put(service, new DemoReport.ServiceOutcome(event == null ? "" : event.releaseId(),
            event == null ? null : event.status(), event == null ? "no event" : event.reason(),
            followUp == null ? "" : followUp.status() + ": " + followUp.reason(),
            running.getOrDefault(client, Map.of()).getOrDefault(service, ""),
            onCluster.getOrDefault(client, Map.of()).getOrDefault(service, "")));
      }
      outcomes.put(client, byService);
    }
    return new DemoReport(release == null ? "" : release.releaseId(), outcomes, Map.copyOf(history),
        List.copyOf(commands), List.copyOf(missedSteps), dashboard,
        halt == null ? "" : halt.client() + ": " + halt.reason());
  }

  private boolean everyService(Collection<String> clients, Set<DeploymentStatus> statuses) {
    return release != null && clients.stream().allMatch(c -> release.services().stream()
        .allMatch(s -> status(c, s.name()).filter(statuses::contains).isPresent()));
  }

  private static String key(String client, String service) {
    return client + "/" + service;
  }
}
