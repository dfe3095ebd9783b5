# The hub functions: entry points and environment variable names are exactly the ones
# com.twosixty.relay.config.RelayFunction lists (terraform-checks compares them).

locals {
  runtime = "java25"

  # push-webhook runs the trigger by its full name, which also holds for a regional trigger (GitLab);
  # release-publisher matches builds by the bare trigger id Cloud Build reports.
  monorepo_trigger_name = "projects/${var.project_id}/locations/${google_cloudbuild_trigger.monorepo.location}/triggers/${google_cloudbuild_trigger.monorepo.trigger_id}"
}

resource "google_cloudfunctions2_function" "push_webhook" {
  project     = var.project_id
  location    = var.region
  name        = "push-webhook"
  description = "Verifies GitLab/GitHub pushes and runs the monorepo trigger for the services that changed."
  labels      = local.labels

  build_config {
    runtime         = local.runtime
    entry_point     = "com.twosixty.relay.webhook.PushWebhook"
    service_account = google_service_account.function_build.id

    source {
      storage_source {
        bucket = google_storage_bucket.function_sources.name
        object = google_storage_bucket_object.function_source["push-webhook"].name
      }
    }
  }

  service_config {
    available_memory               = var.function_memory
    max_instance_count             = var.function_max_instances
    min_instance_count             = 0
    timeout_seconds                = 60
    ingress_settings               = "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.push_webhook.email

    environment_variables = {
      JAVA_TOOL_OPTIONS        = local.java_tool_options
      FIRESTORE_ENABLE_TRACING = local.firestore_enable_tracing
      RELAY_PROJECT            = var.project_id
      RELAY_MONOREPO_TRIGGER   = local.monorepo_trigger_name
      RELAY_RELEASE_BRANCHES   = var.release_branches
      RELAY_HOTFIX_BRANCHES    = var.hotfix_branches
      RELAY_SERVICES           = local.services_setting
      RELAY_SHARED_PATHS       = join(",", var.shared_paths)
      RELAY_WEBHOOK_MAX_BYTES  = tostring(var.webhook_max_bytes)
      RELAY_FIRESTORE_DATABASE = google_firestore_database.relay.name
    }

    secret_environment_variables {
      key        = "RELAY_WEBHOOK_SECRET"
      project_id = var.project_id
      secret     = google_secret_manager_secret.webhook.secret_id
      version    = "latest"
    }
  }

  depends_on = [google_project_service.apis, google_secret_manager_secret_iam_member.push_webhook_secret]
}

resource "google_cloudfunctions2_function" "release_publisher" {
  project     = var.project_id
  location    = var.region
  name        = "release-publisher"
  description = "Turns a successful monorepo build on a release or hotfix branch into one release on the releases topic."
  labels      = local.labels

  build_config {
    runtime         = local.runtime
    entry_point     = "com.twosixty.relay.publisher.ReleasePublisher"
    service_account = google_service_account.function_build.id

    source {
      storage_source {
        bucket = google_storage_bucket.function_sources.name
        object = google_storage_bucket_object.function_source["release-publisher"].name
      }
    }
  }

  service_config {
    available_memory               = var.function_memory
    max_instance_count             = var.function_max_instances
    min_instance_count             = 0
    timeout_seconds                = 60
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.release_publisher.email

    environment_variables = {
      JAVA_TOOL_OPTIONS        = local.java_tool_options
      FIRESTORE_ENABLE_TRACING = local.firestore_enable_tracing
      RELAY_PROJECT            = var.project_id
      RELAY_RELEASES_TOPIC     = google_pubsub_topic.releases.name
      RELAY_MONOREPO_TRIGGER   = google_cloudbuild_trigger.monorepo.trigger_id
      RELAY_RELEASE_BRANCHES   = var.release_branches
      RELAY_HOTFIX_BRANCHES    = var.hotfix_branches
    }
  }

  # Cloud Build's own notifications. A publish failure throws, so the event is retried.
  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.cloud_builds.id
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.release_publisher.email
  }

  depends_on = [google_project_service.apis]
}

resource "google_cloudfunctions2_function" "release_status" {
  project     = var.project_id
  location    = var.region
  name        = "release-status"
  description = "Read API (/releases, /clients, /clients/{id}) and the HTML dashboard over Relay's Firestore state."
  labels      = local.labels

  build_config {
    runtime         = local.runtime
    entry_point     = "com.twosixty.relay.status.ReleaseStatus"
    service_account = google_service_account.function_build.id

    source {
      storage_source {
        bucket = google_storage_bucket.function_sources.name
        object = google_storage_bucket_object.function_source["release-status"].name
      }
    }
  }

  service_config {
    available_memory               = var.function_memory
    max_instance_count             = var.function_max_instances
    min_instance_count             = 0
    timeout_seconds                = 60
    ingress_settings               = "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.release_status.email

    environment_variables = {
      JAVA_TOOL_OPTIONS        = local.java_tool_options
      FIRESTORE_ENABLE_TRACING = local.firestore_enable_tracing
      RELAY_PROJECT            = var.project_id
      RELAY_FIRESTORE_DATABASE = google_firestore_database.relay.name
    }
  }

  depends_on = [google_project_service.apis]
}
