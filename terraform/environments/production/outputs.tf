output "push_webhook_url" {
  description = "Register this URL as the monorepo's push webhook (GitLab: secret token; GitHub: secret, application/json)."
  value       = module.hub.push_webhook_url
}

output "release_status_url" {
  description = "The release-status API and dashboard."
  value       = module.hub.release_status_url
}

output "command_gateway_url" {
  description = "The command gateway: relay approve --hub-project HUB --gateway URL (or RELAY_COMMAND_GATEWAY_URL)."
  value       = module.hub.command_gateway_url
}

output "image_repository" {
  description = "Where the monorepo build pushes images (_IMAGE_BASE)."
  value       = module.hub.image_repository
}

output "github_token_secret_id" {
  description = "Secret Manager secret that must hold the GitHub token every client's Cloud Build GitHub connection is made from; null without deploy_github."
  value       = module.hub.github_token_secret_id
}

output "webhook_secret_id" {
  description = "Secret Manager secret that must hold the webhook secret's value."
  value       = module.hub.webhook_secret_id
}

output "clients" {
  description = "Per client: its project, cluster, deploy trigger, deploy repository (2nd gen) and deploy build service account."
  value = {
    for id, env in module.client : id => {
      project              = env.project_id
      region               = local.clients[id].gcp.region
      cluster              = env.cluster
      deploy_trigger_id    = env.deploy_trigger_id
      deploy_repository    = env.deploy_repository
      deploy_build_account = env.deploy_build_service_account
      subscriptions        = env.subscriptions
    }
  }
}
