# One service account per function, plus one per build identity; each holds only what it uses.
# terraform-checks keeps the allow-list these grants must stay within.

resource "google_service_account" "push_webhook" {
  project      = var.hub_project_id
  account_id   = "relay-push-webhook"
  display_name = "Relay push-webhook"
}

resource "google_service_account" "release_publisher" {
  project      = var.hub_project_id
  account_id   = "relay-release-publisher"
  display_name = "Relay release-publisher"
}

resource "google_service_account" "release_status" {
  project      = var.hub_project_id
  account_id   = "relay-release-status"
  display_name = "Relay release-status"
}

resource "google_service_account" "command_gateway" {
  project      = var.hub_project_id
  account_id   = "relay-command-gateway"
  display_name = "Relay command-gateway"
}

resource "google_service_account" "monorepo_build" {
  project      = var.hub_project_id
  account_id   = "relay-monorepo-build"
  display_name = "Relay monorepo build (Cloud Build)"
}

resource "google_service_account" "function_build" {
  project      = var.hub_project_id
  account_id   = "relay-function-build"
  display_name = "Relay function builds (Cloud Functions)"
}

# push-webhook: runs the monorepo trigger (as the monorepo build account), reads its secret,
# records deliveries in Firestore.
resource "google_project_iam_member" "push_webhook_builds" {
  project = var.hub_project_id
  role    = "roles/cloudbuild.builds.editor"
  member  = google_service_account.push_webhook.member
}

resource "google_service_account_iam_member" "push_webhook_acts_as_monorepo_build" {
  service_account_id = google_service_account.monorepo_build.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.push_webhook.member
}

resource "google_secret_manager_secret_iam_member" "push_webhook_secret" {
  project   = var.hub_project_id
  secret_id = google_secret_manager_secret.webhook.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.push_webhook.member
}

resource "google_project_iam_member" "push_webhook_firestore" {
  project = var.hub_project_id
  role    = "roles/datastore.user"
  member  = google_service_account.push_webhook.member
}

# GitLab and GitHub call the webhook without Google credentials: it authenticates them itself.
resource "google_cloud_run_v2_service_iam_member" "push_webhook_public" {
  project  = var.hub_project_id
  location = var.region
  name     = module.push_webhook.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# release-publisher: publishes releases; is the identity of its own Eventarc trigger.
resource "google_pubsub_topic_iam_member" "release_publisher_releases" {
  project = var.hub_project_id
  topic   = google_pubsub_topic.releases.name
  role    = "roles/pubsub.publisher"
  member  = google_service_account.release_publisher.member
}

resource "google_project_iam_member" "release_publisher_event_receiver" {
  project = var.hub_project_id
  role    = "roles/eventarc.eventReceiver"
  member  = google_service_account.release_publisher.member
}

resource "google_cloud_run_v2_service_iam_member" "release_publisher_invoker" {
  project  = var.hub_project_id
  location = var.region
  name     = module.release_publisher.name
  role     = "roles/run.invoker"
  member   = google_service_account.release_publisher.member
}

# release-status: reads Firestore.
resource "google_project_iam_member" "release_status_firestore" {
  project = var.hub_project_id
  role    = "roles/datastore.viewer"
  member  = google_service_account.release_status.member
}

resource "google_cloud_run_v2_service_iam_member" "release_status_invokers" {
  for_each = toset(var.status_invokers)
  project  = var.hub_project_id
  location = var.region
  name     = module.release_status.name
  role     = "roles/run.invoker"
  member   = each.value
}

# command-gateway: the one function that publishes commands. Only it and the tool accounts listed in
# command_publishers may publish on release-commands (terraform-checks holds every module to that).
resource "google_pubsub_topic_iam_member" "command_gateway_release_commands" {
  project = var.hub_project_id
  topic   = google_pubsub_topic.release_commands.name
  role    = "roles/pubsub.publisher"
  member  = google_service_account.command_gateway.member
}

resource "google_pubsub_topic_iam_member" "command_publishers" {
  for_each = toset(var.command_publishers)
  project  = var.hub_project_id
  topic    = google_pubsub_topic.release_commands.name
  role     = "roles/pubsub.publisher"
  member   = "serviceAccount:${each.value}"
}

# People (and groups) who may call the gateway at all; the client files then say what each may send.
# Each client's deploy-reporter is granted in client-environment.
resource "google_cloud_run_v2_service_iam_member" "command_gateway_invokers" {
  for_each = toset(var.command_invokers)
  project  = var.hub_project_id
  location = var.region
  name     = module.command_gateway.name
  role     = "roles/run.invoker"
  member   = each.value
}

# The monorepo build: pushes images, writes logs.
resource "google_artifact_registry_repository_iam_member" "monorepo_build_push" {
  project    = var.hub_project_id
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.writer"
  member     = google_service_account.monorepo_build.member
}

resource "google_project_iam_member" "monorepo_build_logs" {
  project = var.hub_project_id
  role    = "roles/logging.logWriter"
  member  = google_service_account.monorepo_build.member
}

# Function builds: read the source archive, push the function image, write logs.
resource "google_storage_bucket_iam_member" "function_build_sources" {
  bucket = google_storage_bucket.function_sources.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.function_build.member
}

resource "google_project_iam_member" "function_build_images" {
  project = var.hub_project_id
  role    = "roles/artifactregistry.writer"
  member  = google_service_account.function_build.member
}

resource "google_project_iam_member" "function_build_logs" {
  project = var.hub_project_id
  role    = "roles/logging.logWriter"
  member  = google_service_account.function_build.member
}
