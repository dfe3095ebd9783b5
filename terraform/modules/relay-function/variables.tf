variable "project_id" {
  type        = string
  description = "Project the function runs in."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a GCP project id: 6-30 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Region of the function and of its Eventarc trigger."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must be a GCP region such as europe-west2."
  }
}

variable "name" {
  type        = string
  description = "The function's name: RelayFunction.functionName() (push-webhook, release-publisher, release-status, client-deployer, deploy-reporter)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,61}[a-z0-9]$", var.name))
    error_message = "name must be up to 63 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "description" {
  type        = string
  description = "What the function does, shown in the console."
}

variable "labels" {
  type        = map(string)
  description = "Labels of the function."
  default     = {}
}

variable "entry_point" {
  type        = string
  description = "Fully qualified class the Functions Framework runs: RelayFunction.entryPoint()."

  validation {
    condition     = can(regex("^([a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*$", var.entry_point))
    error_message = "entry_point must be a fully qualified Java class name such as com.twosixty.relay.webhook.PushWebhook."
  }
}

variable "build_service_account" {
  type        = string
  description = "Service account Cloud Build builds the function as (projects/P/serviceAccounts/EMAIL): it reads the source archive and pushes the function's image."

  validation {
    condition     = can(regex("^projects/[^/]+/serviceAccounts/[^/]+$", var.build_service_account))
    error_message = "build_service_account must be projects/PROJECT/serviceAccounts/EMAIL (a google_service_account's id)."
  }
}

variable "source_bucket" {
  type        = string
  description = "Bucket that holds the function's source archive."
}

variable "source_object" {
  type        = string
  description = "Object name of the source archive in source_bucket: a zip with the function's JAR at its root."
}

variable "service_account_email" {
  type        = string
  description = "Email of the function's own service account: it runs as it, and its Eventarc trigger (if any) delivers as it."
}

variable "memory" {
  type        = string
  description = "Memory of each instance in MiB, such as 256Mi: RelayFunction.shape().memory(), which terraform-checks compare."

  validation {
    condition     = can(regex("^[0-9]+Mi$", var.memory)) && try(tonumber(trimsuffix(var.memory, "Mi")) >= 128, false)
    error_message = "memory must be a size in MiB of at least 128, such as 256Mi."
  }
}

variable "cpu" {
  type        = string
  description = "vCPU share of each instance, such as 0.333 or 1: RelayFunction.shape().cpu(), which terraform-checks compare. Below 1, Cloud Run needs one request at a time (set by this module) and at most 512Mi below 0.5 vCPU, 1024Mi below 1."

  validation {
    condition = can(regex("^([0-9]+|0\\.[0-9]+)$", var.cpu)) && try(
      (tonumber(var.cpu) >= 0.08 && tonumber(var.cpu) < 1) || (tonumber(var.cpu) >= 1 && tonumber(var.cpu) <= 8 && floor(tonumber(var.cpu)) == tonumber(var.cpu)),
    false)
    error_message = "cpu must be a share from 0.08 to below 1 (such as 0.333), or a whole number of vCPUs from 1 to 8."
  }
}

variable "max_instances" {
  type        = number
  description = "Upper bound of instances."

  validation {
    condition     = var.max_instances >= 1 && var.max_instances <= 100
    error_message = "max_instances must be between 1 and 100."
  }
}

variable "timeout_seconds" {
  type        = number
  description = "How long one request or event may take before the platform cuts it off."
  default     = 60

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 540
    error_message = "timeout_seconds must be between 1 and 540 (an event-driven function's limit)."
  }
}

variable "ingress_settings" {
  type        = string
  description = "Who may reach the function over the network: ALLOW_ALL for webhooks, dashboards and push subscriptions (IAM still decides who may invoke), ALLOW_INTERNAL_ONLY for functions only Eventarc calls."
  default     = "ALLOW_INTERNAL_ONLY"

  validation {
    condition     = contains(["ALLOW_ALL", "ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB"], var.ingress_settings)
    error_message = "ingress_settings must be ALLOW_ALL, ALLOW_INTERNAL_ONLY or ALLOW_INTERNAL_AND_GCLB."
  }
}

variable "environment" {
  type        = map(string)
  description = "The settings (environment variables) the function reads, RelayFunction.settings(). JAVA_TOOL_OPTIONS and FIRESTORE_ENABLE_TRACING are this module's."
  default     = {}

  validation {
    condition     = length(setintersection(keys(var.environment), ["JAVA_TOOL_OPTIONS", "FIRESTORE_ENABLE_TRACING"])) == 0
    error_message = "environment must not set JAVA_TOOL_OPTIONS or FIRESTORE_ENABLE_TRACING: every Relay function gets them from this module."
  }
}

variable "secret_environment" {
  type = map(object({
    project_id = string
    secret     = string
    version    = optional(string, "latest")
  }))
  description = "Settings read from Secret Manager, keyed by environment variable name: the secret's project, id and version (default latest)."
  default     = {}
}

variable "event_trigger" {
  type = object({
    pubsub_topic = string
  })
  description = "For a CloudEvent function (RelayFunction.Delivery.EVENTARC): the topic (projects/P/topics/T) whose messages Eventarc delivers, with retry. null for an HTTP function (called directly or fed by push subscriptions)."
  default     = null

  validation {
    condition     = var.event_trigger == null || can(regex("^projects/[^/]+/topics/[^/]+$", var.event_trigger.pubsub_topic))
    error_message = "event_trigger.pubsub_topic must be a topic's full name: projects/PROJECT/topics/TOPIC."
  }
}
