package com.twosixty.relay.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.config.RelayFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each function's deployable as {@code ./mvnw package} leaves it for Terraform (the JAR and the zip
 * that carries it): small enough, the classes a cold start loads stored, holding the Google clients its entry class builds and no others,
 * and none of what the root pom leaves out of every client (Deployable sizes, BENCHMARKS.md).
 */
class DeployablesIT {
  private static final double MIB = 1024 * 1024;
  /** The JAR the runtime unpacks and the zip Terraform uploads: issue 20's target for both. */
  private static final double LIMIT_MIB = 40;

  /** A Google client, known in a deployable by its client class. */
  enum GoogleClient {
    PUBSUB("com/google/cloud/pubsub/v1/Publisher.class"),
    FIRESTORE("com/google/cloud/firestore/Firestore.class"),
    CLOUD_BUILD("com/google/cloud/devtools/cloudbuild/v1/CloudBuildClient.class"),
    GKE("com/google/cloud/container/v1/ClusterManagerClient.class");

    final String clientClass;

    GoogleClient(String clientClass) {
      this.clientClass = clientClass;
    }
  }

  /**
   * The clients each entry class's adapters build (PubSubEventPublisher, FirestoreClients,
   * CloudBuildRunner, GkeClusterChecker). release-publisher and deploy-reporter read Cloud Build's
   * messages (its protos) but call no Cloud Build API.
   */
  private static final Map<RelayFunction, Set<GoogleClient>> USES = Map.of(
      RelayFunction.PUSH_WEBHOOK, EnumSet.of(GoogleClient.CLOUD_BUILD, GoogleClient.FIRESTORE),
      RelayFunction.RELEASE_PUBLISHER, EnumSet.of(GoogleClient.PUBSUB),
      RelayFunction.CLIENT_DEPLOYER,
      EnumSet.of(GoogleClient.PUBSUB, GoogleClient.FIRESTORE, GoogleClient.CLOUD_BUILD, GoogleClient.GKE),
      RelayFunction.DEPLOY_REPORTER, EnumSet.of(GoogleClient.PUBSUB, GoogleClient.FIRESTORE),
      RelayFunction.RELEASE_STATUS, EnumSet.of(GoogleClient.FIRESTORE),
      RelayFunction.COMMAND_GATEWAY, EnumSet.of(GoogleClient.PUBSUB),
      RelayFunction.RELEASE_ROLLOUT, EnumSet.of(GoogleClient.PUBSUB, GoogleClient.FIRESTORE));

  /** The functions that read client files (ClientDefinitions), and so carry snakeyaml (shared declares it optional). */
  private static final Set<RelayFunction> READ_CLIENT_FILES =
      EnumSet.of(RelayFunction.CLIENT_DEPLOYER, RelayFunction.DEPLOY_REPORTER, RelayFunction.RELEASE_STATUS,
          RelayFunction.COMMAND_GATEWAY, RelayFunction.RELEASE_ROLLOUT);

  /** Left out of every deployable: path prefix, and why. */
  private static final Map<String, String> NEVER = Map.ofEntries(
      Map.entry("io/grpc/netty/", "gRPC's Netty transport (the functions use OkHttp)"),
      Map.entry("io/netty/", "Netty"),
      Map.entry("io/grpc/xds/", "grpc-xds (DirectPath)"),
      Map.entry("io/grpc/alts/", "grpc-alts (DirectPath)"),
      Map.entry("io/grpc/grpclb/", "grpc-grpclb"),
      Map.entry("io/grpc/googleapis/", "grpc-googleapis (DirectPath)"),
      Map.entry("io/grpc/protobuf/services/", "grpc-services"),
      Map.entry("org/conscrypt/", "Conscrypt"),
      Map.entry("META-INF/native/", "native libraries"),
      Map.entry("com/google/cloud/opentelemetry/", "Firestore's metrics exporter"),
      Map.entry("com/google/cloud/monitoring/", "the Cloud Monitoring client"),
      Map.entry("com/google/monitoring/", "Cloud Monitoring's protos"),
      Map.entry("io/opentelemetry/sdk/", "the OpenTelemetry SDK"),
      Map.entry("com/google/container/v1beta1/", "GKE's v1beta1 protos"),
      Map.entry("com/google/cloudbuild/v2/", "Cloud Build's v2 protos"));

  private static Path repoRoot() {
    return Path.of("..").toAbsolutePath().normalize();
  }

