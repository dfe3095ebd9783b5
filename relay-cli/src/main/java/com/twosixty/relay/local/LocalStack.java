package com.twosixty.relay.local;

import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.local.bridge.DeliveryBridge;
import com.twosixty.relay.local.pubsub.PubSubBuildNotifier;
import com.twosixty.relay.local.standin.BuildTrigger;
import com.twosixty.relay.local.standin.CloudBuildStandIn;
import com.twosixty.relay.local.standin.Faults;
import com.twosixty.relay.local.standin.GkeStandIn;
import com.twosixty.relay.local.standin.LocalClusters;
import com.twosixty.relay.local.standin.StandInServer;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.testing.ChildProcess;
import com.twosixty.relay.testing.FirestoreEmulator;
import com.twosixty.relay.testing.FunctionInvoker;
import com.twosixty.relay.testing.LocalIssuer;
import com.twosixty.relay.operator.CommandAuthority;
import com.twosixty.relay.testing.TcpProxy;
import com.twosixty.relay.testing.PubSubEmulator;
import com.twosixty.relay.push.MonorepoLayout;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Relay on one machine: the Pub/Sub and Firestore emulators, the topology Terraform would
 * provision, the Cloud Build and GKE stand-ins, each function in its own JVM on the Functions
 * Framework invoker (from its deployable JAR, as Cloud Functions runs it), and the delivery bridge
 * between them (push subscriptions and Eventarc, each in its production shape). Everything it starts, it stops by
 * process id on {@link #close()}.
 */
public final class LocalStack implements AutoCloseable {

  /**
   * @param repoRoot the repository and its build: each function runs from its deployable JAR there
   * @param clients the client files the stack provisions and deploys to ({@code clients/} by default)
   * @param setAsideFreezeWindows hand the functions the client files without their freeze windows,
   *     so that the outcome does not depend on the day and hour (the demo does; `relay up` does not)
   * @param functionJvmOptions options of each function's JVM
   * @param functions which functions run (all by default); a measurement of part of the flow leaves
   *     the others out, and their subscriptions then simply keep what is published to them
   */
  public record Options(Path repoRoot, Path clients, Path workDir, String hubProject, MonorepoLayout layout,
      boolean setAsideFreezeWindows, Duration buildQueued, Duration buildWorking, DeliveryBridge.RetryPolicy retry,
      List<String> functionJvmOptions, Set<RelayFunction> functions, Consumer<String> progress, String rollout,
      Duration rolloutTick) {

    public Options {
      functionJvmOptions = List.copyOf(functionJvmOptions);
      functions = functions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(functions));
    }

    /** The defaults for this repository, unchanged. */
    public static Options defaults(Path repoRoot) {
      return builder(repoRoot).build();
    }

    /** The defaults for this repository, to change before {@link Builder#build()}. */
    public static Builder builder(Path repoRoot) {
      return new Builder(repoRoot);
    }

    /** These options, to change before {@link Builder#build()}. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    public Path logs() {
      return workDir.resolve("logs");
    }

    /** Options one setting at a time: a new option is one field here and one component above. */
    public static final class Builder {
      private final Path repoRoot;
      private Path clients;
      private Path workDir;
      private String hubProject = "relay-local";
      private MonorepoLayout layout = LocalMonorepo.layout();
      private boolean setAsideFreezeWindows;
      private Duration buildQueued = Duration.ofMillis(500);
      private Duration buildWorking = Duration.ofSeconds(2);
      private DeliveryBridge.RetryPolicy retry = new DeliveryBridge.RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10));
      private List<String> functionJvmOptions = List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xss512k");
      private Set<RelayFunction> functions = EnumSet.allOf(RelayFunction.class);
      private Consumer<String> progress = message -> { };
      private String rollout = "";
      private Duration rolloutTick = Duration.ofSeconds(1);

      private Builder(Path repoRoot) {
        this.repoRoot = repoRoot;
        this.clients = repoRoot.resolve("clients");
        this.workDir = repoRoot.resolve(".relay");
      }

      private Builder(Options options) {
        this.repoRoot = options.repoRoot;
        this.clients = options.clients;
        this.workDir = options.workDir;
        this.hubProject = options.hubProject;
        this.layout = options.layout;
        this.setAsideFreezeWindows = options.setAsideFreezeWindows;
        this.buildQueued = options.buildQueued;
        this.buildWorking = options.buildWorking;
        this.retry = options.retry;
        this.functionJvmOptions = options.functionJvmOptions;
        this.functions = options.functions;
        this.progress = options.progress;
        this.rollout = options.rollout;
        this.rolloutTick = options.rolloutTick;
      }

      /**
       * The hub's waves ({@code RELAY_ROLLOUT}, README: Waves) for client-deployer and release-rollout;
       * with waves, release-rollout runs and the stack publishes a tick on {@code rollout-ticks} every
       * {@code tick} (Cloud Scheduler's every minute, shortened). Without (the default) neither does.
       */
      public Builder rollout(String json, Duration tick) {
        this.rollout = json;
        this.rolloutTick = tick;
        return this;
      }

      /** The client files to provision and deploy to, instead of the repository's {@code clients/}. */
      public Builder clients(Path directory) {
        this.clients = directory;
        return this;
      }

      public Builder workDir(Path dir) {
        this.workDir = dir;
        return this;
      }

      public Builder freezeWindowsSetAside(boolean setAside) {
        this.setAsideFreezeWindows = setAside;
        return this;
      }

      /** How long a build stays QUEUED, then WORKING, in the Cloud Build stand-in. */
      public Builder buildTiming(Duration queued, Duration working) {
        this.buildQueued = queued;
        this.buildWorking = working;
        return this;
      }

      public Builder functionJvmOptions(List<String> jvmOptions) {
        this.functionJvmOptions = jvmOptions;
        return this;
      }

      /** Runs only these functions (the benchmarks leave out what is not on the path they measure). */
      public Builder functions(Set<RelayFunction> only) {
        this.functions = only;
        return this;
      }

      public Builder progress(Consumer<String> sink) {
        this.progress = sink;
        return this;
      }

      public Options build() {
        return new Options(repoRoot, clients, workDir, hubProject, layout, setAsideFreezeWindows, buildQueued,
            buildWorking, retry, functionJvmOptions, functions, progress, rollout, rolloutTick);
      }
    }
  }

  private final Options options;
  private final Topology topology;
  private final Map<String, String> clientJson;
  private final Faults faults = new Faults();
  private final LocalClusters clusters;
  /** What to stop, in the order it was started; closed in reverse. */
  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, FunctionInvoker> functions = Collections.synchronizedMap(new LinkedHashMap<>());
  private PubSubEmulator pubsub;
  private FirestoreEmulator firestore;
  private CloudBuildStandIn cloudBuild;
  private StandInServer cloudBuildServer;
  private StandInServer gkeServer;
  private ControlServer control;
  private TcpProxy firestoreLink;
  private TcpProxy pubsubLink;
  private DeliveryBridge bridge;
  private LocalIssuer issuer;
  private StackEndpoints.CommandAccess commandAccess;
  private final Map<String, Map<String, String>> environments = new java.util.concurrent.ConcurrentHashMap<>();
  private StackInfo info;
  private volatile boolean closed;
  /** Every child process, recorded as it starts, for its watchdog and the next stack (issue 21). */
  private final ChildRecord children;
  private Watchdog watchdog;

  private LocalStack(Options options, List<ClientDefinition> clients, Map<String, String> clientJson) {
    this.options = options;
    this.topology = new Topology(options.hubProject(), clients);
    this.clientJson = clientJson;
    this.clusters = new LocalClusters(clients);
    this.children = ChildRecord.ofThisProcess(options.workDir());
  }

  /** Starts everything; on failure stops what had started and throws. */
  public static LocalStack start(Options options) {
    LocalStack stack = prepare(options);
    stack.start();
    return stack;
  }

  /**
   * A stack that has read the client files and started nothing yet: a caller can register its
   * shutdown hook on it before {@link #start()}, so an interrupt during start-up stops what started.
   */
  public static LocalStack prepare(Options options) {
    Map<String, String> clientJson = clientJson(options.clients(), options.setAsideFreezeWindows());
    List<ClientDefinition> clients = clientJson.entrySet().stream()
        .map(e -> ClientDefinitions.parse("clients/" + e.getKey() + ".yaml", e.getValue())).toList();
    return new LocalStack(options, clients, clientJson);
  }

  public void start() {
    try {
      startAll();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startAll() {
    Path logs = options.logs();
    PrintStream stackLog = stackLogStream(logs);
    children.reset();
    watchdog = Watchdog.start(children.file());
    options.progress().accept("starting the Pub/Sub and Firestore emulators");
    ExecutorService parallel = Executors.newFixedThreadPool(2);
    try {
      Future<PubSubEmulator> pubsubStart = parallel.submit(() -> track(PubSubEmulator.start(logs)));
      Future<FirestoreEmulator> firestoreStart = parallel.submit(() -> track(FirestoreEmulator.start(logs)));
      pubsub = await(pubsubStart);
      firestore = await(firestoreStart);
    } finally {
      parallel.shutdown();
    }
    options.progress().accept("provisioning " + topology.topics().size() + " topics and " + topology.subscriptions().size()
        + " subscriptions from " + topology.clients().size() + " client files");
    Provisioner.apply(topology, pubsub);

    TopicAdminClient notifications = pubsub.topicAdmin();
    track(notifications::close);
    control = track(ControlServer.start(this));
    cloudBuild = track(new CloudBuildStandIn(new CloudBuildStandIn.Config(
        BuildTrigger.monorepo(options.hubProject(), Topology.MONOREPO_TRIGGER, LocalMonorepo.REPO_NAME,
            LocalMonorepo.RELEASE_BRANCH),
        options.layout().serviceNames(), "gcr.io/" + options.hubProject(), options.buildQueued(), options.buildWorking(),
        control.url() + "builds/"),
        clusters, faults, new PubSubBuildNotifier(notifications), StructuredLog.to("cloudbuild-standin", stackLog),
        Clock.systemUTC()));
    cloudBuildServer = track(StandInServer.start(cloudBuild));
    gkeServer = track(StandInServer.start(new GkeStandIn(clusters, faults)));

    String secret = randomSecret();
    // Functions reach Firestore through a link that can be cut, to play an outage (reliability suite).
    firestoreLink = track(TcpProxy.to(firestore.port()));
    // And publish to Pub/Sub through one too (issue 19's outage); the delivery bridge, the Cloud Build
    // stand-in's notifications and the CLI keep their direct link, as Google's side of an outage would.
    pubsubLink = track(TcpProxy.to(pubsub.process().port()));
    // Google's token issuer and the functions' metadata server, played by a key pair of this stack.
    issuer = track(LocalIssuer.start());
    int gatewayPort = ChildProcess.freePort();
    Map<String, String> metadataHosts = new LinkedHashMap<>();
    topology.clients().forEach(c -> metadataHosts.put(c.id(), issuer.metadataServer(CommandAuthority.deployReporterAccount(c))));
    StackEndpoints.CommandAccess access = commandAccess = new StackEndpoints.CommandAccess("http://127.0.0.1:" + gatewayPort,
        issuer.issuer(), issuer.certsUrl(), "[" + String.join(",", clientJson.values()) + "]", metadataHosts);
    StackEndpoints endpoints = new StackEndpoints(options.hubProject(), pubsubLink.host(), firestoreLink.host(),
        cloudBuildServer.endpoint(), gkeServer.endpoint(), secret, options.layout(), access);
    boolean staged = com.twosixty.relay.rollout.RolloutPolicy.parse(options.rollout()).staged();
    List<FunctionDeployment> deployments = topology.functions().stream()
        .filter(d -> options.functions().contains(d.function()))
        .filter(d -> d.function() != RelayFunction.RELEASE_ROLLOUT || staged).toList();
    options.progress().accept("starting " + deployments.size() + " functions on the Functions Framework invoker");
    startFunctions(deployments, endpoints, Map.of(RelayFunction.COMMAND_GATEWAY.functionName(), gatewayPort));

    List<DeliveryBridge.Route> routes = new ArrayList<>();
    for (Topology.SubscriptionSpec subscription : topology.subscriptions()) {
      subscription.target().filter(t -> functions.containsKey(t.name())).ifPresent(target -> routes.add(
          new DeliveryBridge.Route(subscription.name().getSubscription() + "@" + subscription.name().getProject(),
              subscription.name(), subscription.topic(), functions.get(target.name()).url(), target.function().delivery())));
    }
    bridge = track(DeliveryBridge.start(pubsub.subscriberStub(), routes, options.retry(), Duration.ofSeconds(60),
        StructuredLog.to("delivery-bridge", stackLog)));
    info = describe(endpoints);
    if (staged && functions.containsKey(RelayFunction.RELEASE_ROLLOUT.functionName())) {
      startRolloutTicks();
    }
  }

  /** Cloud Scheduler's job, as the local stack plays it: a tick on rollout-ticks every period. */
  private void startRolloutTicks() {
    java.util.concurrent.ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "rollout-ticks");
      thread.setDaemon(true);
      return thread;
    });
    long period = options.rolloutTick().toMillis();
    ticker.scheduleAtFixedRate(() -> {
      try {
        pubsub.publish(topology.rolloutTicks(), "tick".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            Map.of("tick", "rollout"));
      } catch (RuntimeException e) {
        // the next tick will do; a missed tick only delays a soak's end by one period
      }
    }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    AutoCloseable stop = ticker::shutdownNow;
    track(stop);
  }

  /** @param ports the ports some functions must listen on (the gateway's URL is its tokens' audience) */
  private void startFunctions(List<FunctionDeployment> deployments, StackEndpoints endpoints, Map<String, Integer> ports) {
    ExecutorService parallel = Executors.newFixedThreadPool(Math.max(1, deployments.size()));
    try {
      Map<String, Future<FunctionInvoker>> starts = new LinkedHashMap<>();
      for (FunctionDeployment deployment : deployments) {
        Map<String, String> environment = new LinkedHashMap<>(endpoints.environment(deployment,
            deployment.client().map(c -> clientJson.get(c.id())).orElse("")));
        if (!options.rollout().isBlank() && deployment.function().settings().contains(com.twosixty.relay.config.Setting.RELAY_ROLLOUT)) {
          environment.put(com.twosixty.relay.config.Setting.RELAY_ROLLOUT.name(), options.rollout());
        }
        environments.put(deployment.name(), environment);
        int port = ports.containsKey(deployment.name()) ? ports.get(deployment.name()) : ChildProcess.freePort();
        starts.put(deployment.name(), parallel.submit(() -> track(startFunction(deployment, environment, port))));
      }
      List<String> failures = new ArrayList<>();
      starts.forEach((name, start) -> {
        try {
          functions.put(name, start.get());
        } catch (ExecutionException e) {
          failures.add(name + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failures.add(name + ": interrupted");
        }
      });
      if (!failures.isEmpty()) {
        throw new IllegalStateException("functions did not start:\n" + String.join("\n", failures));
      }
    } finally {
      parallel.shutdown();
    }
  }

  private StackInfo describe(StackEndpoints endpoints) {
    Map<String, String> clientProjects = new LinkedHashMap<>();
    topology.clients().forEach(c -> clientProjects.put(c.id(), c.gcp().project()));
    Map<String, String> functionUrls = new LinkedHashMap<>();
    functions.forEach((name, invoker) -> functionUrls.put(name, invoker.url().toString()));
    Map<String, String> urls = new LinkedHashMap<>();
    urls.put("pushWebhook", functionUrls.getOrDefault(RelayFunction.PUSH_WEBHOOK.functionName(), ""));
    urls.put("releaseStatus", functionUrls.getOrDefault(RelayFunction.RELEASE_STATUS.functionName(), ""));
    // The same URL under the name people look for; README documents it in `relay up --json`, so it stays.
    urls.put("dashboard", functionUrls.getOrDefault(RelayFunction.RELEASE_STATUS.functionName(), ""));
    urls.put("control", control.url());
    urls.put("commandGateway", functions.containsKey(RelayFunction.COMMAND_GATEWAY.functionName())
        ? endpoints.commandAccess().gatewayUrl() : "");
    urls.put("tokenIssuer", endpoints.commandAccess().tokenIssuer());
    urls.put("tokenCerts", endpoints.commandAccess().tokenCertsUrl());
    endpoints.commandAccess().metadataHosts().forEach((client, host) -> urls.put("metadata/" + client, host));
    Map<String, Long> pids = new LinkedHashMap<>();
    pids.put("pubsub-emulator", pubsub.process().pid());
    pids.put("firestore-emulator", firestore.process().pid());
    functions.forEach((name, invoker) -> pids.put(name, invoker.process().pid()));
    return new StackInfo(pubsub.host(), firestore.host(), options.hubProject(), clientProjects, topology.topicNames(),
        urls, endpoints.webhookSecret(), functionUrls, pids, endpoints.cloudBuildEndpoint(), endpoints.containerEndpoint(),
        options.logs().toAbsolutePath().toString(), ProcessHandle.current().pid());
  }

  /** Each client file as JSON, as Terraform's {@code jsonencode(yamldecode(file))} hands it to RELAY_CLIENT. */
  public static Map<String, String> clientJson(Path clientsDirectory, boolean setAsideFreezeWindows) {
    Map<String, String> byClient = new LinkedHashMap<>();
    for (ClientDefinition client : ClientDefinitions.loadDirectory(clientsDirectory)) {
      Path file = clientFile(clientsDirectory, client.id());
      JsonObject json = JsonParser.parseString(ClientDefinitions.toJson(file)).getAsJsonObject();
      if (setAsideFreezeWindows) {
        json.add("freeze", new JsonArray());
      }
      byClient.put(client.id(), json.toString());
    }
    return byClient;
  }

  private static Path clientFile(Path directory, String id) {
    Path yaml = directory.resolve(id + ".yaml");
    return Files.isRegularFile(yaml) ? yaml : directory.resolve(id + ".yml");
  }

  public StackInfo info() {
    return info;
  }

  public Topology topology() {
    return topology;
  }

  public Faults faults() {
    return faults;
  }

  public LocalClusters clusters() {
    return clusters;
  }

  /** The stack's stand-in for Google's token issuer: signs the ID tokens the command gateway accepts. */
  public LocalIssuer issuer() {
    return issuer;
  }

  /**
   * An ID token for {@code email} with the command gateway's URL as audience: what `gcloud auth
   * print-identity-token` gives a person on GCP (`relay approve --as`, the demo, the tests).
   */
  public String idToken(String email) {
    return issuer.token(email, commandAccess.gatewayUrl());
  }

  public CloudBuildStandIn cloudBuild() {
    return cloudBuild;
  }

  /** The user agents of the functions' calls to the Cloud Build and GKE stand-ins: they name the gRPC transport. */
  public Set<String> standInUserAgents() {
    Set<String> agents = new TreeSet<>(cloudBuildServer.userAgents());
    agents.addAll(gkeServer.userAgents());
    return agents;
  }

  public PubSubEmulator pubsub() {
    return pubsub;
  }

  public FirestoreEmulator firestore() {
    return firestore;
  }

  /** The link between the functions and the Firestore emulator: cut it for an outage. */
  public TcpProxy firestoreLink() {
    return firestoreLink;
  }

  /** The link between the functions and the Pub/Sub emulator (their publishes): cut it for an outage. */
  public TcpProxy pubsubLink() {
    return pubsubLink;
  }

  public DeliveryBridge bridge() {
    return bridge;
  }

  /**
   * Kills a function's process at once, as a crash would (mid-event or not), and starts it again
   * on the same port with the same environment: the bridge's routes keep working.
   */
  public FunctionInvoker restartFunction(String name) {
    FunctionInvoker old = functions.get(name);
    if (old == null) {
      throw new IllegalArgumentException("no function " + name + " in this stack");
    }
    FunctionDeployment deployment = topology.functions().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    old.process().kill();
    FunctionInvoker restarted = track(startFunction(deployment, environments.get(name), old.url().getPort()));
    functions.put(name, restarted);
    return restarted;
  }

  /** The function's deployable JAR on the invoker, as Cloud Functions runs it: the one place the stack starts one. */
  private FunctionInvoker startFunction(FunctionDeployment deployment, Map<String, String> environment, int port) {
    return FunctionInvoker.startDeployable(deployment.name(), deployment.function().entryPoint(),
        deployment.requireDeployable(options.repoRoot()), environment, options.logs(), options.functionJvmOptions(), port);
  }

  public Map<String, FunctionInvoker> functions() {
    return Map.copyOf(functions);
  }

  private <T extends AutoCloseable> T track(T closeable) {
    started.add(closeable);
    ChildProcess child = switch (closeable) {
      case FunctionInvoker f -> f.process();
      case PubSubEmulator p -> p.process();
      case FirestoreEmulator f -> f.process();
      default -> null;
    };
    if (child != null) {
      ProcessHandle.of(child.pid()).ifPresent(handle -> children.add(child.name(), handle));
    }
    if (closed) {
      // Stopped (Ctrl-C) while this part was starting: it must not outlive the stack.
      quietly(closeable);
      throw new IllegalStateException("the local stack was stopped while starting");
    }
    return closeable;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  private PrintStream stackLogStream(Path logs) {
    try {
      Files.createDirectories(logs);
      PrintStream stream = new PrintStream(new FileOutputStream(logs.resolve("local-stack.log").toFile()), true,
          StandardCharsets.UTF_8);
      track(stream::close);
      return stream;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return "local-" + HexFormat.of().formatHex(bytes);
  }

  /** Stops everything it started; child processes in parallel, each by pid with its descendants. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> toClose;
    synchronized (started) {
      toClose = new ArrayList<>(started);
    }
    Collections.reverse(toClose);
    List<AutoCloseable> processes = toClose.stream()
        .filter(c -> c instanceof FunctionInvoker || c instanceof PubSubEmulator || c instanceof FirestoreEmulator).toList();
    // In-process parts first (the bridge stops delivering), then the child processes all at once.
    toClose.stream().filter(c -> !processes.contains(c)).forEach(LocalStack::quietly);
    ExecutorService parallel = Executors.newFixedThreadPool(Math.max(1, processes.size()));
    processes.forEach(p -> parallel.execute(() -> quietly(p)));
    parallel.shutdown();
    try {
      parallel.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.clear();
    if (watchdog != null) {
      watchdog.close();
    }
  }

  private static void quietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      System.err.println("relay: while stopping: " + e.getMessage());
    }
  }
}
