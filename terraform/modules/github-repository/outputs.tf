output "repository_id" {
  description = "Full resource name of the repository (projects/P/locations/R/connections/C/repositories/N): a trigger's source_to_build.repository and git_file_source.repository."
  value       = google_cloudbuildv2_repository.repository.id
}

output "connection_name" {
  description = "Name of the Cloud Build connection."
  value       = google_cloudbuildv2_connection.github.name
}
