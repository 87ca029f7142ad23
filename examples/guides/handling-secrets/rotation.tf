variable "backend_key_generation" {
  description = "Change this (a date, a ticket number) to rotate the backend's key: same id, a new secret."
  type        = string
  default     = "2026-11"
}

resource "portkey_api_key" "backend" {
  name         = "backend-service"
  type         = "workspace"
  sub_type     = "service"
  workspace_id = "ws-produc-1a2b3c"
  scopes       = ["completions.write"]

  # A new value rotates the key on the next apply. The previous secret keeps
  # working for an hour, time for the backend to pick up the new one.
  rotate_trigger              = var.backend_key_generation
  rotate_transition_period_ms = 3600000
}

output "backend_key" {
  value     = portkey_api_key.backend.key
  sensitive = true
}

# Until when the previous secret still works (null before the first rotation).
output "previous_backend_key_works_until" {
  value = portkey_api_key.backend.key_transition_expires_at
}
