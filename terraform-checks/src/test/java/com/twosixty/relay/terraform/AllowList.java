package com.twosixty.relay.terraform;

import com.twosixty.relay.config.RelayFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The roles each principal may hold, hub and client environment alike. A new grant in Terraform
 * fails terraform-checks until it is added here, in review, with the reason.
 */
final class AllowList {
  private AllowList() {}

  static Map<String, Set<String>> roles() {
    Map<String, Set<String>> roles = new LinkedHashMap<>();
    // Runs the monorepo trigger as the monorepo build account, reads its secret, dedups in Firestore.
    roles.put(RelayFunction.PUSH_WEBHOOK.functionName(), Set.of(
        "roles/cloudbuild.builds.editor", "roles/iam.serviceAccountUser",
        "roles/secretmanager.secretAccessor", "roles/datastore.user"));
    // Publishes releases; is the identity of its own Eventarc trigger.
    roles.put(RelayFunction.RELEASE_PUBLISHER.functionName(), Set.of(
        "roles/pubsub.publisher", "roles/eventarc.eventReceiver", "roles/run.invoker"));
    // Reads Firestore only.
    roles.put(RelayFunction.RELEASE_STATUS.functionName(), Set.of("roles/datastore.viewer"));
    // Checks the cluster, runs the deploy trigger as the deploy build account, writes the hub's
    // Firestore, publishes deployments.
    roles.put(RelayFunction.CLIENT_DEPLOYER.functionName(), Set.of(
        "roles/container.clusterViewer", "roles/cloudbuild.builds.editor", "roles/iam.serviceAccountUser",
        "roles/datastore.user", "roles/pubsub.publisher"));
    // Its own Eventarc trigger's identity; writes the hub's Firestore; publishes deployments; calls
    // the command gateway for rollbacks (run.invoker; it publishes no command itself).
    roles.put(RelayFunction.DEPLOY_REPORTER.functionName(), Set.of(
        "roles/eventarc.eventReceiver", "roles/run.invoker", "roles/datastore.user", "roles/pubsub.publisher"));
    // Publishes the commands it has verified and authorised on release-commands.
    roles.put(RelayFunction.COMMAND_GATEWAY.functionName(), Set.of("roles/pubsub.publisher"));
    // Reads deployments and releases, writes rollouts/; publishes its wake-ups on release-commands
    // (each re-checked by client-deployer against rollouts/) and its HALTED event on deployments.
    roles.put(RelayFunction.RELEASE_ROLLOUT.functionName(), Set.of("roles/datastore.user", "roles/pubsub.publisher"));
    // The hub's push subscriptions to release-rollout sign their calls as it.
    roles.put("google_service_account.rollout_push", Set.of("roles/run.invoker"));
    // Tool accounts listed in release-hub's command_publishers: publish on release-commands only
    // (TerraformChecks.commandPublishers).
    roles.put("\"serviceAccount:${each.value}\"", Set.of("roles/pubsub.publisher"));

    roles.put("google_service_account.monorepo_build", Set.of("roles/artifactregistry.writer", "roles/logging.logWriter"));
    roles.put("google_service_account.function_build", Set.of(
        "roles/storage.objectViewer", "roles/artifactregistry.writer", "roles/logging.logWriter"));
    roles.put("google_service_account.deploy_build", Set.of(
        "roles/container.developer", "roles/logging.logWriter", "roles/artifactregistry.reader"));
    roles.put("google_service_account.push_invoker", Set.of("roles/run.invoker"));
    roles.put("google_service_account.gke_nodes", Set.of(
        "roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"));

    // GitLab/GitHub call push-webhook unauthenticated; it verifies them itself.
    roles.put("allUsers", Set.of("roles/run.invoker"));
    // release-status readers named in status_invokers.
    roles.put("each.value", Set.of("roles/run.invoker"));
    // The client project's Pub/Sub service agent, for dead-lettering.
    roles.put("local.pubsub_service_agent", Set.of("roles/pubsub.publisher", "roles/pubsub.subscriber"));
    // The client project's Binary Authorization service agent verifies the hub's built-by-cloud-build
    // attestations: the attestor's verifier role, and reading the attestations (occurrences) in the hub.
    roles.put("local.binary_authorization_service_agent", Set.of(
        "roles/binaryauthorization.attestorsVerifier", "roles/containeranalysis.notes.occurrences.viewer"));
    // Cloud Build's service agent (hub or client project) reads the GitLab connection's token and
    // webhook secret versions, and only those (one grant per secret, in modules/gitlab-repository).
    roles.put("service-agent:cloudbuild", Set.of("roles/secretmanager.secretAccessor"));
    // The hub's Pub/Sub service agent writes the optional BigQuery export (release-hub's
    // deployments_bigquery): granted on the two tables only, not the dataset or project.
    // It also dead-letters release-rollout's push subscriptions (rollout.tf): publisher on the
    // dead-letter topics, subscriber on those subscriptions.
    roles.put("service-agent:pubsub", Set.of("roles/bigquery.dataEditor", "roles/pubsub.publisher", "roles/pubsub.subscriber"));
    return roles;
  }
}
