package com.twosixty.relay.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.twosixty.relay.testing.ChildProcess;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable talks to Google's APIs over gRPC's OkHttp transport (its pom leaves Netty out), so
 * this checks the production path the emulators cannot: the client's own TLS channel, with the JDK's
 * TLS and ALPN, certificate checks on, an OAuth token as call credentials. The server is gRPC's Netty
 * with BoringSSL, as independent of the client's TLS stack as this machine allows; it answers Pub/Sub's
 * Publish at a certificate for "localhost" that only the probe's trust store knows.
 */
class TlsTransportIT {
  private static final String STORE_PASSWORD = "changeit";

  @TempDir
  static Path keys;

  private static Server server;
  private static final List<Seen> seen = new CopyOnWriteArrayList<>();

  record Seen(String userAgent, String authorization, String tlsProtocol, String data) {
  }

  @BeforeAll
  static void startTlsServer() throws Exception {
    Path serverKeys = keys.resolve("server.p12");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
        "-keystore", serverKeys.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    keytool("-exportcert", "-alias", "server", "-keystore", serverKeys.toString(), "-storepass", STORE_PASSWORD,
        "-rfc", "-file", keys.resolve("server.pem").toString());
    keytool("-importcert", "-noprompt", "-alias", "server", "-file", keys.resolve("server.pem").toString(),
        "-keystore", keys.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);

    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(serverKeys)) {
      keyStore.load(in, STORE_PASSWORD.toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keyStore, STORE_PASSWORD.toCharArray());

    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
            TlsServerCredentials.newBuilder().keyManager(keyManagers.getKeyManagers()).build())
        .addService(ServerInterceptors.intercept(fakePublisher(), new RecordCall()))
        .build()
        .start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theDeployablePublishesOverTlsWithItsOkHttpTransportAndSendsItsToken() throws Exception {
    seen.clear();
    Probe probe = runProbe(true);

    assertEquals(0, probe.exitCode(), probe.output());
    assertTrue(probe.output().contains("published message-1"), probe.output());
    assertEquals(1, seen.size(), "the server was asked once: " + seen);
    Seen call = seen.get(0);
    assertEquals("over TLS", call.data());
    assertTrue(call.userAgent().contains("grpc-java-okhttp/"), "transport in the user agent: " + call.userAgent());
    assertEquals("Bearer probe-token", call.authorization());
    assertEquals("TLSv1.2", call.tlsProtocol(), "OkHttp's default offers TLS 1.2 only, as the README says");
  }

  /**
   * The same probe without the test certificate in its trust store: the handshake is refused
   * (PKIX), the client keeps reconnecting, as it does on Netty too, and nothing reaches the server.
   */
  @Test
  void aServerCertificateTheJvmDoesNotTrustIsRefused() throws Exception {
    seen.clear();
    Probe probe = runProbe(false);

    assertNotEquals(0, probe.exitCode(), probe.output());
    assertFalse(probe.output().contains("published"), probe.output());
    assertTrue(seen.isEmpty(), "no call reached the server: " + seen);
  }

  @Test
  void theDeployableShipsNoNettyTransport() throws IOException {
    try (var jar = new java.util.jar.JarFile(deployable().toFile())) {
      assertFalse(jar.stream().anyMatch(entry -> entry.getName().startsWith("io/grpc/netty/")),
          "Netty classes in the deployable");
      assertEquals("io.grpc.okhttp.OkHttpChannelProvider", new String(jar.getInputStream(
          jar.getEntry("META-INF/services/io.grpc.ManagedChannelProvider")).readAllBytes(), StandardCharsets.UTF_8).strip());
    }
  }

  private record Probe(int exitCode, String output) {
  }

  /** The probe in a JVM of its own, on the deployable JAR, trusting the test certificate or not. */
  private static Probe runProbe(boolean trustTestCertificate) throws Exception {
    List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable()));
    if (trustTestCertificate) {
      command.addAll(List.of("-Djavax.net.ssl.trustStore=" + keys.resolve("trust.p12"),
          "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12"));
    }
    command.addAll(List.of("-cp", deployable() + java.io.File.pathSeparator + Path.of("target", "test-classes"),
        TlsPublishProbe.class.getName(), "localhost:" + server.getPort(), trustTestCertificate ? "30" : "8"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe did not end");
    return new Probe(process.exitValue(), output);
  }

  private static Path deployable() throws IOException {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "*-deployable.jar")) {
      for (Path jar : jars) {
        return jar;
      }
    }
    throw new IllegalStateException("no deployable JAR in target/: the integration tests run after package");
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), "keytool " + String.join(" ", arguments) + ": " + output);
  }

  /** Records what each call carried: the headers, and the TLS session it came over. */
  private static final class RecordCall implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
      String userAgent = headers.get(Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER));
      String authorization = headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
      return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
        @Override
        public void onMessage(Q message) {
          String data = message instanceof PublishRequest request && request.getMessagesCount() > 0
              ? request.getMessages(0).getData().toStringUtf8() : "";
          seen.add(new Seen(String.valueOf(userAgent), String.valueOf(authorization),
              session == null ? "plaintext" : session.getProtocol(), data));
          super.onMessage(message);
        }
      };
    }
  }

  /** Pub/Sub's Publisher service with its one method a publisher calls, answering with message ids. */
  private static ServerServiceDefinition fakePublisher() {
    MethodDescriptor<PublishRequest, PublishResponse> publish = MethodDescriptor.<PublishRequest, PublishResponse>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("google.pubsub.v1.Publisher/Publish")
        .setRequestMarshaller(ProtoUtils.marshaller(PublishRequest.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(PublishResponse.getDefaultInstance()))
        .build();
    return ServerServiceDefinition.builder("google.pubsub.v1.Publisher")
        .addMethod(publish, ServerCalls.asyncUnaryCall((PublishRequest request, StreamObserver<PublishResponse> response) -> {
          PublishResponse.Builder ids = PublishResponse.newBuilder();
          for (int i = 1; i <= request.getMessagesCount(); i++) {
            ids.addMessageIds("message-" + i);
          }
          response.onNext(ids.build());
          response.onCompleted();
        }))
        .build();
  }
}
