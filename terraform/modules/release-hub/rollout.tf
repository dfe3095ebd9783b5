# Progressive delivery across clients (repository README, "Waves"): release-rollout opens each
# release's waves as their gates allow and wakes their clients. Nothing runs always: it is invoked
# by deployments events, by the rollout's commands and by one Cloud Scheduler tick a minute while
# rollout has waves (soak times end without any event, so time passing must be delivered too).

locals {
  rollout_staged = length(var.rollout.waves) > 1
}

resource "google_service_account" "release_rollout" {
  project      = var.hub_project_id
  account_id   = "relay-release-rollout"
  display_name = "Relay release-rollout"
}

# The identity the three push subscriptions below sign their calls with.
resource "google_service_account" "rollout_push" {
  project      = var.hub_project_id
  account_id   = "relay-rollout-push"
  display_name = "Relay push subscriptions to release-rollout"
}

module "release_rollout" {
  source = "../relay-function"

  project_id            = var.hub_project_id
  region                = var.region
  name                  = "release-rollout"
  description           = "Opens each release's waves as their gates allow, wakes their clients, announces a halt (README: Waves)."
  labels                = local.labels
  entry_point           = "com.twosixty.relay.waves.ReleaseRollout"
  build_service_account = google_service_account.function_build.id
  source_bucket         = google_storage_bucket.function_sources.name
  source_object         = google_storage_bucket_object.function_source["release-rollout"].name
  service_account_email = google_service_account.release_rollout.email
  memory                = "256Mi" # RelayFunction.shape(): terraform-checks compare
  cpu                   = "1"
  max_instances         = var.function_max_instances
  ingress_settings      = "ALLOW_ALL"

  environment = {
    RELAY_HUB_PROJECT            = var.hub_project_id
    RELAY_CLIENTS                = local.clients_setting
    RELAY_ROLLOUT                = local.rollout
    RELAY_RELEASE_COMMANDS_TOPIC = google_pubsub_topic.release_commands.name
    RELAY_DEPLOYMENTS_TOPIC      = google_pubsub_topic.deployments.name
  }

  depends_on = [google_project_service.apis]
}

# release-rollout reads the deployments and releases and writes rollouts/{releaseId}; publishes its
# wake-ups (a promote addressed to one client, which client-deployer re-checks against rollouts/,
# so a wake-up can never start a wave early) and the HALTED event.
resource "google_project_iam_member" "release_rollout_firestore" {
  project = var.hub_project_id
  role    = "roles/datastore.user"
  member  = google_service_account.release_rollout.member
}

resource "google_pubsub_topic_iam_member" "release_rollout_release_commands" {
  project = var.hub_project_id
  topic   = google_pubsub_topic.release_commands.name
  role    = "roles/pubsub.publisher"
  member  = google_service_account.release_rollout.member
}

resource "google_pubsub_topic_iam_member" "release_rollout_deployments" {
  project = var.hub_project_id
  topic   = google_pubsub_topic.deployments.name
  role    = "roles/pubsub.publisher"
  member  = google_service_account.release_rollout.member
}

resource "google_cloud_run_v2_service_iam_member" "release_rollout_push" {
  project  = var.hub_project_id
  location = var.region
  name     = module.release_rollout.name
  role     = "roles/run.invoker"
  member   = google_service_account.rollout_push.member
}

resource "google_pubsub_topic" "rollout_ticks" {
  project                    = var.hub_project_id
  name                       = "rollout-ticks"
  labels                     = local.labels
  message_retention_duration = "3600s"
}

resource "google_pubsub_topic" "rollout_ticks_dead_letter" {
  project = var.hub_project_id
  name    = "rollout-ticks-dead-letter"
  labels  = local.labels
}

# The hub's Pub/Sub service agent moves undeliverable messages to the dead-letter topics.
resource "google_pubsub_topic_iam_member" "rollout_dead_letter_deployments" {
  project = var.hub_project_id
  topic   = google_pubsub_topic.deployments_dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:service-${data.google_project.hub.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic_iam_member" "rollout_dead_letter_commands" {
  project = var.hub_project_id
  topic   = google_pubsub_topic.release_commands_dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:service-${data.google_project.hub.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic_iam_member" "rollout_dead_letter_ticks" {
  project = var.hub_project_id
  topic   = google_pubsub_topic.rollout_ticks_dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:service-${data.google_project.hub.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_subscription_iam_member" "rollout_dead_letters" {
  for_each = {
    deployments = google_pubsub_subscription.rollout_deployments.name
    commands    = google_pubsub_subscription.rollout_commands.name
    ticks       = google_pubsub_subscription.rollout_ticks.name
  }
  project      = var.hub_project_id
  subscription = each.value
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:service-${data.google_project.hub.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_subscription" "rollout_deployments" {
  project                    = var.hub_project_id
  name                       = "relay-rollout-deployments"
  topic                      = google_pubsub_topic.deployments.id
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  labels                     = local.labels

  push_config {
    push_endpoint = module.release_rollout.uri

    oidc_token {
      service_account_email = google_service_account.rollout_push.email
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.deployments_dead_letter.id
    max_delivery_attempts = 10
  }

  expiration_policy {
    ttl = ""
  }
}

# Only the rollout's own commands (promote, halt, resume with no client, so no client attribute).
resource "google_pubsub_subscription" "rollout_commands" {
  project                    = var.hub_project_id
  name                       = "relay-rollout-commands"
  topic                      = google_pubsub_topic.release_commands.id
  filter                     = "NOT attributes:client"
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  labels                     = local.labels

  push_config {
    push_endpoint = module.release_rollout.uri

    oidc_token {
      service_account_email = google_service_account.rollout_push.email
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.release_commands_dead_letter.id
    max_delivery_attempts = 10
  }

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "rollout_ticks" {
  project                    = var.hub_project_id
  name                       = "relay-rollout-ticks"
  topic                      = google_pubsub_topic.rollout_ticks.id
  ack_deadline_seconds       = 60
  message_retention_duration = "3600s"
  labels                     = local.labels

  push_config {
    push_endpoint = module.release_rollout.uri

    oidc_token {
      service_account_email = google_service_account.rollout_push.email
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "60s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.rollout_ticks_dead_letter.id
    max_delivery_attempts = 10
  }

  expiration_policy {
    ttl = ""
  }
}

# Time passing, as a message: one tick a minute while rollout has waves (a soak ends at most a
# minute late). Cloud Scheduler publishes as its service agent, whose role covers publishing to a
# topic of its own project.
resource "google_cloud_scheduler_job" "rollout_tick" {
  count       = local.rollout_staged ? 1 : 0
  project     = var.hub_project_id
  region      = var.region
  name        = "relay-rollout-tick"
  description = "Wakes release-rollout so that soak times end without anything always on (README: Waves)."
  schedule    = var.rollout_tick_schedule
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = google_pubsub_topic.rollout_ticks.id
    data       = base64encode("tick")
    attributes = {
      tick = "rollout"
    }
  }

  depends_on = [google_project_service.apis]
}
