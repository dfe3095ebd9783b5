# Optional (var.deployments_bigquery): every relay.deployment/v1 event on the deployments topic,
# streamed into BigQuery by a BigQuery subscription, and every relay.release/v1 beside it (lead time
# needs the release's source.commitTime). Each subscription uses its table's schema: a message's JSON
# fields land in the columns of the same name (a field a newer Relay adds is dropped until the table
# has it), and Pub/Sub's metadata in its own columns.
# Delivery is at least once: queries drop duplicates by message_id (README, "The four keys in BigQuery").

locals {
  deployments_bigquery = var.deployments_bigquery != null
}

resource "google_project_service" "bigquery" {
  count              = local.deployments_bigquery ? 1 : 0
  project            = var.hub_project_id
  service            = "bigquery.googleapis.com"
  disable_on_destroy = false
}

resource "google_bigquery_dataset" "relay" {
  count       = local.deployments_bigquery ? 1 : 0
  project     = var.hub_project_id
  dataset_id  = var.deployments_bigquery.dataset_id
  location    = var.deployments_bigquery.location
  description = "Relay's deployment events, streamed from the deployments topic."
  labels      = local.labels

  depends_on = [google_project_service.bigquery]
}

resource "google_bigquery_table" "deployments" {
  count               = local.deployments_bigquery ? 1 : 0
  project             = var.hub_project_id
  dataset_id          = google_bigquery_dataset.relay[0].dataset_id
  table_id            = var.deployments_bigquery.table_id
  description         = "relay.deployment/v1, one row per event (at least once: deduplicate by message_id)."
  labels              = local.labels
  deletion_protection = true

  time_partitioning {
    type  = "DAY"
    field = "publish_time"
  }

  clustering = ["client", "status"]

  # relay.deployment/v1's fields (shared/.../contract/DeploymentEvent, README "Contracts"), then the
  # columns write_metadata fills. `at` stays the event's RFC 3339 text: TIMESTAMP(at) in queries.
  schema = jsonencode([
    { name = "schema", type = "STRING", mode = "NULLABLE", description = "relay.deployment/v1" },
    { name = "client", type = "STRING", mode = "NULLABLE", description = "The client the deployment is for; hub on an operator's HALTED (no client's deployment)." },
    { name = "releaseId", type = "STRING", mode = "NULLABLE", description = "The release deployed (or rolled back to; on ROLLED_BACK, the release rolled back from)." },
    { name = "services", type = "STRING", mode = "REPEATED", description = "The services the event is about." },
    { name = "status", type = "STRING", mode = "NULLABLE", description = "SKIPPED, AWAITING_APPROVAL, WAITING_FOR_WAVE, PLANNED, TRIGGERED, STARTED, SUCCEEDED, FAILED, ROLLED_BACK (a rollback took the release back, not a deploy) or HALTED (a release's rollout, not a deploy)." },
    { name = "reason", type = "STRING", mode = "NULLABLE", description = "Why (a skip's or failure's reason)." },
    { name = "buildId", type = "STRING", mode = "NULLABLE", description = "The deploy build." },
    { name = "logUrl", type = "STRING", mode = "NULLABLE", description = "The deploy build's log." },
    { name = "at", type = "STRING", mode = "NULLABLE", description = "When it happened, RFC 3339." },
    { name = "subscription_name", type = "STRING", mode = "NULLABLE", description = "Pub/Sub metadata." },
    { name = "message_id", type = "STRING", mode = "NULLABLE", description = "Pub/Sub metadata: deduplicate by it." },
    { name = "publish_time", type = "TIMESTAMP", mode = "NULLABLE", description = "Pub/Sub metadata." },
    { name = "attributes", type = "STRING", mode = "NULLABLE", description = "Pub/Sub metadata: the message's attributes as JSON." },
  ])
}

