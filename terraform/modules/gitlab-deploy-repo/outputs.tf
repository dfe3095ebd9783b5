output "http_url_to_repo" {
  description = "HTTPS URL of the project's repository (the client file's deploy.repo, with .git)."
  value       = gitlab_project.deploy.http_url_to_repo
}

output "path_with_namespace" {
  description = "GROUP[/SUBGROUP]/NAME of the project."
  value       = gitlab_project.deploy.path_with_namespace
}

output "files" {
  description = "The template files committed to the repository."
  value       = sort(keys(gitlab_repository_file.template))
}
