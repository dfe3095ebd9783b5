package com.twosixty.relay.config;

/**
 * Every environment variable a Relay function reads: the one list that Terraform's checks compare
 * the deployed functions' environment against.
 */
public enum Setting {
  RELAY_PROJECT("", "The hub project: home of the releases, release-commands and deployments topics, the monorepo trigger and Firestore."),
  RELAY_RELEASES_TOPIC("releases", "Topic that carries relay.release/v1 (short name or full resource name)."),
  RELAY_COMMANDS_TOPIC("release-commands", "Topic that carries relay.command/v1."),
  RELAY_DEPLOYMENTS_TOPIC("deployments", "Topic that carries relay.deployment/v1."),
  RELAY_MONOREPO_TRIGGER("", "Id or name of the monorepo Cloud Build trigger; builds of other triggers are ignored."),
  RELAY_RELEASE_BRANCHES("^(main|master)$", "Branches whose builds become stable releases (regular expression)."),
  RELAY_HOTFIX_BRANCHES("^hotfix/.+$", "Branches whose builds become hotfix releases (regular expression)."),
  RELAY_CLIENT("", "The client definition (clients/<id>.yaml) as JSON."),
  RELAY_CLOUDBUILD_ENDPOINT("", "host:port of a plaintext Cloud Build API (the local stand-in); empty = Google's."),
  RELAY_CONTAINER_ENDPOINT("", "host:port of a plaintext GKE API (the local stand-in); empty = Google's."),
  RELAY_FIRESTORE_DATABASE("(default)", "Firestore database id in the hub project."),
  RELAY_MAX_EVENT_AGE("PT24H", "Events older than this ISO-8601 duration are dropped with a log line."),
  RELAY_WEBHOOK_SECRET("", "GitLab token / GitHub HMAC secret for push webhooks."),
  RELAY_WEBHOOK_MAX_BYTES("5242880", "Largest webhook body accepted, in bytes."),
  RELAY_SERVICES("", "Monorepo services and their folders: billing=billing/,portal=portal/."),
  RELAY_SHARED_PATHS("", "Paths whose change affects every service: shared/,pom.xml,cloudbuild.yaml.");

  private final String defaultValue;
  private final String description;

  Setting(String defaultValue, String description) {
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
