variable "hub_project_id" {
  type        = string
  description = "The hub project (created before the first apply, see terraform/README.md)."
}

variable "region" {
  type        = string
  description = "Region of the hub's functions, bucket and image repository."
  default     = "europe-west2"
}

variable "firestore_location" {
  type        = string
  description = "Location of the hub's Firestore database: a region or a multi-region such as eur3."
  default     = "eur3"
}

variable "folder_id" {
  type        = string
  description = "Folder that client projects are created in, as 'folders/123' or '123'."
}

variable "billing_account" {
  type        = string
  description = "Billing account client projects are charged to, such as 012345-6789AB-CDEF01."
}

variable "monorepo_uri" {
  type        = string
  description = "HTTPS URL of the monorepo (connected to Cloud Build in the hub project)."
}

variable "monorepo_repo_type" {
  type        = string
  description = "Kind of host of the monorepo, as Cloud Build names it: GITHUB (1st-gen connection made in the console) or GITLAB (2nd-gen connection Terraform makes from monorepo_gitlab)."
  default     = "GITHUB"

  validation {
    condition     = contains(["GITHUB", "GITLAB"], var.monorepo_repo_type)
    error_message = "monorepo_repo_type must be GITHUB or GITLAB."
  }
}

variable "monorepo_gitlab" {
  type = object({
    host_uri                      = optional(string, "https://gitlab.com")
    connection_name               = optional(string, "relay-gitlab")
    repository_name               = optional(string, "relay-monorepo")
    api_token_secret_version      = string
    read_api_token_secret_version = string
    webhook_secret_secret_version = string
  })
  description = "For a GitLab monorepo: the GitLab host and the hub's Secret Manager secret versions (projects/P/secrets/S/versions/N) of an api-scope token, a read_api-scope token and a webhook secret (terraform/README.md, \"GitLab\")."
  default     = null
}

variable "client_gitlab" {
  type = map(object({
    host_uri                      = optional(string, "https://gitlab.com")
    connection_name               = optional(string, "relay-gitlab")
    repository_name               = optional(string, "relay-deploy")
    api_token_secret_version      = string
    read_api_token_secret_version = string
    webhook_secret_secret_version = string
  }))
  description = "Clients whose deployment repo is on GitLab, keyed by client id: the GitLab host and the client project's Secret Manager secret versions of an api-scope token, a read_api-scope token and a webhook secret. Clients not listed use GitHub."
  default     = {}
}

variable "services" {
  type        = map(string)
  description = "The monorepo's services and their folders, such as { billing = \"billing/\" }."
}

variable "function_archives" {
  type        = map(string)
  description = "Paths of function source archives that replace the default functions/<name>/target/<name>-function.zip, keyed by function name."
  default     = {}
}

variable "status_invokers" {
  type        = list(string)
  description = "IAM members allowed to open the release-status API and dashboard, such as group:devops@example.com."
  default     = []
}

variable "command_invokers" {
  type        = list(string)
  description = "IAM members allowed to call the command gateway, such as group:release-managers@example.com; what each may send is the client files' approvers and operators."
  default     = []
}

variable "command_publishers" {
  type        = list(string)
  description = "Emails of tool service accounts that may publish on release-commands directly, besides the command gateway."
  default     = []
}

variable "labels" {
  type        = map(string)
  description = "Labels for every labelled resource, hub and clients."
  default     = { "environment" = "production" }
}

variable "cluster_deletion_protection" {
  type        = bool
  description = "Whether client clusters refuse terraform destroy."
  default     = true
}

variable "binary_authorization_enforcement" {
  type        = string
  description = "Every client cluster's Binary Authorization enforcement: ENFORCED_BLOCK_AND_AUDIT_LOG, or DRYRUN_AUDIT_LOG_ONLY while rolling it out (images without the hub's Cloud Build attestation are admitted and audit-logged)."
  default     = "ENFORCED_BLOCK_AND_AUDIT_LOG"

  validation {
    condition     = contains(["ENFORCED_BLOCK_AND_AUDIT_LOG", "DRYRUN_AUDIT_LOG_ONLY"], var.binary_authorization_enforcement)
    error_message = "binary_authorization_enforcement must be ENFORCED_BLOCK_AND_AUDIT_LOG or DRYRUN_AUDIT_LOG_ONLY."
  }
}

variable "rollout" {
  type = object({
    waves = optional(list(object({
      soak = optional(string, "PT0S")
    })), [])
    halt_on           = optional(list(string), ["FAILED", "ROLLED_BACK"])
    hotfix_skips_soak = optional(bool, true)
    frozen_holds_wave = optional(bool, true)
  })
  description = "Progressive delivery across clients: each wave's soak time, wave 1 first, what halts a rollout, hotfixes and frozen clients (release-hub's rollout; README: Waves). The default is one wave: every client at once."
  default     = {}
}
