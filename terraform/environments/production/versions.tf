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
    # Creates the clients' GitLab deployment repos (create_deploy_repos); its token is GITLAB_TOKEN.
    gitlab = {
      source  = "gitlabhq/gitlab"
      version = "~> 18.6"
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

# Only used with create_deploy_repos, for clients on the GitLab host of deploy_gitlab.
provider "gitlab" {
  base_url = "${var.deploy_gitlab == null ? "https://gitlab.com" : var.deploy_gitlab.host_uri}/api/v4/"
}
