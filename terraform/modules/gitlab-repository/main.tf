# One GitLab repository reached through a Cloud Build 2nd-gen connection: the connection (its tokens
# are Secret Manager versions the operator creates, never Terraform values), the repository linked
# through it, and the Cloud Build service agent's access to the three secrets. release-hub calls it
# for a GitLab monorepo, client-environment for a GitLab deployment repo.

locals {
  # Cloud Build's service agent reads the GitLab tokens when it creates or uses the connection.
  cloudbuild_service_agent = "serviceAccount:service-${var.project_number}@gcp-sa-cloudbuild.iam.gserviceaccount.com"
  secret_versions = {
    api_token      = var.api_token_secret_version
    read_api_token = var.read_api_token_secret_version
    webhook_secret = var.webhook_secret_secret_version
  }
}

resource "google_secret_manager_secret_iam_member" "connection" {
  for_each  = local.secret_versions
  secret_id = regex("^(projects/[^/]+/secrets/[^/]+)/versions/[^/]+$", each.value)[0]
  role      = "roles/secretmanager.secretAccessor"
  member    = local.cloudbuild_service_agent
}

resource "google_cloudbuildv2_connection" "gitlab" {
  project  = var.project_id
  location = var.region
  name     = var.connection_name

  gitlab_config {
    host_uri                      = var.host_uri
    webhook_secret_secret_version = var.webhook_secret_secret_version

    authorizer_credential {
      user_token_secret_version = var.api_token_secret_version
    }

    read_authorizer_credential {
      user_token_secret_version = var.read_api_token_secret_version
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.connection]
}

resource "google_cloudbuildv2_repository" "repository" {
  project           = var.project_id
  location          = var.region
  name              = var.repository_name
  parent_connection = google_cloudbuildv2_connection.gitlab.name
  remote_uri        = "${trimsuffix(var.remote_uri, ".git")}.git"
}
