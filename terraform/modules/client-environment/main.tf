# One client environment, from one clients/<id>.yaml: its project, cluster, deploy trigger and the
# two client functions, wired to the hub by filtered subscriptions and cross-project IAM.

locals {
  project   = google_project.client.project_id
  region    = var.client.gcp.region
  autopilot = var.client.cluster.autopilot

  labels = merge(var.labels, { "relay-client" = var.client.id, "managed-by" = "terraform", "app" = "relay" })

  # client-deployer gets the releases of its channel(s) and the commands addressed to it.
  release_filter          = var.client.channel == "both" ? "attributes.channel = \"stable\" OR attributes.channel = \"hotfix\"" : format("attributes.channel = \"%s\"", var.client.channel)
  release_commands_filter = format("attributes.client = \"%s\"", var.client.id)

  hub_topic_prefix = "projects/${var.hub.hub_project_id}/topics"

  # A GitLab deployment repo is reached through a Cloud Build 2nd-gen connection in the client
  # project (below); GitHub and the others through the 1st-gen uri + repo_type. The provider's
  # repo_type has no GITLAB (6.x takes UNKNOWN, CLOUD_SOURCE_REPOSITORIES, GITHUB, BITBUCKET_SERVER):
  # with a 2nd-gen repository Cloud Build knows the host from the connection, and gcloud sends no
  # repo type at all (= UNKNOWN).
  deploy_gitlab = var.deploy_repo_type == "GITLAB"
  # A GitHub deployment repo goes through a 2nd-gen connection too when the hub holds the GitHub
  # credentials (release-hub's deploy_github): this module then makes the connection itself, and
  # onboarding the client needs no Console step. Without them, a 1st-gen connection made in the
  # Console (uri + repo_type).
  deploy_github = var.deploy_repo_type == "GITHUB" && var.hub.github_connection != null
  # The repository of a 2nd-gen connection, null for a 1st-gen one.
  deploy_repository = local.deploy_gitlab ? module.deploy_gitlab[0].repository_id : (local.deploy_github ? module.deploy_github[0].repository_id : null)
  repo_types = {
    GITHUB                    = "GITHUB"
    GITLAB                    = "UNKNOWN"
    BITBUCKET_SERVER          = "BITBUCKET_SERVER"
    CLOUD_SOURCE_REPOSITORIES = "CLOUD_SOURCE_REPOSITORIES"
  }
  # 2nd-gen connections are regional, and a trigger on one of their repositories lives in its region.
  deploy_second_gen       = local.deploy_gitlab || local.deploy_github
  deploy_trigger_location = local.deploy_second_gen ? local.region : "global"

  # client-deployer runs the trigger named in the client file; a regional trigger (2nd gen) only by
  # its full name, which RELAY_CLIENT then carries instead.
  client_definition = local.deploy_second_gen ? merge(var.client, {
    deploy = merge(var.client.deploy, {
      trigger = "projects/${local.project}/locations/${local.deploy_trigger_location}/triggers/${google_cloudbuild_trigger.deploy.trigger_id}"
    })
  }) : var.client

  # The client project's Pub/Sub service agent forwards dead letters to the hub.
  pubsub_service_agent = "serviceAccount:service-${google_project.client.number}@gcp-sa-pubsub.iam.gserviceaccount.com"

  # Binary Authorization: the attestor Cloud Build creates in the hub on its first verified build
  # (cloudbuild.yaml's requestedVerifyOption: VERIFIED) and attests every monorepo image with; the
  # client project's Binary Authorization service agent checks those attestations across projects.
  cloud_build_attestor               = "projects/${var.hub.hub_project_id}/attestors/built-by-cloud-build"
  binary_authorization_service_agent = "serviceAccount:service-${google_project.client.number}@gcp-sa-binaryauthorization.iam.gserviceaccount.com"
  # Admitted without an attestation: the GKE system image paths of Binary Authorization's default
  # policy (the global policy covers most of them too), and the client file's own images.allow
  # prefixes, which client-deployer admits and which the hub's build does not attest.
  admission_whitelist = concat(
    ["gcr.io/google_containers/*", "gcr.io/google-containers/*", "registry.k8s.io/*", "gke.gcr.io/*", "gcr.io/stackdriver-agents/*"],
    [for prefix in var.client.images.allow : "${trimsuffix(prefix, "/")}/**"],
  )

  apis = [
    "artifactregistry.googleapis.com",
    "binaryauthorization.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "eventarc.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "run.googleapis.com",
  ]
  # A GitLab deployment repo's tokens live in the client project's Secret Manager.
  apis_enabled = concat(local.apis, var.deploy_repo_type == "GITLAB" ? ["secretmanager.googleapis.com"] : [])
}

