variable "hub_project_id" {
  type        = string
  description = "The hub project: topics, schemas, Firestore, the image repository, the hub functions and the monorepo trigger live here. Functions read it as RELAY_HUB_PROJECT."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.hub_project_id))
    error_message = "hub_project_id must be a GCP project id: 6-30 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region of the hub functions, the function source bucket and (unless image_repository_location says otherwise) the image repository."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must be a GCP region such as europe-west2."
  }
}

variable "firestore_location" {
  type        = string
  description = "Location of the Firestore database that holds release and deployment state: a region (europe-west2) or a multi-region (eur3, nam5). Cannot change after creation."
  default     = "eur3"
}

variable "firestore_database" {
  type        = string
  description = "Firestore database id (RELAY_FIRESTORE_DATABASE). '(default)' is the database every client library uses when none is named."
  default     = "(default)"

  validation {
    condition     = var.firestore_database == "(default)" || can(regex("^[a-z][a-z0-9-]{2,62}$", var.firestore_database))
    error_message = "firestore_database must be '(default)' or 3-63 lowercase letters, digits or '-'."
  }
}

variable "releases_topic" {
  type        = string
  description = "Name of the topic that carries relay.release/v1 (RELAY_RELEASES_TOPIC). Keep the Java default unless two Relay installations share a project."
  default     = "releases"
}

variable "release_commands_topic" {
  type        = string
  description = "Name of the topic that carries relay.command/v1 (RELAY_RELEASE_COMMANDS_TOPIC)."
  default     = "release-commands"
}

variable "deployments_topic" {
  type        = string
  description = "Name of the topic that carries relay.deployment/v1 (RELAY_DEPLOYMENTS_TOPIC)."
  default     = "deployments"
}

variable "message_retention" {
  type        = string
  description = "How long the Relay topics keep messages for replay (seek), as seconds with an 's' suffix."
  default     = "604800s"

  validation {
    condition     = can(regex("^[0-9]+s$", var.message_retention))
    error_message = "message_retention must be a number of seconds such as 604800s."
  }
}

variable "image_repository_id" {
  type        = string
  description = "Artifact Registry repository for the monorepo's images. Use 'gcr.io' with image_repository_location 'us' for a gcr.io-domain repository."
  default     = "relay"
}

variable "image_repository_location" {
  type        = string
  description = "Location of the image repository; null means var.region."
  default     = null
}

variable "function_archives" {
  type        = map(string)
  description = "Local paths of the function source archives, keyed by function name (push-webhook, release-publisher, release-status, command-gateway, release-rollout, client-deployer, deploy-reporter): zips with the function's JAR at the root, as the build produces them. All seven are uploaded here; client environments deploy theirs from this bucket."

  validation {
    condition     = length(setsubtract(["push-webhook", "release-publisher", "release-status", "command-gateway", "release-rollout", "client-deployer", "deploy-reporter"], keys(var.function_archives))) == 0
    error_message = "function_archives needs an archive for each of push-webhook, release-publisher, release-status, command-gateway, release-rollout, client-deployer and deploy-reporter."
  }
}

variable "monorepo_uri" {
  type        = string
  description = "HTTPS URL of the monorepo, such as https://github.com/twosixty/relay-monorepo. Its Cloud Build connection (GitHub App) must exist in the hub project. Its path (twosixty/relay-monorepo) is RELAY_MONOREPO_REPOSITORY: push-webhook builds only pushes from the repository GitLab (path_with_namespace) or GitHub (full_name) names so."

  validation {
    condition     = can(regex("^https://[^/]+/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+/?$", var.monorepo_uri))
    error_message = "monorepo_uri must be the repository's https:// URL, https://HOST/GROUP/NAME (a GitLab subgroup adds /SUBGROUP)."
  }
}

variable "monorepo_repo_type" {
  type        = string
  description = "Kind of host of the monorepo, as Cloud Build names it. GITLAB (gitlab.com or self-managed) goes through a Cloud Build 2nd-gen connection this module creates from monorepo_gitlab; the others through a 1st-gen connection made in the console."
  default     = "GITHUB"

  validation {
    condition     = contains(["GITHUB", "GITLAB", "BITBUCKET_SERVER", "CLOUD_SOURCE_REPOSITORIES"], var.monorepo_repo_type)
    error_message = "monorepo_repo_type must be GITHUB, GITLAB, BITBUCKET_SERVER or CLOUD_SOURCE_REPOSITORIES."
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
  description = "For a GitLab monorepo (monorepo_repo_type = GITLAB): the GitLab host, the names of the Cloud Build connection and repository, and the Secret Manager secret versions (projects/P/secrets/S/versions/N) holding an api-scope token, a read_api-scope token and a webhook secret. null for other hosts."
  default     = null

  validation {
    condition = var.monorepo_gitlab == null || alltrue([
      for v in [var.monorepo_gitlab.api_token_secret_version, var.monorepo_gitlab.read_api_token_secret_version, var.monorepo_gitlab.webhook_secret_secret_version] :
      can(regex("^projects/[^/]+/secrets/[^/]+/versions/[^/]+$", v))
    ])
    error_message = "monorepo_gitlab's *_secret_version values must be secret versions: projects/PROJECT/secrets/SECRET/versions/VERSION."
  }

  validation {
    condition     = var.monorepo_gitlab == null || can(regex("^https://[^/]+$", var.monorepo_gitlab.host_uri))
    error_message = "monorepo_gitlab.host_uri must be https://HOST, such as https://gitlab.com or https://gitlab.example.com."
  }
}

variable "monorepo_branch" {
  type        = string
  description = "Branch the monorepo trigger builds when run without a branch; push-webhook names the pushed branch on each run."
  default     = "main"
}

variable "monorepo_trigger_name" {
  type        = string
  description = "Name of the monorepo Cloud Build trigger (its build config is the repository's cloudbuild.yaml)."
  default     = "relay-monorepo"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,63}$", var.monorepo_trigger_name))
    error_message = "monorepo_trigger_name must be up to 64 letters, digits or '-', starting with a letter."
  }
}

