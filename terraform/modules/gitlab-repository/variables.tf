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
  description = "Number of that project: its Cloud Build service agent (service-NUMBER@gcp-sa-cloudbuild.iam.gserviceaccount.com) is granted the three secrets."

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

variable "host_uri" {
  type        = string
  description = "The GitLab host: https://gitlab.com or a self-managed instance's https://HOST."
  default     = "https://gitlab.com"

  validation {
    condition     = can(regex("^https://[^/]+$", var.host_uri))
    error_message = "host_uri must be https://HOST, such as https://gitlab.com or https://gitlab.example.com."
  }
}

variable "connection_name" {
  type        = string
  description = "Name of the Cloud Build connection."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.connection_name))
    error_message = "connection_name must be up to 63 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "repository_name" {
  type        = string
  description = "Name of the repository resource under the connection."

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", var.repository_name))
    error_message = "repository_name must be up to 63 letters, digits, '.', '_' or '-'."
  }
}

variable "remote_uri" {
  type        = string
  description = "HTTPS URL of the GitLab repository, such as https://gitlab.com/group/sub/name; .git is added when missing."

  validation {
    condition     = can(regex("^https://[^/]+/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+/?$", var.remote_uri))
    error_message = "remote_uri must be the repository's https:// URL, https://HOST/GROUP/NAME (a GitLab subgroup adds /SUBGROUP)."
  }
}

variable "api_token_secret_version" {
  type        = string
  description = "Secret Manager version (projects/P/secrets/S/versions/N) of a GitLab token with the api scope."

  validation {
    condition     = can(regex("^projects/[^/]+/secrets/[^/]+/versions/[^/]+$", var.api_token_secret_version))
    error_message = "api_token_secret_version must be projects/PROJECT/secrets/SECRET/versions/VERSION."
  }
}

variable "read_api_token_secret_version" {
  type        = string
  description = "Secret Manager version (projects/P/secrets/S/versions/N) of a GitLab token with the read_api scope."

  validation {
    condition     = can(regex("^projects/[^/]+/secrets/[^/]+/versions/[^/]+$", var.read_api_token_secret_version))
    error_message = "read_api_token_secret_version must be projects/PROJECT/secrets/SECRET/versions/VERSION."
  }
}

variable "webhook_secret_secret_version" {
  type        = string
  description = "Secret Manager version (projects/P/secrets/S/versions/N) of the secret GitLab signs the connection's webhooks with."

  validation {
    condition     = can(regex("^projects/[^/]+/secrets/[^/]+/versions/[^/]+$", var.webhook_secret_secret_version))
    error_message = "webhook_secret_secret_version must be projects/PROJECT/secrets/SECRET/versions/VERSION."
  }
}
