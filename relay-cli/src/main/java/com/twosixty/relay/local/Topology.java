package com.twosixty.relay.local;

import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinition.ChannelPolicy;
import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.config.RelayFunction.Delivery;
import com.twosixty.relay.config.RelayFunction.Feed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Terraform provisions for a hub and its clients, as the local stack reproduces it on the
 * emulator: the same topic, schema and subscription names, filters and dead-letter topics (see
 * terraform/modules). Which topics feed which function, and how, is {@link RelayFunction}'s wiring,
 * the description terraform-checks hold Terraform to: push subscriptions dead-letter after
 * {@link RelayFunction#MAX_DELIVERY_ATTEMPTS}; Eventarc's own subscriptions (release-publisher,
 * deploy-reporter), named {@code eventarc-<function>} here, have no dead-letter policy, as on GCP.
 */
public record Topology(String hubProject, List<ClientDefinition> clients) {
  public static final String RELEASES = "releases";
  public static final String RELEASE_COMMANDS = "release-commands";
  public static final String DEPLOYMENTS = "deployments";
  public static final String CLOUD_BUILDS = "cloud-builds";
  /** release-rollout's tick (README: Waves); Cloud Scheduler publishes it on GCP, the local stack's ticker here. */
  public static final String ROLLOUT_TICKS = "rollout-ticks";
  /** Terraform's default name of the monorepo trigger (release-hub's monorepo_trigger_name). */
  public static final String MONOREPO_TRIGGER = "relay-monorepo";

  public Topology {
    clients = List.copyOf(clients);
  }

  /** A topic and, for the two contract topics, the Avro schema (JSON encoding) bound to it. */
  public record TopicSpec(TopicName name, Optional<SchemaSpec> schema) {}

  public record SchemaSpec(String id, String resource) {}

  /** A subscription; {@code target} is the function it feeds, empty for a dead-letter inspection one. */
  public record SubscriptionSpec(SubscriptionName name, TopicName topic, String filter, Optional<TopicName> deadLetter,
      Optional<FunctionDeployment> target) {}

  public TopicName releases() {
    return TopicName.of(hubProject, RELEASES);
  }

  public TopicName commands() {
    return TopicName.of(hubProject, RELEASE_COMMANDS);
  }

  public TopicName deployments() {
    return TopicName.of(hubProject, DEPLOYMENTS);
  }

  public TopicName rolloutTicks() {
    return TopicName.of(hubProject, ROLLOUT_TICKS);
  }

  public TopicName cloudBuilds(String project) {
    return TopicName.of(project, CLOUD_BUILDS);
  }

  private static TopicName deadLetter(TopicName topic) {
    return TopicName.of(topic.getProject(), topic.getTopic() + "-dead-letter");
  }

  /** Every project with a cloud-builds topic: the hub's, then each client's. */
  public List<String> buildProjects() {
    List<String> projects = new ArrayList<>();
    projects.add(hubProject);
    clients.forEach(c -> projects.add(c.gcp().project()));
    return projects;
  }

  public List<FunctionDeployment> functions() {
    List<FunctionDeployment> functions = new ArrayList<>();
    functions.add(FunctionDeployment.hub(RelayFunction.PUSH_WEBHOOK));
    functions.add(FunctionDeployment.hub(RelayFunction.RELEASE_PUBLISHER));
    functions.add(FunctionDeployment.hub(RelayFunction.RELEASE_STATUS));
    functions.add(FunctionDeployment.hub(RelayFunction.COMMAND_GATEWAY));
    functions.add(FunctionDeployment.hub(RelayFunction.RELEASE_ROLLOUT));
    for (ClientDefinition client : clients) {
      functions.add(FunctionDeployment.forClient(RelayFunction.CLIENT_DEPLOYER, client));
      functions.add(FunctionDeployment.forClient(RelayFunction.DEPLOY_REPORTER, client));
    }
    return functions;
  }

