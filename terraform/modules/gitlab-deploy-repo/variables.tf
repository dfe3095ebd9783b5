variable "namespace" {
  type        = string
  description = "Full path of the existing GitLab group the project is created in, such as acme or acme/deploy (the client file's deploy.repo without host and name)."

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", var.namespace))
    error_message = "namespace must be a GitLab group path such as acme or acme/deploy."
  }
}

variable "name" {
  type        = string
  description = "Name and path of the project (the last part of the client file's deploy.repo)."

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$", var.name))
    error_message = "name must be a GitLab project path: letters, digits, '.', '_' or '-', starting with a letter or digit."
  }
}

variable "description" {
  type        = string
  description = "Description of the project."
  default     = "Relay deployment repository: the deploy build and the Kubernetes manifests of one client."
}

variable "visibility" {
  type        = string
  description = "private or internal; a deployment repository is never public."
  default     = "private"

  validation {
    condition     = contains(["private", "internal"], var.visibility)
    error_message = "visibility must be private or internal."
  }
}

variable "branch" {
  type        = string
  description = "Default branch, which the template files are committed to: the deploy trigger's branch."
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.branch))
    error_message = "branch must be a branch name."
  }
}

variable "template_dir" {
  type        = string
  description = "Folder whose files are committed to the new project: terraform/examples/client-repo."

  validation {
    condition     = fileexists("${var.template_dir}/cloudbuild.yaml")
    error_message = "template_dir must hold a cloudbuild.yaml (terraform/examples/client-repo)."
  }
}
