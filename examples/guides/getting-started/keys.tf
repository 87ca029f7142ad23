# The team's backend calls the gateway with a service key of the workspace,
# with its own budget.
resource "portkey_api_key" "search_backend" {
  name         = "search-backend"
  description  = "Gateway key of the search backend."
  type         = "workspace"
  sub_type     = "service"
  workspace_id = portkey_workspace.search.id
  scopes       = ["completions.write", "logs.view"]

  usage_limits = {
    type            = "cost"
    credit_limit    = 200
    alert_threshold = 150
    periodic_reset  = "monthly"
  }
}

# Bob's own key in the workspace, for his notebooks.
resource "portkey_api_key" "bob" {
  name         = "bob-notebook"
  type         = "workspace"
  sub_type     = "user"
  workspace_id = portkey_workspace.search.id
  user_id      = data.portkey_user.bob.id
  scopes       = ["completions.write"]

  depends_on = [portkey_workspace_member.bob]
}

# The secrets are sensitive: Terraform shows them only when asked, e.g.
# terraform output -raw search_backend_key
output "search_backend_key" {
  value     = portkey_api_key.search_backend.key
  sensitive = true
}

output "bob_key" {
  value     = portkey_api_key.bob.key
  sensitive = true
}
