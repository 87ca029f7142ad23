# An Admin API key for the whole organisation.
resource "portkey_api_key" "admin" {
  name     = "terraform-admin"
  type     = "organisation"
  sub_type = "service"
  scopes   = ["workspaces.read", "workspaces.list", "organisation_users.read"]
}

# A service key for one workspace, with a budget, a rate limit and an expiry.
resource "portkey_api_key" "backend" {
  name         = "backend-service"
  description  = "Used by the backend to call the gateway."
  type         = "workspace"
  sub_type     = "service"
  workspace_id = "ws-produc-1a2b3c" # the workspace's slug or UUID
  scopes       = ["completions.write", "logs.view"]

  metadata = {
    team = "backend"
  }

  alert_emails = ["platform@example.com"]
  expires_at   = "2030-01-01T00:00:00Z"

  rate_limits = [{
    type  = "requests"
    unit  = "rpm"
    value = 600
  }]

  usage_limits = {
    type            = "cost"
    credit_limit    = 250.5
    alert_threshold = 200
    periodic_reset  = "monthly"
  }

  # Change rotate_trigger to rotate the key yourself: same id, a new secret.
  # The old secret keeps working for rotate_transition_period_ms.
  rotate_trigger              = "2026-11"
  rotate_transition_period_ms = 3600000
}

# A user's own key in the same workspace.
resource "portkey_api_key" "alice" {
  name         = "alice-notebook"
  type         = "workspace"
  sub_type     = "user"
  workspace_id = "ws-produc-1a2b3c"
  user_id      = "b2182deb-05c8-11f1-84d4-024c88f9cbd3" # an organisation user's id
  scopes       = ["completions.write"]

  usage_limits = {
    credit_limit        = 20
    periodic_reset_days = 7
  }
}

# The secret is sensitive: hand it to a secret store, or mark outputs sensitive.
output "backend_key" {
  value     = portkey_api_key.backend.key
  sensitive = true
}

# key_hint is the masked form Portkey shows, safe to print.
output "backend_key_hint" {
  value = portkey_api_key.backend.key_hint
}
