# One GitHub repository reached through a Cloud Build 2nd-gen connection: the connection (authorised by
# the Cloud Build GitHub App's installation and the token of the account that installed it, a Secret
# Manager version the operator fills once per hub, never a Terraform value), the repository linked
# through it, and the Cloud Build service agent's access to the token's secret. client-environment
# calls it for a deployment repo on github.com, so onboarding a client needs no Console step.

locals {
  # Cloud Build's service agent reads the token when it creates or uses the connection.
  cloudbuild_service_agent = "serviceAccount:service-${var.project_number}@gcp-sa-cloudbuild.iam.gserviceaccount.com"
}

resource "google_secret_manager_secret_iam_member" "connection" {
  secret_id = regex("^(projects/[^/]+/secrets/[^/]+)/versions/[^/]+$", var.oauth_token_secret_version)[0]
  role      = "roles/secretmanager.secretAccessor"
  member    = local.cloudbuild_service_agent
}

resource "google_cloudbuildv2_connection" "github" {
  project  = var.project_id
  location = var.region
  name     = var.connection_name

  github_config {
    app_installation_id = var.app_installation_id

    authorizer_credential {
      oauth_token_secret_version = var.oauth_token_secret_version
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.connection]
}

resource "google_cloudbuildv2_repository" "repository" {
  project           = var.project_id
  location          = var.region
  name              = var.repository_name
  parent_connection = google_cloudbuildv2_connection.github.name
  remote_uri        = "${trimsuffix(trimsuffix(var.remote_uri, "/"), ".git")}.git"
}