variable "release_branches" {
  type        = string
  description = "Regular expression of the branches whose builds become stable releases (RELAY_RELEASE_BRANCHES)."
  default     = "^(main|master)$"
}

variable "hotfix_branches" {
  type        = string
  description = "Regular expression of the branches whose builds become hotfix releases (RELAY_HOTFIX_BRANCHES)."
  default     = "^hotfix/.+$"
}

variable "services" {
  type        = map(string)
  description = "The monorepo's services and their folders, such as { billing = \"billing/\" }: push-webhook builds a service when its folder changes (RELAY_SERVICES)."

  validation {
    condition     = length(var.services) > 0
    error_message = "services must name at least one service."
  }
}

variable "shared_paths" {
  type        = list(string)
  description = "Paths whose change rebuilds every service (RELAY_SHARED_PATHS)."
  default     = ["shared/", "pom.xml", "cloudbuild.yaml"]
}

variable "webhook_max_bytes" {
  type        = number
  description = "Largest webhook body push-webhook accepts, in bytes (RELAY_WEBHOOK_MAX_BYTES)."
  default     = 5242880

  validation {
    condition     = var.webhook_max_bytes >= 1024 && var.webhook_max_bytes <= 33554432
    error_message = "webhook_max_bytes must be between 1 KiB and 32 MiB."
  }
}

variable "webhook_secret_id" {
  type        = string
  description = "Secret Manager secret that holds the GitLab token / GitHub HMAC secret. Terraform creates the secret, not its value: add the value with gcloud (see the README), so it never reaches the state."
  default     = "relay-webhook-secret"
}

variable "deploy_github" {
  type = object({
    app_installation_id  = number
    token_secret_id      = optional(string, "relay-github-token")
    token_secret_version = optional(number, 1)
  })
  description = "For client deployment repos on github.com, reached through Cloud Build 2nd-gen connections that Terraform makes in each client project: the installation id of the Cloud Build GitHub App on the GitHub organisation (or account) that holds the deployment repos, the Secret Manager secret in the hub that holds the token of the account that installed it (created here, its value added with gcloud), and that secret's version. null: GitHub deployment repos need a 1st-gen connection made in the Console."
  default     = null

  validation {
    condition     = var.deploy_github == null || try(var.deploy_github.app_installation_id > 0 && var.deploy_github.token_secret_version > 0, false)
    error_message = "deploy_github.app_installation_id and token_secret_version must be positive numbers (the installation id is in the URL of the app's settings page: github.com/organizations/ORG/settings/installations/ID)."
  }

  validation {
    condition     = var.deploy_github == null || can(regex("^[A-Za-z0-9_-]{1,255}$", var.deploy_github.token_secret_id))
    error_message = "deploy_github.token_secret_id must be a Secret Manager secret id: letters, digits, '-' or '_'."
  }
}

variable "status_invokers" {
  type        = list(string)
  description = "IAM members allowed to open the release-status API and dashboard, such as group:devops@example.com."
  default     = []
}

variable "clients" {
  type        = any
  description = "Every client definition (clients/<id>.yaml decoded with yamldecode), keyed by id: the command gateway, release-status and release-rollout get them as one JSON array, gzip-compressed and Base64-encoded (RELAY_CLIENTS, at most 24 KiB so); the gateway checks each command against the client's approvers and operators, release-status lists every client with its policy (pins, freeze windows, approval)."
  default     = {}

  validation {
    condition = alltrue([for id, client in var.clients : alltrue([
      for who in concat(try(client.approvers, []), try(client.operators, [])) :
      can(regex("^(domain:[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)$", who))
    ])])
    error_message = "Each client's approvers and operators must be email addresses or domain:example.com (groups go through command_invokers)."
  }

  validation {
    condition     = length(base64gzip(jsonencode([for id in sort(keys(var.clients)) : var.clients[id]]))) <= 24576
    error_message = "The client files, compressed as RELAY_CLIENTS carries them, exceed 24 KiB: with the functions' other variables they would not fit the 32 KiB Cloud Run allows a function's environment."
  }
}

