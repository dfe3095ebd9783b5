# One Relay function: Cloud Functions 2nd gen on RelayFunction.RUNTIME, with the JVM and tracing
# settings every Relay function runs with, written here once. The hub and each client environment
# call this module once per function (terraform-checks follow the calls and check each function
# against com.twosixty.relay.config.RelayFunction).

locals {
  runtime = "java25"

  # Set on every function beside the settings it reads (RelayFunction.RUNTIME_ENVIRONMENT).
  runtime_environment = {
    # C1 only: measured to cut a function's cold start by about 40% (BENCHMARKS.md); the functions
    # are short-lived and I/O-bound, so the C2 compiler's later gains never arrive.
    JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
    # The Firestore client otherwise builds tracing attributes for every call, for spans nothing
    # exports: 2-9 % of a deployer's CPU per release (BENCHMARKS.md).
    FIRESTORE_ENABLE_TRACING = "false"
  }
}

resource "google_cloudfunctions2_function" "function" {
  project     = var.project_id
  location    = var.region
  name        = var.name
  description = var.description
  labels      = var.labels

  build_config {
    runtime         = local.runtime
    entry_point     = var.entry_point
    service_account = var.build_service_account

    source {
      storage_source {
        bucket = var.source_bucket
        object = var.source_object
      }
    }
  }

  service_config {
    # RelayFunction.shape(): the memory and vCPU share each instance gets (terraform-checks compare;
    # the benchmark measures each function at this share, BENCHMARKS.md "The deployed shape").
    available_memory = var.memory
    available_cpu    = var.cpu
    # One request at a time: required by Cloud Run below 1 vCPU, and what the functions are measured at.
    max_instance_request_concurrency = 1
    max_instance_count               = var.max_instances
    # Scale to zero: an idle instance kept warm costs more than the cold starts it saves (BENCHMARKS.md).
    min_instance_count             = 0
    timeout_seconds                = var.timeout_seconds
    ingress_settings               = var.ingress_settings
    all_traffic_on_latest_revision = true
    service_account_email          = var.service_account_email

    # The module's settings last: a caller cannot override them.
    environment_variables = merge(var.environment, local.runtime_environment)

    dynamic "secret_environment_variables" {
      for_each = var.secret_environment
      content {
        key        = secret_environment_variables.key
        project_id = secret_environment_variables.value.project_id
        secret     = secret_environment_variables.value.secret
        version    = secret_environment_variables.value.version
      }
    }
  }

  # A Pub/Sub topic's messages as CloudEvents (Eventarc), as the function's own identity. A failure
  # throws, so the event is retried.
  dynamic "event_trigger" {
    for_each = var.event_trigger[*]
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = event_trigger.value.pubsub_topic
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = var.service_account_email
    }
  }
}
