output "name" {
  description = "The function's name (also the name of its Cloud Run service, for run.invoker grants)."
  value       = google_cloudfunctions2_function.function.name
}

output "id" {
  description = "Full resource name of the function."
  value       = google_cloudfunctions2_function.function.id
}

output "uri" {
  description = "HTTPS URL of the function: a webhook's address or a push subscription's endpoint."
  value       = google_cloudfunctions2_function.function.service_config[0].uri
}
