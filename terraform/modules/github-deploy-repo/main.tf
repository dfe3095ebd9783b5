# A client's deployment repository on github.com, created from the template in
# terraform/examples/client-repo: the repository, then each template file committed once. The files
# are the client's from then on: Terraform does not put back a file the client has changed
# (ignore_changes on content), and never deletes the repository (archive_on_destroy). With an app
# installation id, the repository is added to that installation (the Cloud Build GitHub App installed
# for selected repositories only), so Cloud Build can link it.

locals {
  files = { for f in fileset(var.template_dir, "**") : f => f if !startswith(f, ".terraform") }
}

resource "github_repository" "deploy" {
  name        = var.name
  description = var.description
  visibility  = var.visibility
  auto_init   = true

  has_issues         = false
  has_projects       = false
  has_wiki           = false
  archive_on_destroy = true
}

resource "github_repository_file" "template" {
  for_each = local.files

  repository          = github_repository.deploy.name
  branch              = var.branch
  file                = each.key
  content             = file("${var.template_dir}/${each.key}")
  commit_message      = "Relay: ${each.key} from the client-repo template"
  overwrite_on_create = true

  lifecycle {
    ignore_changes = [content, commit_message]
  }
}

resource "github_app_installation_repository" "cloud_build" {
  count           = var.app_installation_id == null ? 0 : 1
  installation_id = tostring(var.app_installation_id)
  repository      = github_repository.deploy.name
}
