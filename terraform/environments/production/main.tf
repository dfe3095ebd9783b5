# Production: one hub, and one client environment per clients/<id>.yaml (the sample clients only with
# create_sample_clients). Onboarding a client is: add its file, terraform apply (terraform/README.md).

locals {
  repo_root     = "${path.root}/../../.."
  clients_dir   = "${local.repo_root}/clients"
  functions_dir = "${local.repo_root}/functions"

  # The same files client-deployer decides with; the Java loader (ClientDefinitions) checks them
  # in terraform-checks, and requires each file to be named for its id.
  client_files = { for f in fileset(local.clients_dir, "*.yaml") : trimsuffix(f, ".yaml") => yamldecode(file(format("%s/%s", local.clients_dir, f))) }

  # The three files the repository ships are samples (the local stack and the demo run them, with
  # their made-up project ids): an apply creates them only when asked to.
  sample_clients = ["acme", "essence", "northwind"]
  clients        = { for id, client in local.client_files : id => client if var.create_sample_clients || !contains(local.sample_clients, id) }

  # Each client's deployment repo host, from its file: github.com, or the host of deploy_gitlab.
  deploy_hosts = { for id, client in local.clients : id => lower(regex("^https://([^/]+)/", client.deploy.repo)[0]) }
  gitlab_host  = var.deploy_gitlab == null ? null : lower(trimprefix(var.deploy_gitlab.host_uri, "https://"))
  deploy_repo_types = {
    for id, host in local.deploy_hosts : id => (
      contains(keys(var.client_gitlab), id) || host == local.gitlab_host ? "GITLAB" : "GITHUB"
    )
  }

  # The GitLab deployment repos Terraform creates (create_deploy_repos): [GROUP, NAME] of each deploy.repo
  # on the host of deploy_gitlab, the host the gitlab provider is configured for.
  gitlab_deploy_repos = {
    for id, client in local.clients : id => regex("^https://[^/]+/(.+)/([^/]+?)(?:\\.git)?/?$", client.deploy.repo)
    if var.create_deploy_repos && local.deploy_repo_types[id] == "GITLAB" && local.deploy_hosts[id] == local.gitlab_host
  }

  # [OWNER, NAME] of each GitHub client's deploy.repo (null when it is no github.com repository URL).
  github_repo_paths = {
    for id, client in local.clients : id => try(regex("^https://github\\.com/([^/]+)/([^/]+?)(?:\\.git)?/?$", client.deploy.repo), null)
    if local.deploy_repo_types[id] == "GITHUB"
  }
  # The GitHub deployment repos Terraform creates (create_deploy_repos): only under github_owner, the
  # owner the github provider creates in; any other is reported by a check and left alone.
  github_deploy_repos = {
    for id, path in local.github_repo_paths : id => path
    if var.create_deploy_repos && path != null && lower(try(path[0], "")) == lower(coalesce(var.github_owner, "-"))
  }

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
  deploy_github      = var.deploy_github
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

  # GitLab: a client listed in client_gitlab (its own tokens), or whose deploy.repo is on the host of
  # deploy_gitlab (the hub's tokens); GitHub otherwise, through a connection made from deploy_github.
  deploy_repo_type = local.deploy_repo_types[each.key]
  deploy_gitlab    = local.deploy_repo_types[each.key] == "GITLAB" ? lookup(var.client_gitlab, each.key, var.deploy_gitlab) : null

  # Cloud Build links the repository when the connection is made: it must exist by then.
  depends_on = [module.deploy_repo, module.gitlab_deploy_repo]
}

# The client's deployment repository on github.com, from terraform/examples/client-repo, when
# create_deploy_repos is set (the github provider's owner is github_owner).
module "deploy_repo" {
  source   = "../../modules/github-deploy-repo"
  for_each = local.github_deploy_repos

  name         = each.value[1]
  branch       = "main"
  template_dir = "${path.root}/../../examples/client-repo"

  # An app installed on selected repositories only must be given each new one.
  app_installation_id = var.deploy_github_selected_repositories ? try(var.deploy_github.app_installation_id, null) : null
}

# The client's deployment repository on GitLab, from terraform/examples/client-repo, when
# create_deploy_repos is set and its deploy.repo is on the host of deploy_gitlab (token: GITLAB_TOKEN).
module "gitlab_deploy_repo" {
  source   = "../../modules/gitlab-deploy-repo"
  for_each = local.gitlab_deploy_repos

  namespace    = each.value[0]
  name         = each.value[1]
  branch       = "main"
  template_dir = "${path.root}/../../examples/client-repo"
}

check "deploy_repos_belong_to_github_owner" {
  assert {
    condition     = !var.create_deploy_repos || alltrue([for id, path in local.github_repo_paths : contains(keys(local.github_deploy_repos), id)])
    error_message = "create_deploy_repos creates repositories under github_owner only (https://github.com/<github_owner>/NAME); these clients' deploy.repo is not one, so no repository is created for them: ${join(", ", [for id, path in local.github_repo_paths : id if !contains(keys(local.github_deploy_repos), id)])}."
  }
}

check "deploy_repos_on_github_or_gitlab" {
  assert {
    condition     = alltrue([for id, host in local.deploy_hosts : host == "github.com" || local.deploy_repo_types[id] == "GITLAB"])
    error_message = "A client's deploy.repo must be on github.com, or on GitLab with deploy_gitlab or a client_gitlab entry: ${join(", ", [for id, host in local.deploy_hosts : "${id} (${host})" if host != "github.com" && local.deploy_repo_types[id] != "GITLAB"])}."
  }
}

check "github_clients_have_a_connection" {
  assert {
    condition     = var.deploy_github != null || alltrue([for id, type in local.deploy_repo_types : type != "GITHUB"])
    error_message = "Without deploy_github, these clients' GitHub deployment repos need a 1st-gen connection made in the Console of their project: ${join(", ", [for id, type in local.deploy_repo_types : id if type == "GITHUB"])}."
  }
}

check "client_gitlab_names_clients" {
  assert {
    condition     = length(setsubtract(keys(var.client_gitlab), keys(local.client_files))) == 0
    error_message = "client_gitlab has entries for clients without a clients/<id>.yaml: ${join(", ", setsubtract(keys(var.client_gitlab), keys(local.client_files)))}."
  }
}

check "client_files_named_for_their_id" {
  assert {
    condition     = alltrue([for name, client in local.client_files : client.id == name])
    error_message = "Every clients/<id>.yaml must hold the client whose id is <id>."
  }
}
