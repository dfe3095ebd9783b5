package com.twosixty.relay.firestore;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;

/** Builds the Firestore client, pointed at the emulator when FIRESTORE_EMULATOR_HOST is set. */
public final class FirestoreClients {
  private FirestoreClients() {}

  public static Firestore create(String project, String database, String emulatorHost) {
    FirestoreOptions.Builder options = FirestoreOptions.newBuilder().setProjectId(project).setDatabaseId(database);
    if (emulatorHost != null && !emulatorHost.isEmpty()) {
      options.setEmulatorHost(emulatorHost);
    }
    return options.build().getService();
  }
}
