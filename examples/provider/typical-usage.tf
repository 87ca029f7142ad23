# A team's workspace with a monthly budget, an existing user as its manager,
# and a service key for the team's backend.
resource "portkey_workspace" "search" {
  name        = "Search"
  description = "The search team."

  usage_limits = [{
    type            = "cost"
    credit_limit    = 500
    alert_threshold = 400
    periodic_reset  = "monthly"
  }]
}

data "portkey_user" "alice" {
  email = "alice@example.com"
}

resource "portkey_workspace_member" "alice" {
  workspace_id = portkey_workspace.search.id
  user_id      = data.portkey_user.alice.id
  role         = "manager"
}

resource "portkey_api_key" "search_backend" {
  name         = "search-backend"
  type         = "workspace"
  sub_type     = "service"
  workspace_id = portkey_workspace.search.id
  scopes       = ["completions.write"]
}

output "search_backend_key" {
  value     = portkey_api_key.search_backend.key
  sensitive = true
}
