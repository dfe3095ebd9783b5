output "http_clone_url" {
  description = "HTTPS URL of the repository (the client file's deploy.repo, with .git)."
  value       = github_repository.deploy.http_clone_url
}

output "name" {
  description = "Name of the repository, once it is added to the Cloud Build GitHub App's installation (when app_installation_id is set)."
  value       = var.app_installation_id == null ? github_repository.deploy.name : github_app_installation_repository.cloud_build[0].repository
}

output "full_name" {
  description = "OWNER/NAME of the repository."
  value       = github_repository.deploy.full_name
}

output "files" {
  description = "The template files committed to the repository."
  value       = sort(keys(github_repository_file.template))
}
