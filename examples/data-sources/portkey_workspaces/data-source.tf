# Every active workspace of the organisation (all pages are read).
data "portkey_workspaces" "all" {}

# Workspaces whose name contains "Prod" (case-sensitive), active or archived.
data "portkey_workspaces" "production" {
  name   = "Prod"
  status = "active,archived"
}

output "workspace_slugs" {
  value = [for ws in data.portkey_workspaces.all.workspaces : ws.slug]
}

output "production_workspace_ids" {
  value = [for ws in data.portkey_workspaces.production.workspaces : ws.id]
}