  public List<TopicSpec> topics() {
    List<TopicSpec> topics = new ArrayList<>();
    topics.add(new TopicSpec(releases(), Optional.of(new SchemaSpec("relay.release.v1", "/schemas/relay.release.v1.avsc"))));
    topics.add(new TopicSpec(commands(), Optional.of(new SchemaSpec("relay.command.v1", "/schemas/relay.command.v1.avsc"))));
    topics.add(new TopicSpec(deployments(), Optional.empty()));
    topics.add(new TopicSpec(rolloutTicks(), Optional.empty()));
    for (TopicName withDeadLetter : List.of(releases(), commands(), deployments(), rolloutTicks())) {
      topics.add(new TopicSpec(deadLetter(withDeadLetter), Optional.empty()));
    }
    for (String project : buildProjects()) {
      topics.add(new TopicSpec(cloudBuilds(project), Optional.empty()));
    }
    return topics;
  }

  public List<SubscriptionSpec> subscriptions() {
    List<SubscriptionSpec> subscriptions = new ArrayList<>();
    for (FunctionDeployment function : functions()) {
      for (Feed feed : function.function().feeds()) {
        subscriptions.add(subscription(function, feed));
      }
    }
    // Dead letters are kept until someone looks: a topic without subscriptions would drop them.
    for (TopicSpec topic : topics()) {
      if (topic.name().getTopic().endsWith("-dead-letter")) {
        subscriptions.add(new SubscriptionSpec(SubscriptionName.of(topic.name().getProject(), topic.name().getTopic() + "-inspect"),
            topic.name(), "", Optional.empty(), Optional.empty()));
      }
    }
    return subscriptions;
  }

  /** The subscription through which {@code feed} reaches {@code function}, named and filtered as Terraform does. */
  private SubscriptionSpec subscription(FunctionDeployment function, Feed feed) {
    String project = function.client().map(c -> c.gcp().project()).orElse(hubProject);
    TopicName topic = switch (feed) {
      case RELEASES -> releases();
      case RELEASE_COMMANDS -> commands();
      case HUB_CLOUD_BUILDS -> cloudBuilds(hubProject);
      case CLIENT_CLOUD_BUILDS -> cloudBuilds(project);
      case DEPLOYMENTS -> deployments();
      case ROLLOUT_TICKS -> rolloutTicks();
    };
    if (function.function().delivery() == Delivery.EVENTARC) {
      return new SubscriptionSpec(SubscriptionName.of(project, "eventarc-" + function.function().functionName()), topic, "",
          Optional.empty(), Optional.of(function));
    }
    if (function.client().isEmpty()) {
      // The hub's own push subscriptions (release-rollout, terraform/modules/release-hub/rollout.tf).
      String filter = feed == Feed.RELEASE_COMMANDS ? "NOT attributes:client" : "";
      String shortName = feed == Feed.RELEASE_COMMANDS ? "commands" : feed == Feed.ROLLOUT_TICKS ? "ticks" : feed.topic();
      return new SubscriptionSpec(SubscriptionName.of(hubProject, "relay-rollout-" + shortName), topic, filter,
          Optional.of(deadLetter(topic)), Optional.of(function));
    }
    ClientDefinition client = function.client().get();
    String filter = switch (feed) {
      case RELEASES -> releaseFilter(client.channel());
      case RELEASE_COMMANDS -> "attributes.client = \"" + client.id() + "\"";
      default -> "";
    };
    String shortName = feed == Feed.RELEASE_COMMANDS ? "commands" : feed.topic();
    return new SubscriptionSpec(SubscriptionName.of(project, "relay-" + client.id() + "-" + shortName), topic, filter,
        Optional.of(deadLetter(topic)), Optional.of(function));
  }

  private static String releaseFilter(ChannelPolicy channel) {
    return channel == ChannelPolicy.BOTH
        ? "attributes.channel = \"stable\" OR attributes.channel = \"hotfix\""
        : "attributes.channel = \"" + channel.name().toLowerCase(java.util.Locale.ROOT) + "\"";
  }

  /** Short name → full resource name: the contract topics, {@code cloud-builds} (hub) and {@code cloud-builds/<client>}. */
  public Map<String, String> topicNames() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put(RELEASES, releases().toString());
    names.put(RELEASE_COMMANDS, commands().toString());
    names.put(DEPLOYMENTS, deployments().toString());
    names.put(CLOUD_BUILDS, cloudBuilds(hubProject).toString());
    clients.forEach(c -> names.put(CLOUD_BUILDS + "/" + c.id(), cloudBuilds(c.gcp().project()).toString()));
    return names;
  }
}
