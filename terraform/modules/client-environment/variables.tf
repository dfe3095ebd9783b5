variable "client" {
  type = object({
    id          = string
    displayName = optional(string)
    gcp = object({
      project = string
      region  = string
    })
    cluster = object({
      name      = string
      location  = string
      autopilot = optional(bool, true)
    })
    deploy = object({
      repo    = string
      trigger = string
    })
    services = optional(list(string), [])
    channel  = optional(string, "both")
    approval = optional(string, "automatic")
    freeze = optional(list(object({
      day      = string
      start    = string
      duration = string
      timeZone = string
    })), [])
    pins         = optional(map(string), {})
    autoRollback = optional(bool, false)
    images = optional(object({
      allow = optional(list(string), [])
    }), {})
    approvers = optional(list(string), [])
    operators = optional(list(string), [])
    wave      = optional(number)
  })
  description = "The client definition: clients/<id>.yaml decoded with yamldecode. Its fields mirror com.twosixty.relay.client.ClientDefinition; the functions get it as JSON in RELAY_CLIENT."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,28}[a-z0-9]$", var.client.id))
    error_message = "client.id must be 3-30 lowercase letters, digits or '-', starting with a letter (as ClientDefinitions requires)."
  }

  validation {
    condition     = var.client.id != "hub"
    error_message = "client.id 'hub' is reserved: the hub's own events (an operator's halt) carry it as their client (as ClientDefinitions requires)."
  }

  validation {
    condition     = var.client.wave == null ? true : (floor(var.client.wave) == var.client.wave && var.client.wave >= 1 && var.client.wave <= 20)
    error_message = "client.wave must be a whole number from 1 to 20 (as ClientDefinitions requires); leave it out for the hub's last wave."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9 '\"!-]{4,30}$", coalesce(var.client.displayName, var.client.id)))
    error_message = "client.displayName (or, without it, client.id) becomes the project name: 4-30 letters, digits, spaces, hyphens, quotes or '!'."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.client.gcp.project))
    error_message = "client.gcp.project must be a GCP project id."
  }

  validation {
    condition     = contains(["stable", "hotfix", "both"], var.client.channel)
    error_message = "client.channel must be stable, hotfix or both."
  }

  validation {
    condition     = contains(["automatic", "manual"], var.client.approval)
    error_message = "client.approval must be automatic or manual."
  }

  validation {
    condition     = alltrue([for prefix in var.client.images.allow : can(regex("^[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+/?$", prefix))])
    error_message = "client.images.allow entries must be image repository prefixes such as europe-docker.pkg.dev/acme-tools/sidecars/ (a registry host and at least one path segment, no tag or digest)."
  }

  validation {
    condition     = alltrue([for who in concat(var.client.approvers, var.client.operators) : can(regex("^(domain:[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)$", who))])
    error_message = "client.approvers and client.operators entries must be email addresses or domain:example.com."
  }

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,63}$", var.client.deploy.trigger))
    error_message = "client.deploy.trigger must be a Cloud Build trigger name: letters, digits or '-', starting with a letter."
  }
}

variable "folder_id" {
  type        = string
  description = "Folder the client project is created in, as 'folders/123' or '123'."

  validation {
    condition     = can(regex("^(folders/)?[0-9]+$", var.folder_id))
    error_message = "folder_id must be a folder number, optionally prefixed with folders/."
  }
}

variable "billing_account" {
  type        = string
  description = "Billing account the client project is charged to, such as 012345-6789AB-CDEF01."

  validation {
    condition     = can(regex("^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$", var.billing_account))
    error_message = "billing_account must look like 012345-6789AB-CDEF01."
  }
}

variable "labels" {
  type        = map(string)
  description = "Labels for the client project and its labelled resources; relay-client and managed-by are added."
  default     = {}
}

variable "hub" {
  type = object({
    hub_project_id                        = string
    releases_topic                        = string
    release_commands_topic                = string
    deployments_topic                     = string
    releases_dead_letter_topic_id         = string
    release_commands_dead_letter_topic_id = string
    firestore_database                    = string
    image_repository                      = string
    image_repository_location             = string
    image_repository_name                 = string
    function_source_bucket                = string
    client_deployer_source                = string
    deploy_reporter_source                = string
    region                                = string
    command_gateway_name                  = string
    command_gateway_url                   = string
    github_connection = optional(object({
      app_installation_id        = number
      oauth_token_secret_version = string
    }))
    rollout = optional(string, "")
  })
  description = "What the client environment takes from the hub: release-hub's client_inputs output, passed whole. hub_project_id is RELAY_HUB_PROJECT of the client functions; the topic names are RELAY_RELEASES_TOPIC, RELAY_RELEASE_COMMANDS_TOPIC and RELAY_DEPLOYMENTS_TOPIC; the dead-letter topics are full names (projects/P/topics/T); the image repository is what the deploy build and the nodes may read, and image_repository (the monorepo build's _IMAGE_BASE) is the prefix client-deployer allows images from (RELAY_IMAGE_REPOSITORIES); the sources are object names in function_source_bucket; github_connection (or null) is the Cloud Build GitHub App installation and token secret version a GitHub deployment repo's 2nd-gen connection is made from; rollout is client-deployer's RELAY_ROLLOUT (the hub's waves, README: Waves)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.hub.hub_project_id))
    error_message = "hub.hub_project_id must be a GCP project id."
  }

  validation {
    condition     = alltrue([for id in [var.hub.releases_dead_letter_topic_id, var.hub.release_commands_dead_letter_topic_id] : can(regex("^projects/[^/]+/topics/[^/]+$", id))])
    error_message = "hub.releases_dead_letter_topic_id and hub.release_commands_dead_letter_topic_id must be projects/P/topics/T."
  }
}

