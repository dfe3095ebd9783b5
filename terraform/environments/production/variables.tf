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
