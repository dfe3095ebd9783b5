variable "name" {
  type        = string
  description = "Name of the repository, under the owner the github provider is configured with (the last part of the client file's deploy.repo)."

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,100}$", var.name))
    error_message = "name must be a GitHub repository name: up to 100 letters, digits, '.', '_' or '-'."
  }
}

variable "description" {
  type        = string
  description = "Description of the repository."
  default     = "Relay deployment repository: the deploy build and the Kubernetes manifests of one client."
}

variable "visibility" {
  type        = string
  description = "private or internal (an organisation on GitHub Enterprise Cloud); a deployment repository is never public."
  default     = "private"

  validation {
    condition     = contains(["private", "internal"], var.visibility)
    error_message = "visibility must be private or internal."
  }
}

variable "branch" {
  type        = string
  description = "Branch the template files are committed to: the deploy trigger's branch."
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.branch))
    error_message = "branch must be a branch name."
  }
}

variable "template_dir" {
  type        = string
  description = "Folder whose files are committed to the new repository: terraform/examples/client-repo."

  validation {
    condition     = fileexists("${var.template_dir}/cloudbuild.yaml")
    error_message = "template_dir must hold a cloudbuild.yaml (terraform/examples/client-repo)."
  }
}

variable "app_installation_id" {
  type        = number
  description = "Installation id of the Cloud Build GitHub App to add the repository to, for an installation on selected repositories; null when the installation covers all repositories."
  default     = null

  validation {
    condition     = var.app_installation_id == null || try(var.app_installation_id > 0, false)
    error_message = "app_installation_id must be a positive installation id, or null."
  }
}
