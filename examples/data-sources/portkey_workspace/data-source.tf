# Look a workspace up by exactly one of id, slug or name (exact, case-sensitive).
data "portkey_workspace" "production" {
  slug = "ws-produc-1a2b3c"
}

data "portkey_workspace" "by_name" {
  name = "Production"
}

output "production_workspace" {
  value = {
    id           = data.portkey_workspace.production.id
    rate_limits  = data.portkey_workspace.production.rate_limits
    usage_limits = data.portkey_workspace.by_name.usage_limits
  }
}