resource "google_project" "client" {
  project_id          = var.client.gcp.project
  name                = coalesce(var.client.displayName, var.client.id)
  folder_id           = var.folder_id
  billing_account     = var.billing_account
  labels              = local.labels
  auto_create_network = false
  deletion_policy     = "PREVENT"
}

resource "google_project_service" "pubsub" {
  project            = local.project
  service            = "pubsub.googleapis.com"
  disable_on_destroy = false
}

resource "google_project_service" "apis" {
  for_each           = toset(local.apis_enabled)
  project            = local.project
  service            = each.value
  disable_on_destroy = false

  # The deploy builds' notifications need `cloud-builds` to exist before Cloud Build is enabled.
  depends_on = [google_pubsub_topic.cloud_builds]
}

resource "google_pubsub_topic" "cloud_builds" {
  project = local.project
  name    = "cloud-builds"
  labels  = local.labels

  depends_on = [google_project_service.pubsub]
}

# ---------------------------------------------------------------------------------------------
# Network and GKE: Autopilot unless the client file says cluster.autopilot: false.
# ---------------------------------------------------------------------------------------------

resource "google_compute_network" "relay" {
  project                 = local.project
  name                    = "relay"
  auto_create_subnetworks = false

  depends_on = [google_project_service.apis]
}

resource "google_compute_subnetwork" "relay" {
  project                  = local.project
  name                     = "relay-${local.region}"
  region                   = local.region
  network                  = google_compute_network.relay.id
  ip_cidr_range            = var.subnet_cidr
  private_ip_google_access = true
}

resource "google_container_cluster" "client" {
  project             = local.project
  name                = var.client.cluster.name
  location            = var.client.cluster.location
  network             = google_compute_network.relay.id
  subnetwork          = google_compute_subnetwork.relay.id
  deletion_protection = var.deletion_protection
  resource_labels     = local.labels

  enable_autopilot         = local.autopilot ? true : null
  initial_node_count       = local.autopilot ? null : 1
  remove_default_node_pool = local.autopilot ? null : true

  release_channel {
    channel = "REGULAR"
  }

  # Admission by the project's policy (google_binary_authorization_policy.client below).
  binary_authorization {
    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
  }

  ip_allocation_policy {}

  dynamic "cluster_autoscaling" {
    for_each = local.autopilot ? [1] : []
    content {
      auto_provisioning_defaults {
        service_account = google_service_account.gke_nodes.email
        oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
      }
    }
  }

  dynamic "node_config" {
    for_each = local.autopilot ? [] : [1]
    content {
      service_account = google_service_account.gke_nodes.email
      oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    }
  }

  dynamic "workload_identity_config" {
    for_each = local.autopilot ? [] : [1]
    content {
      workload_pool = "${local.project}.svc.id.goog"
    }
  }
}

# Only images the hub's monorepo build made reach the cluster: each must carry the attestation the
# hub's built-by-cloud-build attestor signs for a verified build. client-deployer's allow-list
# (RELAY_IMAGE_REPOSITORIES) refuses other images before a deploy starts; this is the cluster's own
# check, which also holds for anything applied without Relay. binary_authorization_enforcement
# switches it to dry run (allowed, audit-logged) for rollout.
resource "google_binary_authorization_policy" "client" {
  project                       = local.project
  description                   = "Relay: images built and attested by the hub's Cloud Build (${var.hub.hub_project_id}) only."
  global_policy_evaluation_mode = "ENABLE"

  dynamic "admission_whitelist_patterns" {
    for_each = local.admission_whitelist
    content {
      name_pattern = admission_whitelist_patterns.value
    }
  }

  default_admission_rule {
    evaluation_mode         = "REQUIRE_ATTESTATION"
    enforcement_mode        = var.binary_authorization_enforcement
    require_attestations_by = [local.cloud_build_attestor]
  }

  depends_on = [google_project_service.apis, google_binary_authorization_attestor_iam_member.binary_authorization_agent_cloud_build_attestor]
}

resource "google_container_node_pool" "standard" {
  count      = local.autopilot ? 0 : 1
  project    = local.project
  name       = "relay"
  location   = var.client.cluster.location
  cluster    = google_container_cluster.client.name
  node_count = var.node_count

  node_config {
    machine_type    = var.node_machine_type
    service_account = google_service_account.gke_nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    labels          = local.labels

    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }
}

# ---------------------------------------------------------------------------------------------
# The deploy trigger on the client's deployment repo (examples/client-repo is its template).
# client-deployer runs it (RunBuildTrigger) with the substitutions below; it has no push event.
# ---------------------------------------------------------------------------------------------

