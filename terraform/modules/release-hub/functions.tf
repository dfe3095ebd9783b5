# The hub functions, each one call of ../relay-function (which writes the function, its runtime and
# the JVM and tracing settings once). Entry points and environment variable names are exactly the
# ones com.twosixty.relay.config.RelayFunction lists (terraform-checks follow the calls and compare).

locals {
  # push-webhook runs the trigger by its full name, which also holds for a regional trigger (GitLab);
  # release-publisher matches builds by the bare trigger id Cloud Build reports.
  monorepo_trigger_name = "projects/${var.hub_project_id}/locations/${google_cloudbuild_trigger.monorepo.location}/triggers/${google_cloudbuild_trigger.monorepo.trigger_id}"
  # The command gateway's URL, known before it exists: it is the audience of the ID tokens that
  # deploy-reporter asks for, so it must not depend on the function (Cloud Run functions answer on
  # this cloudfunctions.net URL as on their run.app one).
  command_gateway_url = "https://${var.region}-${var.hub_project_id}.cloudfunctions.net/command-gateway"
}

module "push_webhook" {
  source = "../relay-function"

  project_id            = var.hub_project_id
  region                = var.region
  name                  = "push-webhook"
  description           = "Verifies GitLab/GitHub pushes and runs the monorepo trigger for the services that changed."
  labels                = local.labels
  entry_point           = "com.twosixty.relay.webhook.PushWebhook"
  build_service_account = google_service_account.function_build.id
  source_bucket         = google_storage_bucket.function_sources.name
  source_object         = google_storage_bucket_object.function_source["push-webhook"].name
  service_account_email = google_service_account.push_webhook.email
  memory                = "256Mi" # RelayFunction.shape(): terraform-checks compare
  cpu                   = "1"
  max_instances         = var.function_max_instances
  ingress_settings      = "ALLOW_ALL"

  environment = {
    RELAY_HUB_PROJECT         = var.hub_project_id
    RELAY_MONOREPO_TRIGGER    = local.monorepo_trigger_name
    RELAY_MONOREPO_REPOSITORY = local.monorepo_repository
    RELAY_RELEASE_BRANCHES    = var.release_branches
    RELAY_HOTFIX_BRANCHES     = var.hotfix_branches
    RELAY_SERVICES            = local.services_setting
    RELAY_SHARED_PATHS        = join(",", var.shared_paths)
    RELAY_WEBHOOK_MAX_BYTES   = tostring(var.webhook_max_bytes)
    RELAY_FIRESTORE_DATABASE  = google_firestore_database.relay.name
  }

  secret_environment = {
    RELAY_WEBHOOK_SECRET = {
      project_id = var.hub_project_id
      secret     = google_secret_manager_secret.webhook.secret_id
      version    = "latest"
    }
  }

  depends_on = [google_project_service.apis, google_secret_manager_secret_iam_member.push_webhook_secret]
}

module "release_publisher" {
  source = "../relay-function"

  project_id            = var.hub_project_id
  region                = var.region
  name                  = "release-publisher"
  description           = "Turns a successful monorepo build on a release or hotfix branch into one release on the releases topic."
  labels                = local.labels
  entry_point           = "com.twosixty.relay.publisher.ReleasePublisher"
  build_service_account = google_service_account.function_build.id
  source_bucket         = google_storage_bucket.function_sources.name
  source_object         = google_storage_bucket_object.function_source["release-publisher"].name
  service_account_email = google_service_account.release_publisher.email
  memory                = "256Mi" # RelayFunction.shape(): terraform-checks compare
  cpu                   = "1"
  max_instances         = var.function_max_instances
  ingress_settings      = "ALLOW_INTERNAL_ONLY"

  environment = {
    RELAY_HUB_PROJECT      = var.hub_project_id
    RELAY_RELEASES_TOPIC   = google_pubsub_topic.releases.name
    RELAY_MONOREPO_TRIGGER = google_cloudbuild_trigger.monorepo.trigger_id
    RELAY_RELEASE_BRANCHES = var.release_branches
    RELAY_HOTFIX_BRANCHES  = var.hotfix_branches
  }

  # Cloud Build's own notifications.
  event_trigger = {
    pubsub_topic = google_pubsub_topic.cloud_builds.id
  }

  depends_on = [google_project_service.apis]
}

module "release_status" {
  source = "../relay-function"

  project_id            = var.hub_project_id
  region                = var.region
  name                  = "release-status"
  description           = "Read API (/releases, /clients, /clients/{id}) and the HTML dashboard over Relay's Firestore state and the client files."
  labels                = local.labels
  entry_point           = "com.twosixty.relay.status.ReleaseStatus"
  build_service_account = google_service_account.function_build.id
  source_bucket         = google_storage_bucket.function_sources.name
  source_object         = google_storage_bucket_object.function_source["release-status"].name
  service_account_email = google_service_account.release_status.email
  memory                = "256Mi" # RelayFunction.shape(): terraform-checks compare
  cpu                   = "1"
  max_instances         = var.function_max_instances
  ingress_settings      = "ALLOW_ALL"

  environment = {
    RELAY_HUB_PROJECT        = var.hub_project_id
    RELAY_CLIENTS            = local.clients_setting
    RELAY_FIRESTORE_DATABASE = google_firestore_database.relay.name
    # The hub's waves, as release-rollout gets them: each release's rollout is shown against them.
    RELAY_ROLLOUT = local.rollout
  }

  depends_on = [google_project_service.apis]
}

module "command_gateway" {
  source = "../relay-function"

  project_id            = var.hub_project_id
  region                = var.region
  name                  = "command-gateway"
  description           = "Operators' and tools' commands: verifies the caller's Google-signed ID token, checks it against the client files, publishes on release-commands."
  labels                = local.labels
  entry_point           = "com.twosixty.relay.gateway.CommandGateway"
  build_service_account = google_service_account.function_build.id
  source_bucket         = google_storage_bucket.function_sources.name
  source_object         = google_storage_bucket_object.function_source["command-gateway"].name
  service_account_email = google_service_account.command_gateway.email
  memory                = "256Mi" # RelayFunction.shape(): terraform-checks compare
  cpu                   = "1"
  max_instances         = var.function_max_instances
  ingress_settings      = "ALLOW_ALL"

  environment = {
    RELAY_HUB_PROJECT            = var.hub_project_id
    RELAY_RELEASE_COMMANDS_TOPIC = google_pubsub_topic.release_commands.name
    RELAY_CLIENTS                = local.clients_setting
    RELAY_TOKEN_AUDIENCES        = join(",", concat([local.command_gateway_url], var.command_user_audiences))
  }

  depends_on = [google_project_service.apis]
}

# The functions were resources of this module before they moved into relay-function: these keep an
# existing state's functions (and their URLs) instead of destroying and re-creating them.
moved {
  from = google_cloudfunctions2_function.push_webhook
  to   = module.push_webhook.google_cloudfunctions2_function.function
}

moved {
  from = google_cloudfunctions2_function.release_publisher
  to   = module.release_publisher.google_cloudfunctions2_function.function
}

moved {
  from = google_cloudfunctions2_function.release_status
  to   = module.release_status.google_cloudfunctions2_function.function
}
