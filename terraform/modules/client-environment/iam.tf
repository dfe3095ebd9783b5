# Service accounts of the client environment and everything they may do, here and in the hub.
# terraform-checks keeps the allow-list these grants must stay within.

resource "google_service_account" "client_deployer" {
  project      = local.project
  account_id   = "relay-client-deployer"
  display_name = "Relay client-deployer (${var.client.id})"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "deploy_reporter" {
  project      = local.project
  account_id   = "relay-deploy-reporter"
  display_name = "Relay deploy-reporter (${var.client.id})"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "push_invoker" {
  project      = local.project
  account_id   = "relay-push-invoker"
  display_name = "Relay: pushes hub messages to client-deployer"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "deploy_build" {
  project      = local.project
  account_id   = "relay-deploy-build"
  display_name = "Relay deploy builds (Cloud Build)"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "function_build" {
  project      = local.project
  account_id   = "relay-function-build"
  display_name = "Relay function builds (Cloud Functions)"

  depends_on = [google_project_service.apis]
}

resource "google_service_account" "gke_nodes" {
  project      = local.project
  account_id   = "relay-gke-nodes"
  display_name = "Relay GKE nodes"

  depends_on = [google_project_service.apis]
}

# client-deployer: checks the cluster, runs the deploy trigger (as deploy_build), records state in
# the hub's Firestore, publishes deployment events to the hub.
resource "google_project_iam_member" "client_deployer_cluster" {
  project = local.project
  role    = "roles/container.clusterViewer"
  member  = google_service_account.client_deployer.member
}

resource "google_project_iam_member" "client_deployer_builds" {
  project = local.project
  role    = "roles/cloudbuild.builds.editor"
  member  = google_service_account.client_deployer.member
}

resource "google_service_account_iam_member" "client_deployer_acts_as_deploy_build" {
  service_account_id = google_service_account.deploy_build.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.client_deployer.member
}

resource "google_project_iam_member" "client_deployer_hub_firestore" {
  project = var.hub.hub_project_id
  role    = "roles/datastore.user"
  member  = google_service_account.client_deployer.member
}

resource "google_pubsub_topic_iam_member" "client_deployer_deployments" {
  project = var.hub.hub_project_id
  topic   = var.hub.deployments_topic
  role    = "roles/pubsub.publisher"
  member  = google_service_account.client_deployer.member
}

# deploy-reporter: reads its own project's build notifications (Eventarc), records state in the
# hub, publishes deployment events to the hub and sends rollbacks through the hub's command gateway.
resource "google_project_iam_member" "deploy_reporter_event_receiver" {
  project = local.project
  role    = "roles/eventarc.eventReceiver"
  member  = google_service_account.deploy_reporter.member
}

resource "google_cloud_run_v2_service_iam_member" "deploy_reporter_invoker" {
  project  = local.project
  location = local.region
  name     = module.deploy_reporter.name
  role     = "roles/run.invoker"
  member   = google_service_account.deploy_reporter.member
}

resource "google_project_iam_member" "deploy_reporter_hub_firestore" {
  project = var.hub.hub_project_id
  role    = "roles/datastore.user"
  member  = google_service_account.deploy_reporter.member
}

resource "google_pubsub_topic_iam_member" "deploy_reporter_deployments" {
  project = var.hub.hub_project_id
  topic   = var.hub.deployments_topic
  role    = "roles/pubsub.publisher"
  member  = google_service_account.deploy_reporter.member
}

# Not a publisher on release-commands: its rollbacks go through the command gateway, which admits
# this account for this client's rollbacks only.
resource "google_cloud_run_v2_service_iam_member" "deploy_reporter_command_gateway" {
  project  = var.hub.hub_project_id
  location = var.hub.region
  name     = var.hub.command_gateway_name
  role     = "roles/run.invoker"
  member   = google_service_account.deploy_reporter.member
}

# The push subscriptions' identity may call client-deployer, nothing else.
resource "google_cloud_run_v2_service_iam_member" "push_invoker_client_deployer" {
  project  = local.project
  location = local.region
  name     = module.client_deployer.name
  role     = "roles/run.invoker"
  member   = google_service_account.push_invoker.member
}

# The deploy build: deploys to the client's cluster, reads the hub's images, writes logs.
resource "google_project_iam_member" "deploy_build_cluster" {
  project = local.project
  role    = "roles/container.developer"
  member  = google_service_account.deploy_build.member
}

resource "google_project_iam_member" "deploy_build_logs" {
  project = local.project
  role    = "roles/logging.logWriter"
  member  = google_service_account.deploy_build.member
}

resource "google_artifact_registry_repository_iam_member" "deploy_build_hub_images" {
  project    = var.hub.hub_project_id
  location   = var.hub.image_repository_location
  repository = var.hub.image_repository_name
  role       = "roles/artifactregistry.reader"
  member     = google_service_account.deploy_build.member
}

# GKE nodes: the minimum a node needs, and the hub's images.
resource "google_project_iam_member" "gke_nodes_default" {
  project = local.project
  role    = "roles/container.defaultNodeServiceAccount"
  member  = google_service_account.gke_nodes.member
}

resource "google_artifact_registry_repository_iam_member" "gke_nodes_hub_images" {
  project    = var.hub.hub_project_id
  location   = var.hub.image_repository_location
  repository = var.hub.image_repository_name
  role       = "roles/artifactregistry.reader"
  member     = google_service_account.gke_nodes.member
}

# Function builds: read the archives in the hub's bucket, push the function image, write logs.
resource "google_storage_bucket_iam_member" "function_build_sources" {
  bucket = var.hub.function_source_bucket
  role   = "roles/storage.objectViewer"
  member = google_service_account.function_build.member
}

resource "google_project_iam_member" "function_build_images" {
  project = local.project
  role    = "roles/artifactregistry.writer"
  member  = google_service_account.function_build.member
}

resource "google_project_iam_member" "function_build_logs" {
  project = local.project
  role    = "roles/logging.logWriter"
  member  = google_service_account.function_build.member
}

# Dead-lettering: the client project's Pub/Sub service agent moves undeliverable messages from
# the client's subscriptions to the hub's dead-letter topics.
resource "google_pubsub_topic_iam_member" "pubsub_agent_releases_dead_letter" {
  project = var.hub.hub_project_id
  topic   = var.hub.releases_dead_letter_topic_id
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_service_agent
}

resource "google_pubsub_topic_iam_member" "pubsub_agent_release_commands_dead_letter" {
  project = var.hub.hub_project_id
  topic   = var.hub.release_commands_dead_letter_topic_id
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "pubsub_agent_releases" {
  project      = local.project
  subscription = google_pubsub_subscription.releases.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "pubsub_agent_release_commands" {
  project      = local.project
  subscription = google_pubsub_subscription.release_commands.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}

# Binary Authorization: the client project's service agent verifies attestations made by the hub's
# built-by-cloud-build attestor, and reads them (Artifact Analysis occurrences) in the hub.
resource "google_binary_authorization_attestor_iam_member" "binary_authorization_agent_cloud_build_attestor" {
  project  = var.hub.hub_project_id
  attestor = "built-by-cloud-build"
  role     = "roles/binaryauthorization.attestorsVerifier"
  member   = local.binary_authorization_service_agent

  depends_on = [google_project_service.apis]
}

resource "google_project_iam_member" "binary_authorization_agent_hub_occurrences" {
  project = var.hub.hub_project_id
  role    = "roles/containeranalysis.notes.occurrences.viewer"
  member  = local.binary_authorization_service_agent

  depends_on = [google_project_service.apis]
}

# Renamed from the `commands` handles: the grants stay in place.
moved {
  from = google_pubsub_topic_iam_member.pubsub_agent_commands_dead_letter
  to   = google_pubsub_topic_iam_member.pubsub_agent_release_commands_dead_letter
}

moved {
  from = google_pubsub_subscription_iam_member.pubsub_agent_commands
  to   = google_pubsub_subscription_iam_member.pubsub_agent_release_commands
}