# A GitLab deployment repo: the connection, the repository linked through it and the Cloud Build
# service agent's access to its secrets, in the client project, from ../gitlab-repository.
module "deploy_gitlab" {
  source = "../gitlab-repository"
  count  = local.deploy_gitlab ? 1 : 0

  project_id                    = local.project
  project_number                = google_project.client.number
  region                        = local.region
  host_uri                      = var.deploy_gitlab.host_uri
  connection_name               = var.deploy_gitlab.connection_name
  repository_name               = var.deploy_gitlab.repository_name
  remote_uri                    = var.client.deploy.repo
  api_token_secret_version      = var.deploy_gitlab.api_token_secret_version
  read_api_token_secret_version = var.deploy_gitlab.read_api_token_secret_version
  webhook_secret_secret_version = var.deploy_gitlab.webhook_secret_secret_version

  depends_on = [google_project_service.apis]
}

# A GitHub deployment repo, when the hub holds the GitHub credentials: the connection (from the Cloud
# Build GitHub App's installation and the hub's token secret), the repository linked through it and
# the Cloud Build service agent's access to that secret, in the client project, from ../github-repository.
module "deploy_github" {
  source = "../github-repository"
  count  = local.deploy_github ? 1 : 0

  project_id                 = local.project
  project_number             = google_project.client.number
  region                     = local.region
  connection_name            = "relay-github"
  repository_name            = "relay-deploy"
  remote_uri                 = var.client.deploy.repo
  app_installation_id        = var.hub.github_connection.app_installation_id
  oauth_token_secret_version = var.hub.github_connection.oauth_token_secret_version

  depends_on = [google_project_service.apis]
}

# The GitLab connection was written here before ../gitlab-repository held it (the same blocks were in
# release-hub): these keep each client's existing connection, repository and grants.
moved {
  from = google_cloudbuildv2_connection.gitlab[0]
  to   = module.deploy_gitlab[0].google_cloudbuildv2_connection.gitlab
}

moved {
  from = google_cloudbuildv2_repository.deploy[0]
  to   = module.deploy_gitlab[0].google_cloudbuildv2_repository.repository
}

moved {
  from = google_secret_manager_secret_iam_member.gitlab_connection
  to   = module.deploy_gitlab[0].google_secret_manager_secret_iam_member.connection
}

resource "google_cloudbuild_trigger" "deploy" {
  project         = local.project
  location        = local.deploy_trigger_location
  name            = var.client.deploy.trigger
  description     = "Relay: deploys a release's images by digest to ${var.client.cluster.name}. Run by client-deployer."
  service_account = google_service_account.deploy_build.id
  tags            = ["relay-deploy"]

  # GitLab, and GitHub with the hub's credentials: the 2nd-gen repository; the others: the
  # repository's URL (1st gen).
  source_to_build {
    uri        = local.deploy_second_gen ? null : var.client.deploy.repo
    repository = local.deploy_repository
    ref        = "refs/heads/${var.deploy_branch}"
    repo_type  = local.repo_types[var.deploy_repo_type]
  }

  git_file_source {
    path       = "cloudbuild.yaml"
    uri        = local.deploy_second_gen ? null : var.client.deploy.repo
    repository = local.deploy_repository
    revision   = "refs/heads/${var.deploy_branch}"
    repo_type  = local.repo_types[var.deploy_repo_type]
  }

  lifecycle {
    precondition {
      condition     = !local.deploy_gitlab || var.deploy_gitlab != null
      error_message = "deploy_repo_type is GITLAB: set deploy_gitlab (the Cloud Build connection's Secret Manager versions), see terraform/README.md."
    }
  }

  substitutions = {
    _RELEASE_ID       = ""
    _DEPLOYMENT_ID    = ""
    _IMAGES           = ""
    _SERVICES         = ""
    _CLUSTER          = var.client.cluster.name
    _CLUSTER_LOCATION = var.client.cluster.location
    _DEPLOY_KIND      = "release"
  }

  depends_on = [google_project_service.apis]
}

# ---------------------------------------------------------------------------------------------
# The client functions, each one call of ../relay-function. Entry points and environment names
# are RelayFunction's.
# ---------------------------------------------------------------------------------------------

module "client_deployer" {
  source = "../relay-function"

  project_id            = local.project
  region                = local.region
  name                  = "client-deployer"
  description           = "Decides what ${var.client.id} deploys from each release and command, checks the cluster, runs the deploy trigger."
  labels                = local.labels
  entry_point           = "com.twosixty.relay.deployer.ClientDeployer"
  build_service_account = google_service_account.function_build.id
  source_bucket         = var.hub.function_source_bucket
  source_object         = var.hub.client_deployer_source
  service_account_email = google_service_account.client_deployer.email
  memory                = "512Mi" # RelayFunction.shape(): terraform-checks compare
  cpu                   = "1"
  max_instances         = 5
  timeout_seconds       = 120
  ingress_settings      = "ALLOW_ALL"