variable "command_invokers" {
  type        = list(string)
  description = "IAM members allowed to call the command gateway (Cloud Run IAM), such as group:release-managers@example.com or user:ada@example.com. What each may send is the client files' approvers and operators."
  default     = []

  validation {
    condition     = alltrue([for m in var.command_invokers : can(regex("^(user|group|domain|serviceAccount):.+$", m))])
    error_message = "command_invokers entries must be IAM members: user:, group:, domain: or serviceAccount:."
  }
}

variable "command_publishers" {
  type        = list(string)
  description = "Emails of tool service accounts that may publish on release-commands directly, besides the command gateway (such as a hotfix job's account). Each bypasses the client files' lists: list only accounts you would let approve for every client."
  default     = []

  validation {
    condition     = alltrue([for sa in var.command_publishers : can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\\.iam\\.gserviceaccount\\.com$", sa))])
    error_message = "command_publishers entries must be service account emails (NAME@PROJECT.iam.gserviceaccount.com), not people or groups."
  }
}

variable "command_user_audiences" {
  type        = list(string)
  description = "Besides the gateway's URL, the aud values the gateway accepts in people's ID tokens: the OAuth client ids of gcloud (gcloud auth print-identity-token) and of Application Default Credentials (gcloud auth application-default login), whose user tokens cannot name another audience. Cloud Run's own IAM check accepts these too."
  default     = ["32555940559.apps.googleusercontent.com", "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com"]
}

variable "function_max_instances" {
  type        = number
  description = "Upper bound of instances per hub function."
  default     = 10

  validation {
    condition     = var.function_max_instances >= 1 && var.function_max_instances <= 100
    error_message = "function_max_instances must be between 1 and 100."
  }
}

variable "labels" {
  type        = map(string)
  description = "Labels added to every labelled hub resource."
  default     = {}
}

variable "deployments_bigquery" {
  type = object({
    dataset_id = optional(string, "relay")
    table_id   = optional(string, "deployments")
    location   = optional(string, "EU")
  })
  description = "Streams every relay.deployment/v1 event on the deployments topic into a BigQuery table, and every relay.release/v1 into <table_id>_releases (BigQuery subscriptions writing each message's fields to the table's columns, with Pub/Sub's metadata), for analysts' own four-keys queries. null (the default) leaves the export off. The dataset and tables are created here; location is a BigQuery location such as EU, US or europe-west2."
  default     = null

  validation {
    condition = var.deployments_bigquery == null ? true : (
      can(regex("^[A-Za-z0-9_]{1,1024}$", var.deployments_bigquery.dataset_id))
      && can(regex("^[A-Za-z0-9_-]{1,1024}$", var.deployments_bigquery.table_id))
      && can(regex("^([A-Za-z]+|[a-z]+-[a-z]+[0-9])$", var.deployments_bigquery.location))
    )
    error_message = "deployments_bigquery: dataset_id is letters, digits or '_'; table_id letters, digits, '_' or '-'; location a BigQuery location such as EU, US or europe-west2."
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
  description = "Progressive delivery across clients (RELAY_ROLLOUT, README: Waves): one entry per wave, wave 1 first, each with its soak time (ISO-8601: how long its deployments must have run healthy before the next wave may start); what halts a release's rollout (FAILED, ROLLED_BACK: any of them in a wave); whether hotfix releases skip soak times; whether a frozen client holds the next wave. A client file's wave: puts the client in a wave (none: the last). No waves (the default): every client takes every release at once."
  default     = {}

  validation {
    condition     = alltrue([for w in var.rollout.waves : can(regex("^PT([0-9]+H)?([0-9]+M)?([0-9]+S)?$", w.soak)) && w.soak != "PT"])
    error_message = "rollout.waves[*].soak must be an ISO-8601 duration of hours, minutes and seconds, such as PT30M or PT2H."
  }

  validation {
    condition     = length(var.rollout.waves) <= 20
    error_message = "rollout has at most 20 waves (a client file's wave: is 1-20)."
  }

  validation {
    condition     = alltrue([for c in var.rollout.halt_on : contains(["FAILED", "ROLLED_BACK"], c)])
    error_message = "rollout.halt_on takes FAILED and ROLLED_BACK."
  }
}

variable "rollout_tick_schedule" {
  type        = string
  description = "Cron schedule of the Cloud Scheduler job that wakes release-rollout while rollout has waves (a soak ends at most one period late)."
  default     = "* * * * *"

  validation {
    condition     = length(split(" ", trimspace(var.rollout_tick_schedule))) == 5
    error_message = "rollout_tick_schedule must be a five-field cron expression such as \"* * * * *\"."
  }
}
