package com.twosixty.relay.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Google Cloud CLI's Firestore emulator (native mode) as a child process. */
public final class FirestoreEmulator implements AutoCloseable {
  private final ChildProcess process;

  private FirestoreEmulator(ChildProcess process) {
    this.process = process;
  }

  public static FirestoreEmulator start(Path logDirectory) {
    return startOn(ChildProcess.freePort(), logDirectory);
  }

  /** Starts on a given port: a restart after {@link #kill()} keeps the address clients know. */
  public static FirestoreEmulator startOn(int port, Path logDirectory) {
    List<String> command = List.of(ChildProcess.javaExecutable(), "-Xmx512m", "-Duser.language=en",
        "-cp", CloudSdk.firestoreEmulatorJar().toString(),
        "com.google.cloud.datastore.emulator.firestore.CloudFirestore", "--host=127.0.0.1", "--port=" + port);
    return new FirestoreEmulator(ChildProcess.start("firestore-emulator", command, Map.of(), port, logDirectory,
        Duration.ofSeconds(60)));
  }

  /** The value for FIRESTORE_EMULATOR_HOST. */
  public String host() {
    return "127.0.0.1:" + process.port();
  }

  public int port() {
    return process.port();
  }

  public ChildProcess process() {
    return process;
  }

  /** Deletes every document of a project's default database. */
  public void reset(String project) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host() + "/emulator/v1/projects/" + project
            + "/databases/(default)/documents"))
        .DELETE().build();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("Firestore emulator reset answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("Firestore emulator reset failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}
