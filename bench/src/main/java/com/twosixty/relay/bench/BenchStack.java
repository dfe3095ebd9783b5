package com.twosixty.relay.bench;

import com.google.cloud.firestore.Firestore;
import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.firestore.FirestoreClients;
import com.twosixty.relay.state.FirestoreStateStore;
import com.twosixty.relay.state.StateStore;
import com.twosixty.relay.testing.FakeGoogleApis;
import com.twosixty.relay.testing.FirestoreEmulator;
import com.twosixty.relay.testing.PubSubEmulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What the functions under measurement talk to: both emulators and the Cloud Build/GKE fakes. */
public final class BenchStack implements AutoCloseable {
  public static final String HUB = "relay-bench";

  final PubSubEmulator pubsub;
  final FirestoreEmulator firestore;
  final FakeGoogleApis google;
  final Path logs;
  private final Firestore firestoreClient;

  BenchStack(Path logs) {
    this.logs = logs;
    pubsub = PubSubEmulator.start(logs);
    firestore = FirestoreEmulator.start(logs);
    google = FakeGoogleApis.start();
    for (String topic : new String[] {"releases", "release-commands", "deployments", "cloud-builds"}) {
      pubsub.createTopic(HUB, topic);
    }
    firestoreClient = FirestoreClients.create(HUB, "(default)", firestore.host());
  }

  /** The state store, for workloads that need documents in place (as another function would write them). */
  StateStore state() {
    return new FirestoreStateStore(firestoreClient);
  }

  /** The environment every function gets; each reads the variables it knows. */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_HUB_PROJECT", HUB);
    env.put("PUBSUB_EMULATOR_HOST", pubsub.host());
    env.put("FIRESTORE_EMULATOR_HOST", firestore.host());
    env.put("RELAY_CLOUDBUILD_ENDPOINT", google.endpoint());
    env.put("RELAY_CONTAINER_ENDPOINT", google.endpoint());
    // As deployed, but for the JVM options: they go on the command line, where --jvm-option replaces them.
    env.putAll(RelayFunction.RUNTIME_ENVIRONMENT);
    env.remove(RelayFunction.JVM_OPTIONS_VARIABLE);
    return env;
  }

  @Override
  public void close() {
    try {
      firestoreClient.close();
    } catch (Exception e) {
      // closing anyway
    }
    google.close();
    firestore.close();
    pubsub.close();
  }
}
