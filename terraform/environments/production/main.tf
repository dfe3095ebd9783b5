# Production: one hub, and one client environment per clients/<id>.yaml.
# Onboarding a client is: add its file, terraform apply.

locals {
  repo_root     = "${path.root}/../../.."
  clients_dir   = "${local.repo_root}/clients"
  functions_dir = "${local.repo_root}/functions"

  # The same files client-deployer decides with; the Java loader (ClientDefinitions) checks them
  # in terraform-checks, and requires each file to be named for its id.
  clients = { for f in fileset(local.clients_dir, "*.yaml") : trimsuffix(f, ".yaml") => yamldecode(file(format("%s/%s", local.clients_dir, f))) }

  default_function_archives = {
    "push-webhook"      = "${local.functions_dir}/push-webhook/target/push-webhook-function.zip"
    "release-publisher" = "${local.functions_dir}/release-publisher/target/release-publisher-function.zip"
    "release-status"    = "${local.functions_dir}/release-status/target/release-status-function.zip"
    "command-gateway"   = "${local.functions_dir}/command-gateway/target/command-gateway-function.zip"
    "release-rollout"   = "${local.functions_dir}/release-rollout/target/release-rollout-function.zip"
    "client-deployer"   = "${local.functions_dir}/client-deployer/target/client-deployer-function.zip"
    "deploy-reporter"   = "${local.functions_dir}/deploy-reporter/target/deploy-reporter-function.zip"
  }
}

module "hub" {
  source = "../../modules/release-hub"

  hub_project_id     = var.hub_project_id
  region             = var.region
  firestore_location = var.firestore_location
  monorepo_uri       = var.monorepo_uri
  monorepo_repo_type = var.monorepo_repo_type
  monorepo_gitlab    = var.monorepo_gitlab
  services           = var.services
  function_archives  = merge(local.default_function_archives, var.function_archives)
  status_invokers    = var.status_invokers
  clients            = local.clients
  command_invokers   = var.command_invokers
  command_publishers = var.command_publishers
  rollout            = var.rollout
  labels             = var.labels
}

module "client" {
  source   = "../../modules/client-environment"
  for_each = local.clients

  client          = each.value
  folder_id       = var.folder_id
  billing_account = var.billing_account
  labels          = var.labels

  hub                              = module.hub.client_inputs
  deletion_protection              = var.cluster_deletion_protection
  binary_authorization_enforcement = var.binary_authorization_enforcement

  # A client listed in client_gitlab has its deployment repo on GitLab.
  deploy_repo_type = contains(keys(var.client_gitlab), each.key) ? "GITLAB" : "GITHUB"
  deploy_gitlab    = lookup(var.client_gitlab, each.key, null)
}

check "client_gitlab_names_clients" {
  assert {
    condition     = length(setsubtract(keys(var.client_gitlab), keys(local.clients))) == 0
    error_message = "client_gitlab has entries for clients without a clients/<id>.yaml: ${join(", ", setsubtract(keys(var.client_gitlab), keys(local.clients)))}."
  }
}

check "client_files_named_for_their_id" {
  assert {
    condition     = alltrue([for name, client in local.clients : client.id == name])
    error_message = "Every clients/<id>.yaml must hold the client whose id is <id>."
  }
}
