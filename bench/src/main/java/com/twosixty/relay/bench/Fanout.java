package com.twosixty.relay.bench;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.TopicName;
import com.sun.net.httpserver.HttpServer;
import com.twosixty.relay.cloudbuild.BuildNotifications;
import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.local.LocalStack;
import com.twosixty.relay.local.StackEndpoints;
import com.twosixty.relay.local.Topology;
import com.twosixty.relay.local.bridge.DeliveryBridge;
import com.twosixty.relay.local.standin.CloudBuildStandIn;
import com.twosixty.relay.log.StructuredLog;
import com.twosixty.relay.testing.FunctionInvoker;
import com.twosixty.relay.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Fan-out latency on the local stack: a {@code cloud-builds} SUCCESS of the monorepo trigger
 * published on the emulator → the last client's runBuildTrigger received by the Cloud Build
 * stand-in, beside the floor measured on the same stack: publish → delivered by the delivery bridge
 * → HTTP arrival at a trivial endpoint, for one hop, times the two hops on the path
 * (cloud-builds → release-publisher, releases → client-deployer).
 */
final class Fanout {
  /** The path holds these; push-webhook, release-status and deploy-reporter are not on it. */
  static final Set<RelayFunction> ON_THE_PATH = EnumSet.of(RelayFunction.RELEASE_PUBLISHER, RelayFunction.CLIENT_DEPLOYER);
  static final int HOPS = 2;
  /** What one function JVM is budgeted on this machine before starting N of them (measured RSS is ~150 MiB). */
  static final long MIB_PER_FUNCTION = 200;
  /** Emulators, the bench JVM itself and head room. */
  static final long MIB_BASE = 1536;
  /** Between releases: a deploy build's stand-in lifecycle (0.5 s queued + 2 s working) is over. */
  static final Duration SETTLE = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** One row of the table. */
  /**
   * @param cpuMillisPerRelease CPU time per release by process kind (client-deployers summed, the
   *     bench JVM holding the bridge and the stand-ins), over the releases and the pauses between them
   */
  /**
   * @param deployerCpuPerClient one client-deployer's CPU per release ({@link DeployerCpu#TOTAL}),
   *     and the part of it each kind of thread used ({@link DeployerCpu}), averaged over the clients
   */
  record Result(int requested, int clients, String note, Stats fanout, Stats hop, int releases, int lost,
      long functionRssMiB, Map<String, Double> cpuMillisPerRelease, Map<String, Double> deployerCpuPerClient) {}

  private final Path root;
  private final Path workDir;
  private final Set<RelayFunction> functions;
  private final List<String> jvmOptions;
  /** Added to every getCluster answer, standing in for Google's API latency. */
  private final Duration gkeLatency;
  private final Consumer<String> progress;
  /** A run id in every commit, so no release of this run collides with another's. */
  private final int run = (int) (System.nanoTime() & 0xfffff);
  /** Releases published so far: the last two hex digits of the short commit (up to 256 per client count). */
  private int released;

  Fanout(Path root, Path workDir, List<String> jvmOptions, Duration gkeLatency, Consumer<String> progress) {
    this(root, workDir, ON_THE_PATH, jvmOptions, gkeLatency, progress);
  }

  /** @param functions the functions the stack runs: those {@link #ON_THE_PATH}, and more off it */
  Fanout(Path root, Path workDir, Set<RelayFunction> functions, List<String> jvmOptions, Duration gkeLatency,
      Consumer<String> progress) {
    this.root = root;
    this.workDir = workDir;
    this.functions = Set.copyOf(functions);
    this.jvmOptions = List.copyOf(jvmOptions);
    this.gkeLatency = gkeLatency;
    this.progress = progress;
  }

