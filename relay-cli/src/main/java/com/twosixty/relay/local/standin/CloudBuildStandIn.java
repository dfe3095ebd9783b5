package com.twosixty.relay.local.standin;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOperationMetadata;
import com.google.cloudbuild.v1.BuildStep;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.cloudbuild.v1.CancelBuildRequest;
import com.google.cloudbuild.v1.CloudBuildGrpc;
import com.google.cloudbuild.v1.CreateBuildRequest;
import com.google.cloudbuild.v1.GetBuildRequest;
import com.google.cloudbuild.v1.ListBuildsRequest;
import com.google.cloudbuild.v1.ListBuildsResponse;
import com.google.cloudbuild.v1.RepoSource;
import com.google.cloudbuild.v1.Results;
import com.google.cloudbuild.v1.RunBuildTriggerRequest;
import com.google.cloudbuild.v1.Source;
import com.google.cloudbuild.v1.SourceProvenance;
import com.google.cloudbuild.v1.TimeSpan;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import com.twosixty.relay.contract.DeploySubstitutions;
import com.twosixty.relay.contract.ServiceSelection;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.local.standin.BuildTrigger.Kind;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Cloud Build API (run trigger, create, get, list, cancel builds) for the local stack. Builds move
 * QUEUED → WORKING → SUCCESS/FAILURE over {@link Config#queuedFor()} and {@link Config#workingFor()}
 * and each step is published as Cloud Build notifies it on the project's {@code cloud-builds} topic.
 * Monorepo builds report one image per service of {@code _SERVICES}; deploy builds put their
 * {@code _IMAGES} on the client's cluster when they succeed.
 */
public final class CloudBuildStandIn extends CloudBuildGrpc.CloudBuildImplBase implements AutoCloseable {
  public static final String MONOREPO_TAG = "relay-monorepo";

  /**
   * @param monorepoServices every service of the monorepo: what {@code _SERVICES=all} builds
   * @param imageBase where monorepo images are pushed unless the build sets {@code _IMAGE_BASE}
   * @param logUrlBase a build's log URL is this followed by its id
   */
  public record Config(BuildTrigger monorepoTrigger, List<String> monorepoServices, String imageBase,
      Duration queuedFor, Duration workingFor, String logUrlBase) {
    public Config {
      monorepoServices = List.copyOf(monorepoServices);
    }
  }

  /**
   * A runBuildTrigger call as the stand-in received it, before it answers: {@code receivedNanos} is
   * {@link System#nanoTime()} on arrival, for the benchmarks' fan-out latency.
   */
  public record TriggerRun(String project, String trigger, Map<String, String> substitutions, long receivedNanos) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Config config;
  private final List<BuildTrigger> triggers;
  private final LocalClusters clusters;
  private final Faults faults;
  private final BuildNotifier notifier;
  private final StructuredLog log;
  private final Clock clock;
  private final Map<String, Build> builds = new ConcurrentHashMap<>();
  /** Guards a build's moves, so that a cancel and the build's own end never both happen. */
  private final Object transitions = new Object();
  private final ScheduledExecutorService lifecycle = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cloudbuild-standin");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Consumer<TriggerRun>> triggerRunListeners = new CopyOnWriteArrayList<>();

  public CloudBuildStandIn(Config config, LocalClusters clusters, Faults faults, BuildNotifier notifier,
      StructuredLog log, Clock clock) {
    this.config = config;
    this.clusters = clusters;
    this.faults = faults;
    this.notifier = notifier;
    this.log = log;
    this.clock = clock;
    List<BuildTrigger> known = new ArrayList<>();
    known.add(config.monorepoTrigger());
    clusters.clients().forEach(c -> known.add(BuildTrigger.deploy(c)));
    this.triggers = List.copyOf(known);
  }

  public List<BuildTrigger> triggers() {
    return triggers;
  }

  /** Calls {@code listener} on every runBuildTrigger call received, on the gRPC thread, before answering. */
  public void onTriggerRun(Consumer<TriggerRun> listener) {
    triggerRunListeners.add(listener);
  }

  @Override
  public void runBuildTrigger(RunBuildTriggerRequest request, StreamObserver<Operation> response) {
    long received = System.nanoTime();
    String project = request.getProjectId().isEmpty() ? segmentAfter(request.getName(), "projects") : request.getProjectId();
    String trigger = request.getTriggerId().isEmpty() ? segmentAfter(request.getName(), "triggers") : request.getTriggerId();
    if (!triggerRunListeners.isEmpty()) {
      TriggerRun run = new TriggerRun(project, trigger, Map.copyOf(request.getSource().getSubstitutionsMap()), received);
      triggerRunListeners.forEach(listener -> listener.accept(run));
    }
    if (outage(response)) {
      return;
    }
    faults.awaitCloudBuildDelay();
    Optional<BuildTrigger> found = triggers.stream().filter(t -> t.answersTo(project, trigger)).findFirst();
    if (found.isEmpty()) {
      response.onError(Status.NOT_FOUND.withDescription("Requested entity was not found: trigger '" + trigger
          + "' in project '" + project + "'").asRuntimeException());
      return;
    }
    Build build = start(triggered(found.get(), request.getSource()));
    response.onNext(operation(build));
    response.onCompleted();
  }

  @Override
  public void createBuild(CreateBuildRequest request, StreamObserver<Operation> response) {
    if (outage(response)) {
      return;
    }
    if (request.getProjectId().isEmpty()) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("project_id is required").asRuntimeException());
      return;
    }
    String id = UUID.randomUUID().toString();
    Build build = request.getBuild().toBuilder()
        .setId(id)
        .setProjectId(request.getProjectId())
        .setName("projects/" + request.getProjectId() + "/locations/global/builds/" + id)
        .setStatus(Build.Status.QUEUED)
        .setCreateTime(now())
        .setLogUrl(config.logUrlBase() + id)
        .build();
    response.onNext(operation(start(build)));
    response.onCompleted();
  }

  @Override
  public void getBuild(GetBuildRequest request, StreamObserver<Build> response) {
    if (outage(response)) {
      return;
    }
    String id = request.getId().isEmpty() ? segmentAfter(request.getName(), "builds") : request.getId();
    Build build = builds.get(id);
    if (build == null || (!request.getProjectId().isEmpty() && !build.getProjectId().equals(request.getProjectId()))) {
      response.onError(Status.NOT_FOUND.withDescription("Requested entity was not found: build " + id).asRuntimeException());
      return;
    }
    response.onNext(build);
    response.onCompleted();
  }

  @Override
  public void listBuilds(ListBuildsRequest request, StreamObserver<ListBuildsResponse> response) {
    if (outage(response)) {
      return;
    }
    String project = request.getProjectId().isEmpty() ? segmentAfter(request.getParent(), "projects") : request.getProjectId();
    List<Build> all = builds.values().stream()
        .filter(b -> b.getProjectId().equals(project))
        .sorted(Comparator.comparing((Build b) -> b.getCreateTime().getSeconds())
            .thenComparing(b -> b.getCreateTime().getNanos()).reversed())
        .toList();
    int offset = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
    int size = request.getPageSize() > 0 ? request.getPageSize() : 50;
    int end = Math.min(all.size(), offset + size);
    ListBuildsResponse.Builder page = ListBuildsResponse.newBuilder().addAllBuilds(all.subList(Math.min(offset, end), end));
    if (end < all.size()) {
      page.setNextPageToken(String.valueOf(end));
    }
    response.onNext(page.build());
    response.onCompleted();
  }

  /** The latest state of every build of a project, newest first. */
  public List<Build> builds(String project) {
    return builds.values().stream().filter(b -> b.getProjectId().equals(project))
        .sorted(Comparator.comparing((Build b) -> b.getCreateTime().getSeconds()).reversed()).toList();
  }

  public Optional<Build> build(String id) {
    return Optional.ofNullable(builds.get(id));
  }

  private boolean outage(StreamObserver<?> response) {
    if (faults.takeCloudBuildOutage()) {
      response.onError(Status.UNAVAILABLE.withDescription("Cloud Build stand-in: injected outage").asRuntimeException());
      return true;
    }
    return false;
  }

  /** A QUEUED build of a trigger, with the substitutions Cloud Build adds for a triggered build. */
  private Build triggered(BuildTrigger trigger, RepoSource source) {
    String id = UUID.randomUUID().toString();
    String commit = source.getCommitSha().isEmpty() ? randomCommit() : source.getCommitSha();
    // A run at a commit names no branch (so no BRANCH_NAME, as far as Cloud Build's docs go; push-webhook
    // passes _BRANCH for that); a run at a branch, or at the trigger's own, does.
    String branch = !source.getBranchName().isEmpty() ? source.getBranchName()
        : source.getCommitSha().isEmpty() ? trigger.branch() : "";
    RepoSource resolved = RepoSource.newBuilder().setProjectId(trigger.project()).setRepoName(trigger.repoName())
        .setCommitSha(commit).build();
    Build.Builder build = Build.newBuilder()
        .setId(id)
        .setProjectId(trigger.project())
        .setName("projects/" + trigger.project() + "/locations/global/builds/" + id)
        .setStatus(Build.Status.QUEUED)
        .setCreateTime(now())
        .setSource(Source.newBuilder().setRepoSource(resolved))
        .setSourceProvenance(SourceProvenance.newBuilder().setResolvedRepoSource(resolved))
        .setBuildTriggerId(trigger.id())
        .setLogUrl(config.logUrlBase() + id)
        .setLogsBucket("gs://local-cloudbuild-logs")
        .putSubstitutions("REPO_NAME", trigger.repoName())
        .putSubstitutions("BRANCH_NAME", branch)
        .putSubstitutions("REF_NAME", branch)
        .putSubstitutions("COMMIT_SHA", commit)
        .putSubstitutions("SHORT_SHA", commit.substring(0, Math.min(7, commit.length())))
        .putSubstitutions("REVISION_ID", commit)
        .putSubstitutions("TRIGGER_NAME", trigger.name())
        .putSubstitutions("TRIGGER_BUILD_CONFIG_PATH", "cloudbuild.yaml")
        .putAllSubstitutions(source.getSubstitutionsMap())
        .addTags("trigger-" + trigger.id())
        .addTags(trigger.kind() == Kind.DEPLOY ? DeploySubstitutions.DEPLOY_TAG : MONOREPO_TAG);
    return build.build();
  }

  private Build start(Build queued) {
    builds.put(queued.getId(), queued);
    publish(queued);
    Duration workingFor = kindOf(queued) == BuildKind.DEPLOY
        ? faults.takeDeployDuration(clusters.byProject(queued.getProjectId()).orElseThrow().id()).orElse(config.workingFor())
        : config.workingFor();
    lifecycle.schedule(() -> working(queued.getId()), config.queuedFor().toMillis(), TimeUnit.MILLISECONDS);
    lifecycle.schedule(() -> finish(queued.getId()), config.queuedFor().plus(workingFor).toMillis(),
        TimeUnit.MILLISECONDS);
    return queued;
  }

  /**
   * Cloud Build's CancelBuild: a QUEUED or WORKING build ends CANCELLED at once (its deploy never
   * reaches the cluster) and is notified as such; a finished build is answered as it is.
   */
  @Override
  public void cancelBuild(CancelBuildRequest request, StreamObserver<Build> response) {
    if (outage(response)) {
      return;
    }
    faults.awaitCloudBuildDelay();
    String id = request.getId().isEmpty() ? segmentAfter(request.getName(), "builds") : request.getId();
    Build cancelled;
    synchronized (transitions) {
      Build build = builds.get(id);
      if (build == null || (!request.getProjectId().isEmpty() && !build.getProjectId().equals(request.getProjectId()))) {
        response.onError(Status.NOT_FOUND.withDescription("Requested entity was not found: build " + id).asRuntimeException());
        return;
      }
      if (finished(build)) {
        response.onNext(build);
        response.onCompleted();
        return;
      }
      cancelled = done(build.toBuilder(), Build.Status.CANCELLED).build();
      builds.put(id, cancelled);
    }
    publish(cancelled);
    response.onNext(cancelled);
    response.onCompleted();
  }

  private static boolean finished(Build build) {
    return build.getStatus() != Build.Status.QUEUED && build.getStatus() != Build.Status.WORKING;
  }

  private void working(String id) {
    Build build;
    synchronized (transitions) {
      if (finished(builds.get(id))) {
        return;
      }
      build = builds.get(id).toBuilder().setStatus(Build.Status.WORKING).setStartTime(now()).build();
      builds.put(id, build);
    }
    publish(build);
  }

  private void finish(String id) {
    Build finished;
    synchronized (transitions) {
      if (finished(builds.get(id))) {
        return; // cancelled
      }
      finished = finishing(builds.get(id));
      builds.put(id, finished);
    }
    publish(finished);
  }

  private Build finishing(Build build) {
    Build finished = switch (kindOf(build)) {
      case MONOREPO -> finishMonorepo(build);
      case DEPLOY -> finishDeploy(build);
      case OTHER -> done(build.toBuilder(), Build.Status.SUCCESS).build();
    };
    return finished;
  }

  private enum BuildKind { MONOREPO, DEPLOY, OTHER }

  private BuildKind kindOf(Build build) {
    if (build.getTagsList().contains(DeploySubstitutions.DEPLOY_TAG) && clusters.byProject(build.getProjectId()).isPresent()) {
      return BuildKind.DEPLOY;
    }
    if (build.getBuildTriggerId().equals(config.monorepoTrigger().id())) {
      return BuildKind.MONOREPO;
    }
    return BuildKind.OTHER;
  }

  private Build finishMonorepo(Build build) {
    String commit = build.getSubstitutionsOrDefault("COMMIT_SHA", "");
    String shortSha = build.getSubstitutionsOrDefault("SHORT_SHA", "");
    String imageBase = build.getSubstitutionsOrDefault("_IMAGE_BASE", config.imageBase());
    Build.Builder done = build.toBuilder();
    Results.Builder results = Results.newBuilder();
    for (String service : ServiceSelection.of(build.getSubstitutionsMap()).in(config.monorepoServices())) {
      String image = imageBase + "/" + service + ":" + shortSha;
      done.addImages(image);
      done.addSteps(step("image-" + service, "gcr.io/cloud-builders/docker", Build.Status.SUCCESS));
      results.addImages(BuiltImage.newBuilder().setName(image).setDigest(digest(service, commit)));
    }
    return done(done.setResults(results), Build.Status.SUCCESS).build();
  }

  private Build finishDeploy(Build build) {
    String client = clusters.byProject(build.getProjectId()).orElseThrow().id();
    boolean fail = faults.deploysFail(client);
    Build.Status status = fail ? Build.Status.FAILURE : Build.Status.SUCCESS;
    Build.Builder done = build.toBuilder().addSteps(step("deploy", "gcr.io/cloud-builders/gke-deploy", status));
    if (fail) {
      done.setStatusDetail("Build step 0 \"gcr.io/cloud-builders/gke-deploy\" failed: step exited with non-zero status: 1"
          + " (local stand-in: failing deploys of " + client + ")");
      done.setFailureInfo(Build.FailureInfo.newBuilder().setType(Build.FailureInfo.FailureType.USER_BUILD_STEP)
          .setDetail("injected fault: deploys of " + client + " fail"));
    }
    Build finished = done(done, status).build();
    if (!fail) {
      clusters.deployed(client, workloads(finished));
    }
    return finished;
  }

  /** What a deploy build puts on the cluster: every image of its _IMAGES, as client-deployer wrote them. */
  private List<LocalClusters.Workload> workloads(Build build) {
    DeploySubstitutions deploy;
    try {
      deploy = DeploySubstitutions.parse(build.getSubstitutionsMap());
    } catch (IllegalArgumentException e) {
      log.error("deploy build has unusable substitutions, deploys nothing: " + e.getMessage(), "buildId", build.getId());
      return List.of();
    }
    List<LocalClusters.Workload> workloads = new ArrayList<>();
    String finished = toInstant(build.getFinishTime()).toString();
    deploy.images().byService().forEach((service, image) -> workloads.add(new LocalClusters.Workload(service,
        image.image(), image.digest(), deploy.releaseId(), deploy.deploymentId(), build.getId(), finished)));
    return workloads;
  }

  private Build.Builder done(Build.Builder build, Build.Status status) {
    Timestamp finish = now();
    return build.setStatus(status).setFinishTime(finish)
        .putTiming("BUILD", TimeSpan.newBuilder().setStartTime(build.getStartTime()).setEndTime(finish).build());
  }

  private static BuildStep step(String id, String builder, Build.Status status) {
    return BuildStep.newBuilder().setId(id).setName(builder).setStatus(status).build();
  }

  private void publish(Build build) {
    try {
      notifier.notify(build.getProjectId(), build);
      log.info("build " + build.getStatus(), "buildId", build.getId(), "project", build.getProjectId(),
          "trigger", build.getSubstitutionsOrDefault("TRIGGER_NAME", ""));
    } catch (RuntimeException e) {
      log.error("cannot publish the build notification: " + e.getMessage(), "buildId", build.getId(),
          "status", build.getStatus().name());
    }
  }

  private static Operation operation(Build build) {
    String encodedId = Base64.getEncoder().encodeToString(build.getId().getBytes(StandardCharsets.UTF_8));
    return Operation.newBuilder()
        .setName("operations/build/" + build.getProjectId() + "/" + encodedId)
        .setMetadata(Any.pack(BuildOperationMetadata.newBuilder().setBuild(build).build()))
        .build();
  }

  /** The image digest a monorepo build reports: the same service at the same commit has the same digest. */
  public static String digest(String service, String commit) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest((service + "@" + commit).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomCommit() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String segmentAfter(String resourceName, String collection) {
    String[] parts = resourceName.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].equals(collection)) {
        return parts[i + 1];
      }
    }
    return "";
  }

  private Timestamp now() {
    Instant now = clock.instant();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }

  private static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  @Override
  public void close() {
    lifecycle.shutdownNow();
  }
}
