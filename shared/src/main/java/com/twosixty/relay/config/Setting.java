package com.twosixty.relay.config;

/**
 * Every environment variable a Relay function reads: the one list that Terraform's checks compare
 * the deployed functions' environment against.
 */
public enum Setting {
  RELAY_HUB_PROJECT("", true, "The hub project: home of the releases, release-commands and deployments topics, the monorepo trigger and Firestore."),
  RELAY_RELEASES_TOPIC("releases", false, "Topic that carries relay.release/v1 (short name or full resource name)."),
  RELAY_RELEASE_COMMANDS_TOPIC("release-commands", false, "Topic that carries relay.command/v1."),
  RELAY_DEPLOYMENTS_TOPIC("deployments", false, "Topic that carries relay.deployment/v1."),
  RELAY_MONOREPO_TRIGGER("", true, "Id or name of the monorepo Cloud Build trigger; builds of other triggers are ignored."),
  RELAY_RELEASE_BRANCHES("^(main|master)$", false, "Branches whose builds become stable releases (regular expression)."),
  RELAY_HOTFIX_BRANCHES("^hotfix/.+$", false, "Branches whose builds become hotfix releases (regular expression)."),
  RELAY_CLIENT("", true, "The client definition (clients/<id>.yaml) as JSON."),
  RELAY_IMAGE_REPOSITORIES("", true, "Image repository prefixes a client may deploy from, comma-separated: the hub's repository (the monorepo build's _IMAGE_BASE followed by '/'); a client file's images.allow adds its own."),
  RELAY_CLOUDBUILD_ENDPOINT("", false, "host:port of a plaintext Cloud Build API (the local stand-in); empty = Google's."),
  RELAY_CONTAINER_ENDPOINT("", false, "host:port of a plaintext GKE API (the local stand-in); empty = Google's."),
  RELAY_FIRESTORE_DATABASE("(default)", false, "Firestore database id in the hub project."),
  RELAY_MAX_EVENT_AGE("PT24H", false, "Events older than this ISO-8601 duration are dropped with a log line."),
  RELAY_WEBHOOK_SECRET("", true, "GitLab token / GitHub HMAC secret for push webhooks."),
  RELAY_WEBHOOK_MAX_BYTES("5242880", false, "Largest webhook body accepted, in bytes."),
  RELAY_SERVICES("", true, "Monorepo services and their folders: billing=billing/,portal=portal/."),
  RELAY_MONOREPO_REPOSITORY("", true, "The monorepo as pushes name it: GitLab's project path_with_namespace / GitHub's repository full_name, such as twosixty/relay-monorepo (any case); pushes from other repositories build nothing."),
  RELAY_SHARED_PATHS("", false, "Paths whose change affects every service: shared/,pom.xml,cloudbuild.yaml."),
  RELAY_CLIENTS("", true, "Every client definition (clients/*.yaml) as one JSON array, gzip-compressed and Base64-encoded as Terraform's base64gzip writes it (a plain JSON array is read too): who may send which command to which client (command-gateway), and every client's policy (release-status)."),
  RELAY_TOKEN_ISSUER("https://accounts.google.com", false, "The iss every identity token must carry."),
  RELAY_TOKEN_CERTS_URL("https://www.googleapis.com/oauth2/v3/certs", false, "Where the issuer publishes its signing keys (JWKS)."),
  RELAY_TOKEN_AUDIENCES("", true, "Accepted aud values of identity tokens, comma-separated: the command gateway's URL, and the OAuth client ids of the tools people sign in with (README)."),
  RELAY_ROLLOUT("", false, "Progressive delivery (README: Waves): each wave's soak time, what halts a rollout, whether hotfixes skip soak and frozen clients hold the next wave, as JSON; empty = one wave, every client at once."),
  RELAY_COMMAND_GATEWAY_URL("", true, "The command gateway's URL (also the audience of the ID token a function sends it).");

  private final String defaultValue;
  private final boolean required;
  private final String description;

  Setting(String defaultValue, boolean required, String description) {
    this.defaultValue = defaultValue;
    this.required = required;
    this.description = description;
  }

  /** A function that reads it cannot work without a value (deployments must set it). */
  public boolean required() {
    return required;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