# The Pub/Sub service agent writes the rows; it needs nothing else of BigQuery.
resource "google_bigquery_table_iam_member" "deployments_writer" {
  count      = local.deployments_bigquery ? 1 : 0
  project    = var.hub_project_id
  dataset_id = google_bigquery_table.deployments[0].dataset_id
  table_id   = google_bigquery_table.deployments[0].table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:service-${data.google_project.hub.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_subscription" "deployments_bigquery" {
  count                      = local.deployments_bigquery ? 1 : 0
  project                    = var.hub_project_id
  name                       = "${var.deployments_topic}-bigquery"
  topic                      = google_pubsub_topic.deployments.id
  labels                     = local.labels
  message_retention_duration = var.message_retention

  bigquery_config {
    table               = "${var.hub_project_id}.${google_bigquery_table.deployments[0].dataset_id}.${google_bigquery_table.deployments[0].table_id}"
    use_table_schema    = true
    write_metadata      = true
    drop_unknown_fields = true
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [google_bigquery_table_iam_member.deployments_writer]
}

# The releases beside the deployments: source.commitTime is where lead time for changes starts.
resource "google_bigquery_table" "releases" {
  count               = local.deployments_bigquery ? 1 : 0
  project             = var.hub_project_id
  dataset_id          = google_bigquery_dataset.relay[0].dataset_id
  table_id            = "${var.deployments_bigquery.table_id}_releases"
  description         = "relay.release/v1, one row per release (at least once: deduplicate by message_id)."
  labels              = local.labels
  deletion_protection = true

  time_partitioning {
    type  = "DAY"
    field = "publish_time"
  }

  # shared/src/main/resources/schemas/relay.release.v1.avsc as columns, then write_metadata's.
  schema = jsonencode([
    { name = "schema", type = "STRING", mode = "NULLABLE" },
    { name = "releaseId", type = "STRING", mode = "NULLABLE" },
    { name = "sequence", type = "INTEGER", mode = "NULLABLE" },
    { name = "source", type = "RECORD", mode = "NULLABLE", fields = [
      { name = "repo", type = "STRING", mode = "NULLABLE" },
      { name = "branch", type = "STRING", mode = "NULLABLE" },
      { name = "commit", type = "STRING", mode = "NULLABLE" },
      { name = "buildId", type = "STRING", mode = "NULLABLE" },
      { name = "commitTime", type = "STRING", mode = "NULLABLE", description = "RFC 3339; empty when unknown." },
    ] },
    { name = "createdAt", type = "STRING", mode = "NULLABLE" },
    { name = "channel", type = "STRING", mode = "NULLABLE" },
    { name = "services", type = "RECORD", mode = "REPEATED", fields = [
      { name = "name", type = "STRING", mode = "NULLABLE" },
      { name = "image", type = "STRING", mode = "NULLABLE" },
      { name = "digest", type = "STRING", mode = "NULLABLE" },
      { name = "tag", type = "STRING", mode = "NULLABLE" },
    ] },
    { name = "subscription_name", type = "STRING", mode = "NULLABLE" },
    { name = "message_id", type = "STRING", mode = "NULLABLE" },
    { name = "publish_time", type = "TIMESTAMP", mode = "NULLABLE" },
    { name = "attributes", type = "STRING", mode = "NULLABLE" },
  ])
}

resource "google_bigquery_table_iam_member" "releases_writer" {
  count      = local.deployments_bigquery ? 1 : 0
  project    = var.hub_project_id
  dataset_id = google_bigquery_table.releases[0].dataset_id
  table_id   = google_bigquery_table.releases[0].table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:service-${data.google_project.hub.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_subscription" "releases_bigquery" {
  count                      = local.deployments_bigquery ? 1 : 0
  project                    = var.hub_project_id
  name                       = "${var.releases_topic}-bigquery"
  topic                      = google_pubsub_topic.releases.id
  labels                     = local.labels
  message_retention_duration = var.message_retention

  bigquery_config {
    table               = "${var.hub_project_id}.${google_bigquery_table.releases[0].dataset_id}.${google_bigquery_table.releases[0].table_id}"
    use_table_schema    = true
    write_metadata      = true
    drop_unknown_fields = true
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [google_bigquery_table_iam_member.releases_writer]
}