  @ParameterizedTest
  @EnumSource(RelayFunction.class)
  void theZipTerraformUploadsIsWithinTheTargetAndHoldsTheDeployable(RelayFunction function) throws IOException {
    Path jar = FunctionDeployment.deployable(repoRoot(), function);
    Path zip = jar.resolveSibling(function.functionName() + "-function.zip");
    assertTrue(Files.isRegularFile(zip), "no function zip at " + zip + ": relay-cli's integration tests run after package");
    double mib = Files.size(zip) / MIB;
    assertTrue(mib <= LIMIT_MIB, String.format("%s: the zip is %.1f MiB, more than %.0f MiB", function.functionName(),
        mib, LIMIT_MIB));
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      List<String> names = archive.stream().map(ZipEntry::getName).toList();
      assertEquals(List.of(function.functionName() + ".jar"), names, "the zip holds the deployable JAR and nothing else");
      assertEquals(Files.size(jar), archive.getEntry(names.getFirst()).getSize(), "the zip's JAR is the deployable");
    }
  }

  @ParameterizedTest
  @EnumSource(RelayFunction.class)
  void theJarIsWithinTheTargetWithTheClassesAColdStartLoadsStored(RelayFunction function) throws IOException {
    Path jar = FunctionDeployment.deployable(repoRoot(), function);
    double mib = Files.size(jar) / MIB;
    assertTrue(mib <= LIMIT_MIB, String.format("%s: the deployable JAR is %.1f MiB, more than %.0f MiB",
        function.functionName(), mib, LIMIT_MIB));
    Set<String> loaded = Set.copyOf(Files.readAllLines(repoRoot().resolve("functions/loaded-classes.txt")));
    int stored = 0;
    int deflated = 0;
    try (ZipFile archive = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : archive.stream().toList()) {
        boolean shouldStore = !entry.getName().endsWith(".class") || loaded.contains(entry.getName());
        assertEquals(shouldStore ? ZipEntry.STORED : ZipEntry.DEFLATED, entry.getMethod(),
            function.functionName() + ": " + entry.getName() + (shouldStore ? " is loaded by a cold start or a resource: stored"
                : " is not in functions/loaded-classes.txt: deflated"));
        if (shouldStore) {
          stored++;
        } else {
          deflated++;
        }
      }
    }
    assertTrue(stored > 0 && deflated > 0, function.functionName() + ": " + stored + " entries stored, " + deflated + " deflated");
  }

  @ParameterizedTest
  @EnumSource(RelayFunction.class)
  void holdsTheGoogleClientsItsFunctionUsesAndNoOthers(RelayFunction function) throws IOException {
    Set<String> entries = entries(function);
    Set<GoogleClient> present = EnumSet.noneOf(GoogleClient.class);
    for (GoogleClient client : GoogleClient.values()) {
      if (entries.contains(client.clientClass)) {
        present.add(client);
      }
    }
    assertEquals(USES.get(function), present, function.functionName() + ": the Google clients in its deployable");
    assertEquals(READ_CLIENT_FILES.contains(function), entries.contains("org/snakeyaml/engine/v2/api/Load.class"),
        function.functionName() + ": snakeyaml in its deployable");
  }

  @ParameterizedTest
  @EnumSource(RelayFunction.class)
  void holdsNoneOfWhatEveryDeployableLeavesOut(RelayFunction function) throws IOException {
    List<String> found = new ArrayList<>();
    for (String entry : entries(function)) {
      NEVER.forEach((prefix, what) -> {
        if (entry.startsWith(prefix)) {
          found.add(what + " (" + prefix + ")");
        }
      });
    }
    assertEquals(List.of(), found.stream().distinct().sorted().toList(), function.functionName() + " holds");
  }

  @ParameterizedTest
  @EnumSource(RelayFunction.class)
  void holdsOneProtobufRuntime(RelayFunction function) throws IOException {
    Set<String> runtimes = entries(function).stream()
        .filter(entry -> entry.endsWith("protobuf/GeneratedMessage.class") || entry.endsWith("protobuf/GeneratedMessageLite.class"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of("com/google/protobuf/GeneratedMessage.class", "com/google/protobuf/GeneratedMessageLite.class")),
        runtimes, function.functionName() + ": protobuf runtimes (shaded copies included)");
    assertTrue(entries(function).stream().noneMatch(entry -> entry.startsWith("META-INF/maven/com.google.protobuf/protobuf-javalite/")),
        function.functionName() + " holds protobuf-javalite beside protobuf-java");
  }

  private static Set<String> entries(RelayFunction function) throws IOException {
    Path jar = FunctionDeployment.deployable(repoRoot(), function);
    assertTrue(Files.isRegularFile(jar), "no deployable JAR at " + jar + ": relay-cli's integration tests run after package");
    try (ZipFile archive = new ZipFile(jar.toFile())) {
      return Collections.unmodifiableSet(archive.stream().map(ZipEntry::getName).collect(Collectors.toSet()));
    }
  }
}
