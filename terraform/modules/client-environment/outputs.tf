output "project_id" {
  description = "The client project."
  value       = google_project.client.project_id
}

output "project_number" {
  description = "Number of the client project."
  value       = google_project.client.number
}

output "cluster" {
  description = "The client's GKE cluster: name, location, and whether it is Autopilot."
  value = {
    name      = google_container_cluster.client.name
    location  = google_container_cluster.client.location
    autopilot = local.autopilot
  }
}

output "deploy_trigger_id" {
  description = "Id of the deploy trigger client-deployer runs."
  value       = google_cloudbuild_trigger.deploy.trigger_id
}

output "deploy_trigger_name" {
  description = "Full resource name of the deploy trigger: regional for a deployment repo on a 2nd-gen connection."
  value       = "projects/${local.project}/locations/${local.deploy_trigger_location}/triggers/${google_cloudbuild_trigger.deploy.trigger_id}"
}

output "deploy_repository" {
  description = "The Cloud Build 2nd-gen repository of the deployment repo (GitLab, or GitHub with the hub's credentials); null for a 1st-gen connection."
  value       = local.deploy_repository
}

output "deploy_build_service_account" {
  description = "Email of the deploy builds' service account (give it access to anything else the deployment repo needs)."
  value       = google_service_account.deploy_build.email
}

output "client_deployer_url" {
  description = "URL of client-deployer (push endpoint of the subscriptions)."
  value       = module.client_deployer.uri
}

output "subscriptions" {
  description = "The client's subscriptions to the hub topics and their filters."
  value = {
    releases         = { name = google_pubsub_subscription.releases.id, filter = google_pubsub_subscription.releases.filter }
    release_commands = { name = google_pubsub_subscription.release_commands.id, filter = google_pubsub_subscription.release_commands.filter }
  }
}
