output "http_clone_url" {
  description = "HTTPS URL of the repository (the client file's deploy.repo, with .git)."
  value       = github_repository.deploy.http_clone_url
}

output "full_name" {
  description = "OWNER/NAME of the repository."
  value       = github_repository.deploy.full_name
}

output "files" {
  description = "The template files committed to the repository."
  value       = sort(keys(github_repository_file.template))
}