variable "max_event_age" {
  type        = string
  description = "Events older than this ISO-8601 duration are dropped with a log line (RELAY_MAX_EVENT_AGE)."
  default     = "PT24H"

  validation {
    condition     = can(regex("^P(T([0-9]+H)?([0-9]+M)?([0-9]+S)?|[0-9]+D)$", var.max_event_age))
    error_message = "max_event_age must be an ISO-8601 duration such as PT24H."
  }
}

variable "deploy_repo_type" {
  type        = string
  description = "Kind of host of the client's deployment repository, as Cloud Build names it. GITLAB (gitlab.com or self-managed) goes through a Cloud Build 2nd-gen connection this module creates in the client project from deploy_gitlab, and so does GITHUB when the hub holds the GitHub credentials (hub.github_connection); for the others a 1st-gen connection must exist in the client project."
  default     = "GITHUB"

  validation {
    condition     = contains(["GITHUB", "GITLAB", "BITBUCKET_SERVER", "CLOUD_SOURCE_REPOSITORIES"], var.deploy_repo_type)
    error_message = "deploy_repo_type must be GITHUB, GITLAB, BITBUCKET_SERVER or CLOUD_SOURCE_REPOSITORIES."
  }
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
  description = "For a GitLab deployment repo (deploy_repo_type = GITLAB): the GitLab host, the names of the Cloud Build connection and repository in the client project, and the Secret Manager secret versions (projects/P/secrets/S/versions/N) holding an api-scope token, a read_api-scope token and a webhook secret. null for other hosts."
  default     = null

  validation {
    condition = var.deploy_gitlab == null || alltrue([
      for v in [var.deploy_gitlab.api_token_secret_version, var.deploy_gitlab.read_api_token_secret_version, var.deploy_gitlab.webhook_secret_secret_version] :
      can(regex("^projects/[^/]+/secrets/[^/]+/versions/[^/]+$", v))
    ])
    error_message = "deploy_gitlab's *_secret_version values must be secret versions: projects/PROJECT/secrets/SECRET/versions/VERSION."
  }

  validation {
    condition     = var.deploy_gitlab == null || can(regex("^https://[^/]+$", var.deploy_gitlab.host_uri))
    error_message = "deploy_gitlab.host_uri must be https://HOST, such as https://gitlab.com or https://gitlab.example.com."
  }
}

variable "deploy_branch" {
  type        = string
  description = "Branch of the deployment repository the deploy trigger builds."
  default     = "main"
}

variable "subnet_cidr" {
  type        = string
  description = "Primary range of the client's subnet; GKE adds its own secondary ranges."
  default     = "10.10.0.0/20"

  validation {
    condition     = can(cidrhost(var.subnet_cidr, 0))
    error_message = "subnet_cidr must be a CIDR range such as 10.10.0.0/20."
  }
}

variable "node_machine_type" {
  type        = string
  description = "Machine type of the node pool when the client's cluster is not Autopilot."
  default     = "e2-standard-4"
}

variable "node_count" {
  type        = number
  description = "Nodes per zone of the node pool when the client's cluster is not Autopilot."
  default     = 1

  validation {
    condition     = var.node_count >= 1 && var.node_count <= 20
    error_message = "node_count must be between 1 and 20."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Whether the GKE cluster refuses terraform destroy."
  default     = true
}

variable "max_delivery_attempts" {
  type        = number
  description = "Deliveries of a release or command to client-deployer before it goes to the dead-letter topic."
  default     = 10

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100 (Pub/Sub's limits)."
  }
}

variable "binary_authorization_enforcement" {
  type        = string
  description = "What the cluster's Binary Authorization policy does with an image the hub's built-by-cloud-build attestor has not attested: ENFORCED_BLOCK_AND_AUDIT_LOG refuses the pod, DRYRUN_AUDIT_LOG_ONLY admits it and writes an audit log entry (for rollout: watch the log, then enforce)."
  default     = "ENFORCED_BLOCK_AND_AUDIT_LOG"

  validation {
    condition     = contains(["ENFORCED_BLOCK_AND_AUDIT_LOG", "DRYRUN_AUDIT_LOG_ONLY"], var.binary_authorization_enforcement)
    error_message = "binary_authorization_enforcement must be ENFORCED_BLOCK_AND_AUDIT_LOG or DRYRUN_AUDIT_LOG_ONLY."
  }
}
