terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }

  # State lives in a bucket of the hub project (created once by hand, see terraform/README.md):
  #   terraform init -backend-config="bucket=<hub-project>-tfstate"
  backend "gcs" {
    prefix = "relay/production"
  }
}

provider "google" {
  project = var.hub_project_id
  region  = var.region
}
