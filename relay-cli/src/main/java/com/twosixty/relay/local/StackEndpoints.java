package com.twosixty.relay.local;

import com.twosixty.relay.client.ClientDefinitions;
import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.config.Setting;
import com.twosixty.relay.push.MonorepoLayout;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a local stack's parts listen, and the environment each function gets from it: exactly the
 * settings its {@link com.twosixty.relay.config.RelayFunction} entry lists, plus the emulator hosts
 * the Google clients honour, as Terraform would set them on GCP.
 */
public record StackEndpoints(String hubProject, String pubsubEmulatorHost, String firestoreEmulatorHost,
    String cloudBuildEndpoint, String containerEndpoint, String webhookSecret, MonorepoLayout layout,
    CommandAccess commandAccess) {

  /**
   * How commands reach the stack: the command gateway's URL (also its tokens' audience), the local
   * issuer that stands in for Google's, every client file as one JSON array (RELAY_CLIENTS, which the
   * functions get compressed as Terraform sets it), and per
   * client the {@code host:port} of the metadata stand-in that gives its deploy-reporter an ID token
   * as its service account ({@code GCE_METADATA_HOST}).
   */
  public record CommandAccess(String gatewayUrl, String tokenIssuer, String tokenCertsUrl, String clientsJson,
      Map<String, String> metadataHosts) {
    public static final CommandAccess NONE = new CommandAccess("", "", "", "", Map.of());

    public CommandAccess {
      metadataHosts = Map.copyOf(metadataHosts);
    }
  }

  /** @param clientJson the client definition as JSON, for client functions; ignored by hub ones */
  public Map<String, String> environment(FunctionDeployment deployment, String clientJson) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    values.put(Setting.RELAY_HUB_PROJECT, hubProject);
    values.put(Setting.RELAY_RELEASES_TOPIC, Topology.RELEASES);
    values.put(Setting.RELAY_RELEASE_COMMANDS_TOPIC, Topology.RELEASE_COMMANDS);
    values.put(Setting.RELAY_DEPLOYMENTS_TOPIC, Topology.DEPLOYMENTS);
    values.put(Setting.RELAY_MONOREPO_TRIGGER, Topology.MONOREPO_TRIGGER);
    values.put(Setting.RELAY_MONOREPO_REPOSITORY, LocalMonorepo.REPOSITORY);
    values.put(Setting.RELAY_CLOUDBUILD_ENDPOINT, cloudBuildEndpoint);
    values.put(Setting.RELAY_CONTAINER_ENDPOINT, containerEndpoint);
    values.put(Setting.RELAY_WEBHOOK_SECRET, webhookSecret);
    values.put(Setting.RELAY_SERVICES, layout.servicesSetting());
    values.put(Setting.RELAY_SHARED_PATHS, layout.sharedPathsSetting());
    // Compressed, as Terraform's base64gzip sets it (release-hub's clients_setting).
    values.put(Setting.RELAY_CLIENTS,
        commandAccess.clientsJson().isEmpty() ? "" : ClientDefinitions.encodeAll(commandAccess.clientsJson()));
    values.put(Setting.RELAY_TOKEN_ISSUER, commandAccess.tokenIssuer());
    values.put(Setting.RELAY_TOKEN_CERTS_URL, commandAccess.tokenCertsUrl());
    values.put(Setting.RELAY_TOKEN_AUDIENCES, commandAccess.gatewayUrl());
    values.put(Setting.RELAY_COMMAND_GATEWAY_URL, commandAccess.gatewayUrl());
    if (deployment.client().isPresent()) {
      values.put(Setting.RELAY_CLIENT, clientJson);
    }
    // The Cloud Build stand-in reports the monorepo's images under gcr.io/<hub project>/, as
    // Terraform sets the hub's repository (its _IMAGE_BASE) on GCP.
    values.put(Setting.RELAY_IMAGE_REPOSITORIES, imageRepository(hubProject));
    Map<String, String> environment = new LinkedHashMap<>();
    for (Setting setting : deployment.function().settings()) {
      String value = values.get(setting);
      if (value != null && !value.isEmpty()) {
        environment.put(setting.name(), value);
      }
    }
    environment.putAll(RelayFunction.RUNTIME_ENVIRONMENT);
    environment.put("PUBSUB_EMULATOR_HOST", pubsubEmulatorHost);
    environment.put("FIRESTORE_EMULATOR_HOST", firestoreEmulatorHost);
    String metadataHost = deployment.function() == RelayFunction.DEPLOY_REPORTER
        ? deployment.client().map(c -> commandAccess.metadataHosts().getOrDefault(c.id(), "")).orElse("") : "";
    if (!metadataHost.isEmpty()) {
      // Its service account's identity, as the metadata server gives it on Cloud Run.
      environment.put("GCE_METADATA_HOST", metadataHost);
    }
    return environment;
  }

  /** The hub's image repository on the local stack, as a prefix: {@code gcr.io/relay-local/}. */
  public static String imageRepository(String hubProject) {
    return "gcr.io/" + hubProject + "/";
  }
}
