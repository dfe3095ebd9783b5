package com.twosixty.relay.cli;

import com.twosixty.relay.local.StackInfo;
import java.io.PrintStream;

/** How the stack is shown to a person. */
final class Printing {
  private Printing() {}

  static void printStack(PrintStream out, StackInfo info) {
    out.println("Relay local stack (hub project " + info.hubProject() + ")");
    row(out, "dashboard", info.url("dashboard"));
    row(out, "push webhook", info.url("pushWebhook"));
    row(out, "release status API", info.url("releaseStatus").isEmpty() ? "" : info.url("releaseStatus") + "api/releases");
    row(out, "control (faults)", info.url("control"));
    row(out, "command gateway", info.url("commandGateway").isEmpty() ? "" : info.url("commandGateway") + "/commands");
    row(out, "token issuer (JWKS)", info.url("tokenCerts"));
    row(out, "Pub/Sub emulator", info.pubsubEmulatorHost());
    row(out, "Firestore emulator", info.firestoreEmulatorHost());
    row(out, "Cloud Build stand-in", info.cloudBuildEndpoint());
    row(out, "GKE stand-in", info.containerEndpoint());
    row(out, "logs", info.logs());
    out.println("functions:");
    info.functions().forEach((name, url) -> row(out, "  " + name, url + "  (pid " + info.pids().get(name) + ")"));
  }

  private static void row(PrintStream out, String label, String value) {
    out.printf("  %-22s %s%n", label, value.isEmpty() ? "(not in this build)" : value);
  }
}