  /** MemAvailable from /proc/meminfo, in MiB (-1 where there is none). */
  static long availableMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemAvailable:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no check
    }
    return -1;
  }

  Result measure(int requested, int warmups, int releases, int hopSamples) throws Exception {
    long available = availableMiB();
    int clients = requested;
    String note = "";
    if (available > 0 && MIB_BASE + (clients + 1) * MIB_PER_FUNCTION > available) {
      clients = (int) Math.max(1, (available - MIB_BASE) / MIB_PER_FUNCTION - 1);
      note = "only " + clients + " fit in " + available + " MiB available";
    }
    progress.accept("fan-out: " + clients + " clients (" + available + " MiB available before start)");
    released = 0;
    Path repo = Files.createTempDirectory("relay-fanout-");
    try {
      writeClients(repo.resolve("clients"), clients);
      LocalStack.Options options = LocalStack.Options.builder(root)
          .clients(repo.resolve("clients"))
          .workDir(workDir.resolve("fanout-" + clients))
          .functions(functions)
          .functionJvmOptions(jvmOptions)
          .progress(progress)
          .build();
      try (LocalStack stack = LocalStack.start(options)) {
        return measure(stack, requested, clients, note, warmups, releases, hopSamples);
      }
    } finally {
      deleteTree(repo);
    }
  }

  private Result measure(LocalStack stack, int requested, int clients, String note, int warmups, int releases,
      int hopSamples) throws Exception {
    Arrivals arrivals = new Arrivals();
    stack.cloudBuild().onTriggerRun(arrivals::record);
    stack.faults().delayContainer(gkeLatency);
    TopicName cloudBuilds = stack.topology().cloudBuilds(stack.topology().hubProject());
    try (TopicAdminClient topics = stack.pubsub().topicAdmin()) {
      for (int w = 0; w < warmups; w++) {
        progress.accept("fan-out: warm-up release " + (w + 1) + " of " + warmups + " through " + clients + " clients");
        if (release(topics, cloudBuilds, arrivals, clients) < 0) {
          throw new IllegalStateException("a warm-up release did not reach all " + clients + " clients within " + WAIT
              + "; see " + stack.info().logs());
        }
        settle();
      }
      progress.accept("fan-out: " + releases + " releases through " + clients + " clients");
      List<Double> fanout = new ArrayList<>();
      List<Double> hops = new ArrayList<>();
      int lost = 0;
      // The floor's samples are taken between the releases, so that both see the same machine.
      int hopsPerRelease = Math.max(1, (int) Math.ceil(hopSamples / (double) releases));
      Map<String, Double> cpuBefore;
      Map<String, Double> deployersBefore;
      try (HopProbe probe = HopProbe.open(stack, topics, root)) {
        cpuBefore = cpu(stack);
        deployersBefore = DeployerCpu.of(stack);
        for (int i = 1; i <= releases; i++) {
          double millis = release(topics, cloudBuilds, arrivals, clients);
          if (millis < 0) {
            lost++;
          } else {
            fanout.add(millis);
          }
          settle();
          for (int h = 0; h < hopsPerRelease && hops.size() < hopSamples; h++) {
            hops.add(probe.sample());
          }
        }
      }
      Stats hop = Stats.of(hops);
      Map<String, Double> cpuPerRelease = new java.util.LinkedHashMap<>();
      cpu(stack).forEach((k, v) -> cpuPerRelease.put(k, (v - cpuBefore.get(k)) / releases));
      Map<String, Double> deployerPerClient = new java.util.LinkedHashMap<>();
      DeployerCpu.of(stack).forEach((k, v) -> deployerPerClient.put(k, (v - deployersBefore.get(k)) / releases / clients));
      long rss = 0;
      for (FunctionInvoker function : stack.functions().values()) {
        rss += rssKiB(function.process().pid());
      }
      return new Result(requested, clients, note, fanout.isEmpty() ? null : Stats.of(fanout), hop, releases, lost,
          rss / 1024, cpuPerRelease, deployerPerClient);
    }
  }

  /** Publishes release i's build notification; ms until the last client's trigger arrived, or -1. */
  private double release(TopicAdminClient topics, TopicName cloudBuilds, Arrivals arrivals, int clients)
      throws Exception {
    int i = released++;
    String commit = String.format("%07x", (run << 8) + i) + HexFormat.of().formatHex(randomBytes(17)).substring(0, 33);
    String shortSha = commit.substring(0, 7);
    CountDownLatch all = arrivals.expect(shortSha, clients);
    Build build = monorepoSuccess(commit, cloudBuilds.getProject());
    PubsubMessage message = PubsubMessage.newBuilder()
        .setData(ByteString.copyFromUtf8(BuildNotifications.toJson(build)))
        .putAttributes("buildId", build.getId())
        .putAttributes("status", build.getStatus().name())
        .build();
    long start = System.nanoTime();
    topics.publish(PublishRequest.newBuilder().setTopic(cloudBuilds.toString()).addMessages(message).build());
    if (!all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      progress.accept("fan-out: release " + i + " reached " + arrivals.count(shortSha) + " of " + clients + " clients");
      return -1;
    }
    return (arrivals.last(shortSha) - start) / 1e6;
  }

  /**
   * The fixture's monorepo SUCCESS with this commit, a new build id, a finish time of now (a higher
   * sequence), from the stack's monorepo trigger, its images pushed to the stack's image repository
   * (the only one client-deployer accepts images from).
   */
  private static Build monorepoSuccess(String commit, String hubProject) throws IOException {
    Build.Builder build = Build.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(Fixtures.cloudBuildMonorepoSuccess(), build);
    String repository = StackEndpoints.imageRepository(hubProject);
    for (BuiltImage.Builder image : build.getResultsBuilder().getImagesBuilderList()) {
      image.setName(repository + image.getName().substring(image.getName().lastIndexOf('/') + 1));
    }
    Instant now = Instant.now();
    Timestamp finish = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    return build.setId(UUID.randomUUID().toString())
        .putSubstitutions("COMMIT_SHA", commit)
        .putSubstitutions("SHORT_SHA", commit.substring(0, 7))
        .putSubstitutions("REVISION_ID", commit)
        .putSubstitutions("TRIGGER_NAME", Topology.MONOREPO_TRIGGER)
        .setFinishTime(finish)
        .build();
  }

  /**
   * The floor: a message from publish on the emulator to arrival at a trivial HTTP endpoint,
   * delivered by the delivery bridge on a subscription provisioned as the stack's are, over the same
   * emulator connection, while the stack runs.
   */
  private static final class HopProbe implements AutoCloseable {
    private final TopicAdminClient topics;
    private final TopicName topic;
    private final HttpServer endpoint;
    private final DeliveryBridge bridge;
    private final Map<String, Long> arrived = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
    private int sent;

    private HopProbe(TopicAdminClient topics, TopicName topic, HttpServer endpoint, DeliveryBridge bridge) {
      this.topics = topics;
      this.topic = topic;
      this.endpoint = endpoint;
      this.bridge = bridge;
    }

    static HopProbe open(LocalStack stack, TopicAdminClient topics, Path root) throws Exception {
      String hub = stack.topology().hubProject();
      TopicName topic = TopicName.of(hub, "bench-hop");
      TopicName deadLetter = TopicName.of(hub, "bench-hop-dead-letter");
      SubscriptionName subscription = SubscriptionName.of(hub, "bench-hop");
      topics.createTopic(Topic.newBuilder().setName(topic.toString()).build());
      topics.createTopic(Topic.newBuilder().setName(deadLetter.toString()).build());
      try (SubscriptionAdminClient subscriptions = stack.pubsub().subscriptionAdmin()) {
        subscriptions.createSubscription(Subscription.newBuilder()
            .setName(subscription.toString())
            .setTopic(topic.toString())
            .setAckDeadlineSeconds(180)
            .setMessageRetentionDuration(com.google.protobuf.Duration.newBuilder().setSeconds(7 * 24 * 3600))
            .setDeadLetterPolicy(DeadLetterPolicy.newBuilder().setDeadLetterTopic(deadLetter.toString())
                .setMaxDeliveryAttempts(RelayFunction.MAX_DELIVERY_ATTEMPTS))
            .build());
      }
      HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      URI url = URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/");
      DeliveryBridge bridge = DeliveryBridge.start(stack.pubsub().subscriberStub(),
          List.of(new DeliveryBridge.Route("bench-hop@" + hub, subscription, topic, url,
              RelayFunction.Delivery.PUSH_SUBSCRIPTION)),
          LocalStack.Options.defaults(root).retry(), Duration.ofSeconds(60), StructuredLog.to("bench-hop", nullStream()));
      HopProbe probe = new HopProbe(topics, topic, endpoint, bridge);
      endpoint.createContext("/", probe::arrive);
      endpoint.start();
      try {
        probe.sample(); // two unmeasured: the bridge's first pull and HTTP connection
        probe.sample();
        return probe;
      } catch (Exception | Error e) {
        probe.close();
        throw e;
      }
    }

    private void arrive(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
      long now = System.nanoTime();
      try (InputStream body = exchange.getRequestBody()) {
        JsonObject envelope = JsonParser.parseString(new String(body.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        String sample = envelope.getAsJsonObject("message").getAsJsonObject("attributes").get("sample").getAsString();
        arrived.putIfAbsent(sample, now);
        CountDownLatch latch = waiting.get(sample);
        if (latch != null) {
          latch.countDown();
        }
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    }

    /** One message through the hop; its milliseconds. */
    double sample() throws InterruptedException {
      String sample = "s" + sent++;
      CountDownLatch latch = new CountDownLatch(1);
      waiting.put(sample, latch);
      long start = System.nanoTime();
      topics.publish(PublishRequest.newBuilder().setTopic(topic.toString())
          .addMessages(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("{}")).putAttributes("sample", sample))
          .build());
      if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the one-hop floor's message " + sample + " never arrived");
      }
      Thread.sleep(50);
      return (arrived.get(sample) - start) / 1e6;
    }

    @Override
    public void close() {
      bridge.close();
      endpoint.stop(0);
    }
  }

  /** N copies of clients/essence.yaml as bench-001…: automatic, every service, both channels, no freeze, no pins. */
  void writeClients(Path directory, int count) throws IOException {
    Files.createDirectories(directory);
    String essence = Files.readString(root.resolve("clients/essence.yaml"), StandardCharsets.UTF_8);
    Dump dump = new Dump(DumpSettings.builder().build());
    for (int n = 1; n <= count; n++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> client = new LinkedHashMap<>((Map<String, Object>) new Load(LoadSettings.builder().build())
          .loadFromString(essence));
      String id = String.format("bench-%03d", n);
      client.put("id", id);
      client.put("displayName", "Bench " + n);
      @SuppressWarnings("unchecked")
      Map<String, Object> gcp = new LinkedHashMap<>((Map<String, Object>) client.get("gcp"));
      gcp.put("project", "relay-" + id);
      client.put("gcp", gcp);
      @SuppressWarnings("unchecked")
      Map<String, Object> cluster = new LinkedHashMap<>((Map<String, Object>) client.get("cluster"));
      cluster.put("name", id);
      client.put("cluster", cluster);
      client.put("services", List.of());
      client.put("channel", "both");
      client.put("approval", "automatic");
      client.put("freeze", List.of());
      client.put("pins", Map.of());
      Files.writeString(directory.resolve(id + ".yaml"), dump.dumpToString(client), StandardCharsets.UTF_8);
    }
  }

  /** Trigger runs by release (the short commit ends the release id): when each client's arrived. */
  private static final class Arrivals {
    private final Map<String, Map<String, Long>> byRelease = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();

    CountDownLatch expect(String shortSha, int clients) {
      CountDownLatch latch = new CountDownLatch(clients);
      byRelease.put(shortSha, new ConcurrentHashMap<>());
      latches.put(shortSha, latch);
      return latch;
    }

    void record(CloudBuildStandIn.TriggerRun run) {
      String releaseId = run.substitutions().getOrDefault("_RELEASE_ID", "");
      String shortSha = releaseId.substring(releaseId.lastIndexOf('-') + 1);
      Map<String, Long> projects = byRelease.get(shortSha);
      if (projects != null && projects.putIfAbsent(run.project(), run.receivedNanos()) == null) {
        latches.get(shortSha).countDown();
      }
    }

    int count(String shortSha) {
      return byRelease.get(shortSha).size();
    }

    long last(String shortSha) {
      return byRelease.get(shortSha).values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }
  }

  /** CPU milliseconds so far by process kind: each emulator, release-publisher, all client-deployers, this JVM. */
  private static Map<String, Double> cpu(LocalStack stack) {
    Map<String, Double> millis = new java.util.TreeMap<>();
    stack.info().pids()
        .forEach((name, pid) -> millis.merge(name.replaceAll("-bench-\\d+$", ""), cpuMillis(pid), Double::sum));
    millis.put("bridge + stand-ins (bench JVM)", cpuMillis(ProcessHandle.current().pid()));
    return millis;
  }

  /** A process that has gone counts nothing. */
  private static double cpuMillis(long pid) {
    double millis = Measurements.cpuMillis(pid);
    return Double.isNaN(millis) ? 0 : millis;
  }

  private static long rssKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone or not Linux
    }
    return 0;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new java.security.SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static void settle() throws InterruptedException {
    Thread.sleep(SETTLE.toMillis());
  }

  private static PrintStream nullStream() {
    return new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path path) {
    try (var walk = Files.walk(path)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
