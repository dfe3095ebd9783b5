# The hub: everything Relay shares between clients, in one project.

locals {
  image_repository_location = coalesce(var.image_repository_location, var.region)
  # Where the monorepo build pushes (its _IMAGE_BASE), and so the one repository client environments
  # deploy from (their RELAY_IMAGE_REPOSITORIES).
  image_base = "${local.image_repository_location}-docker.pkg.dev/${var.hub_project_id}/${var.image_repository_id}"

  labels = merge(var.labels, { "managed-by" = "terraform", "app" = "relay" })

  # RELAY_CLIENTS: every client file as one JSON array, gzip-compressed and Base64-encoded, as
  # ClientDefinitions.parseAll reads it: Cloud Run allows 32 KiB for all of a function's variables,
  # which the plain JSON of some 55 client files would fill (variables.tf checks the budget).
  clients_setting = base64gzip(jsonencode([for id in sort(keys(var.clients)) : var.clients[id]]))

  # RELAY_ROLLOUT as com.twosixty.relay.rollout.RolloutPolicy reads it; "" (one wave) when no waves are set.
  rollout = length(var.rollout.waves) == 0 ? "" : jsonencode({
    waves           = [for w in var.rollout.waves : { soak = w.soak }]
    haltOn          = var.rollout.halt_on
    hotfixSkipsSoak = var.rollout.hotfix_skips_soak
    frozenHoldsWave = var.rollout.frozen_holds_wave
  })

  # RELAY_SERVICES is "billing=billing/,portal=portal/".
  services_setting = join(",", [for name, folder in var.services : format("%s=%s", name, folder)])

  # RELAY_MONOREPO_REPOSITORY is the monorepo's path as pushes name it (GitLab's
  # path_with_namespace, GitHub's full_name): monorepo_uri without scheme, host and .git,
  # https://gitlab.com/group/sub/monorepo.git -> group/sub/monorepo.
  monorepo_repository = trimsuffix(trimsuffix(replace(var.monorepo_uri, "/^https://[^/]+//", ""), "/"), ".git")

  # A GitLab monorepo is reached through a Cloud Build 2nd-gen connection (below); GitHub and the
  # others through the 1st-gen uri + repo_type. The provider's repo_type has no GITLAB (6.x takes
  # UNKNOWN, CLOUD_SOURCE_REPOSITORIES, GITHUB, BITBUCKET_SERVER): with a 2nd-gen repository Cloud
  # Build knows the host from the connection, and gcloud sends no repo type at all (= UNKNOWN).
  monorepo_gitlab = var.monorepo_repo_type == "GITLAB"
  repo_types = {
    GITHUB                    = "GITHUB"
    GITLAB                    = "UNKNOWN"
    BITBUCKET_SERVER          = "BITBUCKET_SERVER"
    CLOUD_SOURCE_REPOSITORIES = "CLOUD_SOURCE_REPOSITORIES"
  }
  # 2nd-gen connections are regional, and a trigger on one of their repositories lives in its region.
  monorepo_trigger_location = local.monorepo_gitlab ? var.region : "global"

  # The Avro schemas live in the Java contracts (shared/); Terraform reads them, never a copy.
  schema_dir = "${path.module}/../../../shared/src/main/resources/schemas"

  apis = [
    "artifactregistry.googleapis.com",
    # The built-by-cloud-build attestor and the provenance of verified builds (cloudbuild.yaml).
    "binaryauthorization.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    # release-rollout's tick (rollout.tf).
    "cloudscheduler.googleapis.com",
    "containeranalysis.googleapis.com",
    "eventarc.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ]
}

resource "google_project_service" "pubsub" {
  project            = var.hub_project_id
  service            = "pubsub.googleapis.com"
  disable_on_destroy = false
}

resource "google_project_service" "apis" {
  for_each           = toset(local.apis)
  project            = var.hub_project_id
  service            = each.value
  disable_on_destroy = false

  # Cloud Build publishes to an existing `cloud-builds` topic; creating that topic first keeps
  # Cloud Build from racing us to it.
  depends_on = [google_pubsub_topic.cloud_builds]
}

data "google_project" "hub" {
  project_id = var.hub_project_id
}

# ---------------------------------------------------------------------------------------------
# Pub/Sub: the three Relay topics, their schemas and dead letters, and Cloud Build's topic.
# ---------------------------------------------------------------------------------------------

resource "google_pubsub_topic" "cloud_builds" {
  project = var.hub_project_id
  name    = "cloud-builds"
  labels  = local.labels

  depends_on = [google_project_service.pubsub]
}

resource "google_pubsub_schema" "release" {
  project    = var.hub_project_id
  name       = "relay.release.v1"
  type       = "AVRO"
  definition = file("${local.schema_dir}/relay.release.v1.avsc")

  depends_on = [google_project_service.pubsub]
}

resource "google_pubsub_schema" "command" {
  project    = var.hub_project_id
  name       = "relay.command.v1"
  type       = "AVRO"
  definition = file("${local.schema_dir}/relay.command.v1.avsc")

  depends_on = [google_project_service.pubsub]
}

resource "google_pubsub_topic" "releases" {
  project                    = var.hub_project_id
  name                       = var.releases_topic
  labels                     = local.labels
  message_retention_duration = var.message_retention

  schema_settings {
    schema   = google_pubsub_schema.release.id
    encoding = "JSON"
  }
}

resource "google_pubsub_topic" "release_commands" {
  project                    = var.hub_project_id
  name                       = var.release_commands_topic
  labels                     = local.labels
  message_retention_duration = var.message_retention

  schema_settings {
    schema   = google_pubsub_schema.command.id
    encoding = "JSON"
  }
}

# relay.deployment/v1 has no Avro schema in shared/ yet, so this topic is not schema-bound.
resource "google_pubsub_topic" "deployments" {
  project                    = var.hub_project_id
  name                       = var.deployments_topic
  labels                     = local.labels
  message_retention_duration = var.message_retention

  depends_on = [google_project_service.pubsub]
}

# Dead letters carry whatever failed, so they have no schema. Every subscription to a Relay
# topic (the client environments' ones included) forwards here after its delivery attempts.
resource "google_pubsub_topic" "releases_dead_letter" {
  project                    = var.hub_project_id
  name                       = "${var.releases_topic}-dead-letter"
  labels                     = local.labels
  message_retention_duration = var.message_retention

  depends_on = [google_project_service.pubsub]
}

resource "google_pubsub_topic" "release_commands_dead_letter" {
  project                    = var.hub_project_id
  name                       = "${var.release_commands_topic}-dead-letter"
  labels                     = local.labels
  message_retention_duration = var.message_retention

  depends_on = [google_project_service.pubsub]
}

resource "google_pubsub_topic" "deployments_dead_letter" {
  project                    = var.hub_project_id
  name                       = "${var.deployments_topic}-dead-letter"
  labels                     = local.labels
  message_retention_duration = var.message_retention

  depends_on = [google_project_service.pubsub]
}

# A pull subscription per dead-letter topic keeps dead letters until someone looks at them.
resource "google_pubsub_subscription" "releases_dead_letter" {
  project                    = var.hub_project_id
  name                       = "${var.releases_topic}-dead-letter-inspect"
  topic                      = google_pubsub_topic.releases_dead_letter.id
  message_retention_duration = var.message_retention
  ack_deadline_seconds       = 60
  labels                     = local.labels

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "release_commands_dead_letter" {
  project                    = var.hub_project_id
  name                       = "${var.release_commands_topic}-dead-letter-inspect"
  topic                      = google_pubsub_topic.release_commands_dead_letter.id
  message_retention_duration = var.message_retention
  ack_deadline_seconds       = 60
  labels                     = local.labels

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "deployments_dead_letter" {
  project                    = var.hub_project_id
  name                       = "${var.deployments_topic}-dead-letter-inspect"
  topic                      = google_pubsub_topic.deployments_dead_letter.id
  message_retention_duration = var.message_retention
  ack_deadline_seconds       = 60
  labels                     = local.labels

  expiration_policy {
    ttl = ""
  }
}

# ---------------------------------------------------------------------------------------------
# State, images, function sources, the webhook secret.
# ---------------------------------------------------------------------------------------------

resource "google_firestore_database" "relay" {
  project                 = var.hub_project_id
  name                    = var.firestore_database
  location_id             = var.firestore_location
  type                    = "FIRESTORE_NATIVE"
  delete_protection_state = "DELETE_PROTECTION_ENABLED"
  deletion_policy         = "ABANDON"

  depends_on = [google_project_service.apis]
}

# release-status finds a release's fan-out with a collection-group query on deployments.releaseId.
resource "google_firestore_field" "deployments_release_id" {
  project    = var.hub_project_id
  database   = google_firestore_database.relay.name
  collection = "deployments"
  field      = "releaseId"

  index_config {
    indexes {
      order       = "ASCENDING"
      query_scope = "COLLECTION_GROUP"
    }
  }
}

resource "google_artifact_registry_repository" "images" {
  project       = var.hub_project_id
  location      = local.image_repository_location
  repository_id = var.image_repository_id
  format        = "DOCKER"
  description   = "Relay: images the monorepo build pushes; every client environment pulls them by digest."
  labels        = local.labels

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket" "function_sources" {
  project                     = var.hub_project_id
  name                        = "${var.hub_project_id}-relay-functions"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = local.labels

  lifecycle_rule {
    condition {
      num_newer_versions = 5
    }
    action {
      type = "Delete"
    }
  }

  versioning {
    enabled = true
  }
}

# Object names carry the archive's hash, so a new build of a function redeploys it.
resource "google_storage_bucket_object" "function_source" {
  for_each = var.function_archives
  bucket   = google_storage_bucket.function_sources.name
  name     = format("%s/%s.zip", each.key, filemd5(each.value))
  source   = each.value
}

resource "google_secret_manager_secret" "webhook" {
  project   = var.hub_project_id
  secret_id = var.webhook_secret_id
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

# The credentials of every client's Cloud Build GitHub connection, held once here: the token of the
# account that installed the Cloud Build GitHub App. Terraform creates the secret, not its value
# (terraform/README.md, step 9), so the token never reaches the state; each client environment makes
# its own connection from it (client_inputs.github_connection) and grants its Cloud Build agent access.
resource "google_secret_manager_secret" "github_token" {
  count     = var.deploy_github == null ? 0 : 1
  project   = var.hub_project_id
  secret_id = var.deploy_github.token_secret_id
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

# ---------------------------------------------------------------------------------------------
# The monorepo build: run by push-webhook with _SERVICES, built by cloudbuild.yaml at the repo root.
# ---------------------------------------------------------------------------------------------

# A GitLab monorepo: the connection, the repository linked through it and the Cloud Build service
# agent's access to its secrets, from ../gitlab-repository. See terraform/README.md, "GitLab".
module "monorepo_gitlab" {
  source = "../gitlab-repository"
  count  = local.monorepo_gitlab ? 1 : 0

  project_id                    = var.hub_project_id
  project_number                = data.google_project.hub.number
  region                        = var.region
  host_uri                      = var.monorepo_gitlab.host_uri
  connection_name               = var.monorepo_gitlab.connection_name
  repository_name               = var.monorepo_gitlab.repository_name
  remote_uri                    = var.monorepo_uri
  api_token_secret_version      = var.monorepo_gitlab.api_token_secret_version
  read_api_token_secret_version = var.monorepo_gitlab.read_api_token_secret_version
  webhook_secret_secret_version = var.monorepo_gitlab.webhook_secret_secret_version

  depends_on = [google_project_service.apis]
}

# The GitLab connection was written here before ../gitlab-repository held it (the same blocks were in
# client-environment): these keep an existing connection, repository and grants.
moved {
  from = google_cloudbuildv2_connection.gitlab[0]
  to   = module.monorepo_gitlab[0].google_cloudbuildv2_connection.gitlab
}

moved {
  from = google_cloudbuildv2_repository.monorepo[0]
  to   = module.monorepo_gitlab[0].google_cloudbuildv2_repository.repository
}

moved {
  from = google_secret_manager_secret_iam_member.gitlab_connection
  to   = module.monorepo_gitlab[0].google_secret_manager_secret_iam_member.connection
}

resource "google_cloudbuild_trigger" "monorepo" {
  project         = var.hub_project_id
  location        = local.monorepo_trigger_location
  name            = var.monorepo_trigger_name
  description     = "Relay monorepo build: tests, then images for the services in _SERVICES. Run by push-webhook; its SUCCESS on a release branch becomes a release."
  service_account = google_service_account.monorepo_build.id
  tags            = ["relay-monorepo"]

  # GitLab: the 2nd-gen repository; the others: the repository's URL (1st gen).
  source_to_build {
    uri        = local.monorepo_gitlab ? null : var.monorepo_uri
    repository = local.monorepo_gitlab ? module.monorepo_gitlab[0].repository_id : null
    ref        = "refs/heads/${var.monorepo_branch}"
    repo_type  = local.repo_types[var.monorepo_repo_type]
  }

  git_file_source {
    path       = "cloudbuild.yaml"
    uri        = local.monorepo_gitlab ? null : var.monorepo_uri
    repository = local.monorepo_gitlab ? module.monorepo_gitlab[0].repository_id : null
    revision   = "refs/heads/${var.monorepo_branch}"
    repo_type  = local.repo_types[var.monorepo_repo_type]
  }

  substitutions = {
    _SERVICES    = "all"
    _BRANCH      = ""
    _COMMIT_TIME = ""
    _IMAGE_BASE  = local.image_base
  }

  lifecycle {
    precondition {
      condition     = !local.monorepo_gitlab || var.monorepo_gitlab != null
      error_message = "monorepo_repo_type is GITLAB: set monorepo_gitlab (the Cloud Build connection's Secret Manager versions), see terraform/README.md."
    }
  }

  depends_on = [google_project_service.apis]
}

# The release-commands handles were named `commands` before; these keep an existing state's topic,
# dead-letter topic and inspection subscription instead of destroying and re-creating them.
moved {
  from = google_pubsub_topic.commands
  to   = google_pubsub_topic.release_commands
}

moved {
  from = google_pubsub_topic.commands_dead_letter
  to   = google_pubsub_topic.release_commands_dead_letter
}

moved {
  from = google_pubsub_subscription.commands_dead_letter
  to   = google_pubsub_subscription.release_commands_dead_letter
}
