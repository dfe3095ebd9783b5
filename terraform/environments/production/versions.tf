terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
    # Creates the clients' GitHub deployment repos (create_deploy_repos); its token is GITHUB_TOKEN.
    github = {
      source  = "integrations/github"
      version = "~> 6.9"
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

# Only used with create_deploy_repos: the owner the deployment repos are created under. Without a
# GITHUB_TOKEN it makes no call (no github resource is planned then).
provider "github" {
  owner = var.github_owner
}
