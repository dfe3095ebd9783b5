package com.twosixty.relay.testing;

import com.google.cloud.firestore.Firestore;
import com.twosixty.relay.firestore.FirestoreClients;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Firestore emulator for one test class ({@code @RegisterExtension static final}): started
 * before its first test with a client on it, emptied before each test (before the class's own
 * {@code @BeforeEach}), stopped after its last.
 */
public final class FirestoreEmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final String project;
  private final Function<String, Firestore> clientForHost;
  private FirestoreEmulator emulator;
  private Firestore firestore;

  /** With the client the functions build ({@link FirestoreClients}) on the emulator. */
  public FirestoreEmulatorExtension(String project) {
    this(project, host -> FirestoreClients.create(project, "(default)", host));
  }

  /** @param clientForHost the client to test with, given the emulator's host and port */
  public FirestoreEmulatorExtension(String project, Function<String, Firestore> clientForHost) {
    this.project = project;
    this.clientForHost = clientForHost;
  }

  public Firestore firestore() {
    return firestore;
  }

  /** The emulator's {@code host:port} (FIRESTORE_EMULATOR_HOST). */
  public String host() {
    return emulator.host();
  }

  /** Deletes every document, as before each test. */
  public void reset() {
    emulator.reset(project);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    emulator = FirestoreEmulator.start(Path.of("target", "processes"));
    firestore = clientForHost.apply(emulator.host());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      firestore.close();
    } finally {
      emulator.close();
    }
  }
}
