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
  description = "Clients whose deployment repo is on GitLab with tokens of their own, keyed by client id: the GitLab host and the Secret Manager secret versions (in the client project, or anywhere its Cloud Build agent may be granted them) of an api-scope token, a read_api-scope token and a webhook secret. Overrides deploy_gitlab for that client."
  default     = {}
}

variable "deploy_gitlab" {
  type = object({
    host_uri                      = optional(string, "https://gitlab.com")
    connection_name               = optional(string, "relay-gitlab")
    repository_name               = optional(string, "relay-deploy")
    api_token_secret_version      = string
    read_api_token_secret_version = string
    webhook_secret_secret_version = string
  })
  description = "For deployment repos on GitLab, held once per hub: the GitLab host and the hub's Secret Manager secret versions of an api-scope token, a read_api-scope token and a webhook secret. Every client whose deploy.repo is on host_uri then gets a Cloud Build connection made from them; client_gitlab overrides it for one client. null: GitLab clients need a client_gitlab entry."
  default     = null

  validation {
    condition     = var.deploy_gitlab == null || can(regex("^https://[^/]+$", var.deploy_gitlab.host_uri))
    error_message = "deploy_gitlab.host_uri must be https://HOST, such as https://gitlab.com."
  }
}

variable "deploy_github" {
  type = object({
    app_installation_id  = number
    token_secret_id      = optional(string, "relay-github-token")
    token_secret_version = optional(number, 1)
  })
  description = "For deployment repos on github.com: the installation id of the Cloud Build GitHub App on the organisation that holds them, and the hub secret (created by Terraform, its value added with gcloud, see terraform/README.md) holding the token of the account that installed it. Each GitHub client then gets its own Cloud Build 2nd-gen connection from them, with no Console step. null: GitHub clients need a 1st-gen connection made in the Console."
  default     = null

  validation {
    condition     = var.deploy_github == null || try(var.deploy_github.app_installation_id > 0 && var.deploy_github.token_secret_version > 0, false)
    error_message = "deploy_github.app_installation_id and token_secret_version must be positive numbers (the installation id ends the URL of the app's page: github.com/organizations/ORG/settings/installations/ID)."
  }
}

variable "create_deploy_repos" {
  type        = bool
  description = "Whether Terraform creates each client's deployment repository from terraform/examples/client-repo: on github.com under github_owner (GITHUB_TOKEN), on the GitLab host of deploy_gitlab in the deploy.repo's existing group (GITLAB_TOKEN). false: the repositories must exist before the apply."
  default     = false
}

variable "deploy_github_selected_repositories" {
  type        = bool
  description = "Whether the Cloud Build GitHub App is installed on selected repositories only: each deployment repo Terraform creates is then added to the installation (GITHUB_TOKEN of an organisation owner). false: the installation covers all repositories."
  default     = false
}

variable "github_owner" {
  type        = string
  description = "GitHub organisation (or account) the github provider creates deployment repositories under, with create_deploy_repos; every created client's deploy.repo must be https://github.com/<github_owner>/NAME."
  default     = null

  validation {
    condition     = var.github_owner == null || can(regex("^[A-Za-z0-9-]{1,39}$", var.github_owner))
    error_message = "github_owner must be a GitHub organisation or user name."
  }
}

variable "create_sample_clients" {
  type        = bool
  description = "Whether the sample clients that ship in clients/ (acme, essence, northwind: the local stack's and the demo's, with made-up project ids) are created too. false: only the clients you added."
  default     = false
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
