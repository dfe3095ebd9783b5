variable "project_id" {
  type        = string
  description = "Project the connection and repository live in (the project whose triggers build from the repository)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a GCP project id: 6-30 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "project_number" {
  type        = string
  description = "Number of that project: its Cloud Build service agent (service-NUMBER@gcp-sa-cloudbuild.iam.gserviceaccount.com) is granted the token's secret."

  validation {
    condition     = can(regex("^[0-9]+$", var.project_number))
    error_message = "project_number must be a project number (digits)."
  }
}

variable "region" {
  type        = string
  description = "Region of the connection; 2nd-gen connections are regional, and so is a trigger on one of their repositories."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must be a GCP region such as europe-west2."
  }
}

variable "connection_name" {
  type        = string
  description = "Name of the Cloud Build connection."
  default     = "relay-github"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.connection_name))
    error_message = "connection_name must be up to 63 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "repository_name" {
  type        = string
  description = "Name of the repository resource under the connection."
  default     = "relay-deploy"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", var.repository_name))
    error_message = "repository_name must be up to 63 letters, digits, '.', '_' or '-'."
  }
}

variable "remote_uri" {
  type        = string
  description = "HTTPS URL of the repository on github.com, such as https://github.com/acme/acme-deploy; .git is added when missing."

  validation {
    condition     = can(regex("^https://github\\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+?(\\.git)?/?$", var.remote_uri))
    error_message = "remote_uri must be a github.com repository URL: https://github.com/OWNER/NAME."
  }
}

variable "app_installation_id" {
  type        = number
  description = "Installation id of the Cloud Build GitHub App on the organisation (or account) that owns the repository."

  validation {
    condition     = var.app_installation_id > 0
    error_message = "app_installation_id must be the positive installation id of the Cloud Build GitHub App."
  }
}

variable "oauth_token_secret_version" {
  type        = string
  description = "Secret Manager version (projects/P/secrets/S/versions/N) of the token of the GitHub account that installed the app; it may live in another project (the hub), whose secret the project's Cloud Build service agent is then granted."

  validation {
    condition     = can(regex("^projects/[^/]+/secrets/[^/]+/versions/[^/]+$", var.oauth_token_secret_version))
    error_message = "oauth_token_secret_version must be projects/PROJECT/secrets/SECRET/versions/VERSION."
  }
}
