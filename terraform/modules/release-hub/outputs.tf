output "hub_project_id" {
  description = "The hub project (RELAY_HUB_PROJECT of every function)."
  value       = var.hub_project_id
}

output "client_inputs" {
  description = "Everything a client environment takes from the hub, as client-environment's `hub` input: the hub project, topic names, dead-letter topics, Firestore database, image repository and function sources."
  value = {
    hub_project_id                        = var.hub_project_id
    releases_topic                        = google_pubsub_topic.releases.name
    release_commands_topic                = google_pubsub_topic.release_commands.name
    deployments_topic                     = google_pubsub_topic.deployments.name
    releases_dead_letter_topic_id         = google_pubsub_topic.releases_dead_letter.id
    release_commands_dead_letter_topic_id = google_pubsub_topic.release_commands_dead_letter.id
    firestore_database                    = google_firestore_database.relay.name
    image_repository                      = local.image_base
    image_repository_location             = google_artifact_registry_repository.images.location
    image_repository_name                 = google_artifact_registry_repository.images.name
    function_source_bucket                = google_storage_bucket.function_sources.name
    client_deployer_source                = google_storage_bucket_object.function_source["client-deployer"].name
    deploy_reporter_source                = google_storage_bucket_object.function_source["deploy-reporter"].name
    region                                = var.region
    command_gateway_name                  = module.command_gateway.name
    command_gateway_url                   = local.command_gateway_url
    rollout                               = local.rollout
    github_connection = var.deploy_github == null ? null : {
      app_installation_id        = var.deploy_github.app_installation_id
      oauth_token_secret_version = "${google_secret_manager_secret.github_token[0].id}/versions/${var.deploy_github.token_secret_version}"
    }
  }
}

output "releases_topic" {
  description = "Short name of the releases topic (RELAY_RELEASES_TOPIC)."
  value       = google_pubsub_topic.releases.name
}

output "releases_topic_id" {
  description = "Full resource name of the releases topic, for subscriptions in other projects."
  value       = google_pubsub_topic.releases.id
}

output "release_commands_topic" {
  description = "Short name of the release-commands topic (RELAY_RELEASE_COMMANDS_TOPIC)."
  value       = google_pubsub_topic.release_commands.name
}

output "release_commands_topic_id" {
  description = "Full resource name of the release-commands topic."
  value       = google_pubsub_topic.release_commands.id
}

output "deployments_topic" {
  description = "Short name of the deployments topic (RELAY_DEPLOYMENTS_TOPIC)."
  value       = google_pubsub_topic.deployments.name
}

output "deployments_topic_id" {
  description = "Full resource name of the deployments topic."
  value       = google_pubsub_topic.deployments.id
}

output "dead_letter_topic_ids" {
  description = "Full resource names of the dead-letter topics, keyed releases, release_commands and deployments."
  value = {
    releases         = google_pubsub_topic.releases_dead_letter.id
    release_commands = google_pubsub_topic.release_commands_dead_letter.id
    deployments      = google_pubsub_topic.deployments_dead_letter.id
  }
}

output "firestore_database" {
  description = "Firestore database id (RELAY_FIRESTORE_DATABASE)."
  value       = google_firestore_database.relay.name
}

output "image_repository" {
  description = "Docker path prefix of the image repository, such as europe-west2-docker.pkg.dev/hub/relay (the monorepo build's _IMAGE_BASE)."
  value       = local.image_base
}

output "image_repository_location" {
  description = "Location of the image repository, for repository-level IAM."
  value       = google_artifact_registry_repository.images.location
}

output "image_repository_name" {
  description = "Repository id of the image repository, for repository-level IAM."
  value       = google_artifact_registry_repository.images.name
}

output "function_source_bucket" {
  description = "Bucket that holds the function source archives."
  value       = google_storage_bucket.function_sources.name
}

output "function_source_objects" {
  description = "Object name of each function's source archive in function_source_bucket, keyed by function name."
  value       = { for name, object in google_storage_bucket_object.function_source : name => object.name }
}

output "monorepo_trigger_id" {
  description = "Id of the monorepo Cloud Build trigger (RELAY_MONOREPO_TRIGGER)."
  value       = google_cloudbuild_trigger.monorepo.trigger_id
}

output "monorepo_trigger_name" {
  description = "Full resource name of the monorepo trigger (push-webhook's RELAY_MONOREPO_TRIGGER): regional for a GitLab monorepo."
  value       = local.monorepo_trigger_name
}

output "monorepo_repository" {
  description = "The Cloud Build 2nd-gen repository of a GitLab monorepo (projects/P/locations/R/connections/C/repositories/N); null for other hosts."
  value       = local.monorepo_gitlab ? module.monorepo_gitlab[0].repository_id : null
}

output "push_webhook_url" {
  description = "URL to register as the monorepo's push webhook in GitLab or GitHub."
  value       = module.push_webhook.uri
}

output "release_status_url" {
  description = "URL of the release-status API and dashboard."
  value       = module.release_status.uri
}

output "github_token_secret_id" {
  description = "Secret Manager secret that must hold the GitHub token of every client's Cloud Build GitHub connection; null without deploy_github."
  value       = var.deploy_github == null ? null : google_secret_manager_secret.github_token[0].id
}

output "webhook_secret_id" {
  description = "Secret Manager secret to add the webhook secret's value to."
  value       = google_secret_manager_secret.webhook.id
}

output "command_gateway_url" {
  description = "URL of the command gateway: relay approve's --gateway (or RELAY_COMMAND_GATEWAY_URL) and the audience of its ID tokens."
  value       = local.command_gateway_url
}
