# The hub: everything Relay shares between clients, in one project.

locals {
  # C1 only: measured to cut a function's cold start by about 40% (BENCHMARKS.md); the functions
  # are short-lived and I/O-bound, so the C2 compiler's later gains never arrive.
  java_tool_options = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
  # The Firestore client otherwise builds tracing attributes for every call, for spans nothing
  # exports: 2-9 % of a deployer's CPU per release (BENCHMARKS.md).
  firestore_enable_tracing = "false"

  image_repository_location = coalesce(var.image_repository_location, var.region)

  labels = merge(var.labels, { "managed-by" = "terraform", "app" = "relay" })

  # RELAY_SERVICES is "billing=billing/,portal=portal/".
  services_setting = join(",", [for name, folder in var.services : format("%s=%s", name, folder)])

  # The Avro schemas live in the Java contracts (shared/); Terraform reads them, never a copy.
  schema_dir = "${path.module}/../../../shared/src/main/resources/schemas"

  apis = [
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
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
  project            = var.project_id
  service            = "pubsub.googleapis.com"
  disable_on_destroy = false
}

resource "google_project_service" "apis" {
  for_each           = toset(local.apis)
  project            = var.project_id
  service            = each.value
  disable_on_destroy = false

  # Cloud Build publishes to an existing `cloud-builds` topic; creating that topic first keeps
  # Cloud Build from racing us to it.
  depends_on = [google_pubsub_topic.cloud_builds]
}

data "google_project" "hub" {
  project_id = var.project_id
}

# ---------------------------------------------------------------------------------------------
# Pub/Sub: the three Relay topics, their schemas and dead letters, and Cloud Build's topic.
# ---------------------------------------------------------------------------------------------

resource "google_pubsub_topic" "cloud_builds" {
  project = var.project_id
  name    = "cloud-builds"
  labels  = local.labels

  depends_on = [google_project_service.pubsub]
}

resource "google_pubsub_schema" "release" {
  project    = var.project_id
  name       = "relay.release.v1"
  type       = "AVRO"
  definition = file("${local.schema_dir}/relay.release.v1.avsc")

  depends_on = [google_project_service.pubsub]
}

resource "google_pubsub_schema" "command" {
  project    = var.project_id
  name       = "relay.command.v1"
  type       = "AVRO"
  definition = file("${local.schema_dir}/relay.command.v1.avsc")

  depends_on = [google_project_service.pubsub]
}

resource "google_pubsub_topic" "releases" {
  project                    = var.project_id
  name                       = var.releases_topic
  labels                     = local.labels
  message_retention_duration = var.message_retention

  schema_settings {
    schema   = google_pubsub_schema.release.id
    encoding = "JSON"
  }
}

resource "google_pubsub_topic" "commands" {
  project                    = var.project_id
  name                       = var.commands_topic
  labels                     = local.labels
  message_retention_duration = var.message_retention

  schema_settings {
    schema   = google_pubsub_schema.command.id
    encoding = "JSON"
  }
}

# relay.deployment/v1 has no Avro schema in shared/ yet, so this topic is not schema-bound.
resource "google_pubsub_topic" "deployments" {
  project                    = var.project_id
  name                       = var.deployments_topic
  labels                     = local.labels
  message_retention_duration = var.message_retention

  depends_on = [google_project_service.pubsub]
}

# Dead letters carry whatever failed, so they have no schema. Every subscription to a Relay
# topic (the client environments' ones included) forwards here after its delivery attempts.
resource "google_pubsub_topic" "releases_dead_letter" {
  project                    = var.project_id
  name                       = "${var.releases_topic}-dead-letter"
  labels                     = local.labels
  message_retention_duration = var.message_retention

  depends_on = [google_project_service.pubsub]
}

resource "google_pubsub_topic" "commands_dead_letter" {
  project                    = var.project_id
  name                       = "${var.commands_topic}-dead-letter"
  labels                     = local.labels
  message_retention_duration = var.message_retention

  depends_on = [google_project_service.pubsub]
}

resource "google_pubsub_topic" "deployments_dead_letter" {
  project                    = var.project_id
  name                       = "${var.deployments_topic}-dead-letter"
  labels                     = local.labels
  message_retention_duration = var.message_retention

  depends_on = [google_project_service.pubsub]
}

# A pull subscription per dead-letter topic keeps dead letters until someone looks at them.
resource "google_pubsub_subscription" "releases_dead_letter" {
  project                    = var.project_id
  name                       = "${var.releases_topic}-dead-letter-inspect"
  topic                      = google_pubsub_topic.releases_dead_letter.id
  message_retention_duration = var.message_retention
  ack_deadline_seconds       = 60
  labels                     = local.labels

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "commands_dead_letter" {
  project                    = var.project_id
  name                       = "${var.commands_topic}-dead-letter-inspect"
  topic                      = google_pubsub_topic.commands_dead_letter.id
  message_retention_duration = var.message_retention
  ack_deadline_seconds       = 60
  labels                     = local.labels

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "deployments_dead_letter" {
  project                    = var.project_id
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
  project                 = var.project_id
  name                    = var.firestore_database
  location_id             = var.firestore_location
  type                    = "FIRESTORE_NATIVE"
  delete_protection_state = "DELETE_PROTECTION_ENABLED"
  deletion_policy         = "ABANDON"

  depends_on = [google_project_service.apis]
}

# release-status finds a release's fan-out with a collection-group query on deployments.releaseId.
resource "google_firestore_field" "deployments_release_id" {
  project    = var.project_id
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
  project       = var.project_id
  location      = local.image_repository_location
  repository_id = var.image_repository_id
  format        = "DOCKER"
  description   = "Relay: images the monorepo build pushes; every client environment pulls them by digest."
  labels        = local.labels

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket" "function_sources" {
  project                     = var.project_id
  name                        = "${var.project_id}-relay-functions"
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
  project   = var.project_id
  secret_id = var.webhook_secret_id
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

# ---------------------------------------------------------------------------------------------
# The monorepo build: run by push-webhook with _SERVICES, built by cloudbuild.yaml at the repo root.
# ---------------------------------------------------------------------------------------------

resource "google_cloudbuild_trigger" "monorepo" {
  project         = var.project_id
  location        = "global"
  name            = var.monorepo_trigger_name
  description     = "Relay monorepo build: tests, then images for the services in _SERVICES. Run by push-webhook; its SUCCESS on a release branch becomes a release."
  service_account = google_service_account.monorepo_build.id
  tags            = ["relay-monorepo"]

  source_to_build {
    uri       = var.monorepo_uri
    ref       = "refs/heads/${var.monorepo_branch}"
    repo_type = var.monorepo_repo_type
  }

  git_file_source {
    path      = "cloudbuild.yaml"
    uri       = var.monorepo_uri
    revision  = "refs/heads/${var.monorepo_branch}"
    repo_type = var.monorepo_repo_type
  }

  substitutions = {
    _SERVICES   = "all"
    _BRANCH     = ""
    _IMAGE_BASE = "${local.image_repository_location}-docker.pkg.dev/${var.project_id}/${var.image_repository_id}"
  }

  depends_on = [google_project_service.apis]
}