  environment = {
    RELAY_HUB_PROJECT            = var.hub.hub_project_id
    RELAY_CLIENT                 = jsonencode(local.client_definition)
    RELAY_IMAGE_REPOSITORIES     = "${trimsuffix(var.hub.image_repository, "/")}/"
    RELAY_RELEASES_TOPIC         = var.hub.releases_topic
    RELAY_RELEASE_COMMANDS_TOPIC = var.hub.release_commands_topic
    RELAY_DEPLOYMENTS_TOPIC      = var.hub.deployments_topic
    RELAY_FIRESTORE_DATABASE     = var.hub.firestore_database
    RELAY_MAX_EVENT_AGE          = var.max_event_age
    RELAY_ROLLOUT                = var.hub.rollout
  }

  # No event_trigger: the subscriptions below push to it (see README, "Why push subscriptions").
  depends_on = [google_project_service.apis, google_storage_bucket_iam_member.function_build_sources]
}

module "deploy_reporter" {
  source = "../relay-function"

  project_id            = local.project
  region                = local.region
  name                  = "deploy-reporter"
  description           = "Maps ${var.client.id}'s deploy builds to deployment events and asks for rollback where the client wants it."
  labels                = local.labels
  entry_point           = "com.twosixty.relay.reporter.DeployReporter"
  build_service_account = google_service_account.function_build.id
  source_bucket         = var.hub.function_source_bucket
  source_object         = var.hub.deploy_reporter_source
  service_account_email = google_service_account.deploy_reporter.email
  memory                = "256Mi" # RelayFunction.shape(): terraform-checks compare
  cpu                   = "1"
  max_instances         = 5
  timeout_seconds       = 60
  ingress_settings      = "ALLOW_INTERNAL_ONLY"

  environment = {
    RELAY_HUB_PROJECT         = var.hub.hub_project_id
    RELAY_CLIENT              = jsonencode(local.client_definition)
    RELAY_COMMAND_GATEWAY_URL = var.hub.command_gateway_url
    RELAY_DEPLOYMENTS_TOPIC   = var.hub.deployments_topic
    RELAY_FIRESTORE_DATABASE  = var.hub.firestore_database
    RELAY_MAX_EVENT_AGE       = var.max_event_age
  }

  # The client project's own Cloud Build notifications.
  event_trigger = {
    pubsub_topic = google_pubsub_topic.cloud_builds.id
  }

  depends_on = [google_project_service.apis, google_storage_bucket_iam_member.function_build_sources]
}

# The functions were resources of this module before they moved into relay-function: these keep each
# client's existing functions (and client-deployer's push endpoint) instead of re-creating them.
moved {
  from = google_cloudfunctions2_function.client_deployer
  to   = module.client_deployer.google_cloudfunctions2_function.function
}

moved {
  from = google_cloudfunctions2_function.deploy_reporter
  to   = module.deploy_reporter.google_cloudfunctions2_function.function
}

# ---------------------------------------------------------------------------------------------
# Subscriptions to the hub topics, in the client project, pushing to client-deployer.
# ---------------------------------------------------------------------------------------------

resource "google_pubsub_subscription" "releases" {
  project                    = local.project
  name                       = "relay-${var.client.id}-releases"
  topic                      = "${local.hub_topic_prefix}/${var.hub.releases_topic}"
  filter                     = local.release_filter
  ack_deadline_seconds       = 180
  message_retention_duration = "604800s"
  labels                     = local.labels

  push_config {
    push_endpoint = module.client_deployer.uri

    oidc_token {
      service_account_email = google_service_account.push_invoker.email
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = var.hub.releases_dead_letter_topic_id
    max_delivery_attempts = var.max_delivery_attempts
  }

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "release_commands" {
  project                    = local.project
  name                       = "relay-${var.client.id}-commands"
  topic                      = "${local.hub_topic_prefix}/${var.hub.release_commands_topic}"
  filter                     = local.release_commands_filter
  ack_deadline_seconds       = 180
  message_retention_duration = "604800s"
  labels                     = local.labels

  push_config {
    push_endpoint = module.client_deployer.uri

    oidc_token {
      service_account_email = google_service_account.push_invoker.email
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = var.hub.release_commands_dead_letter_topic_id
    max_delivery_attempts = var.max_delivery_attempts
  }

  expiration_policy {
    ttl = ""
  }
}

# The release-commands handles were named `commands` before; these keep an existing client's
# subscription (and its unacked commands) instead of destroying and re-creating it.
moved {
  from = google_pubsub_subscription.commands
  to   = google_pubsub_subscription.release_commands
}
