# A client's deployment repository on GitLab (gitlab.com or the self-managed host the caller's gitlab
# provider is configured for), created from the template in terraform/examples/client-repo: the
# project in its group, then each template file committed once. The files are the client's from then
# on (ignore_changes on content), and the project is archived, never deleted (archive_on_destroy).

locals {
  files = { for f in fileset(var.template_dir, "**") : f => f if !startswith(f, ".terraform") }
}

data "gitlab_group" "namespace" {
  full_path = var.namespace
}

resource "gitlab_project" "deploy" {
  name                   = var.name
  path                   = var.name
  namespace_id           = data.gitlab_group.namespace.group_id
  description            = var.description
  visibility_level       = var.visibility
  default_branch         = var.branch
  initialize_with_readme = true
  archive_on_destroy     = true
}

resource "gitlab_repository_file" "template" {
  for_each = local.files

  project             = gitlab_project.deploy.id
  branch              = var.branch
  file_path           = each.key
  content             = file("${var.template_dir}/${each.key}")
  encoding            = "text"
  commit_message      = "Relay: ${each.key} from the client-repo template"
  overwrite_on_create = true

  lifecycle {
    ignore_changes = [content, commit_message]
  }
}
