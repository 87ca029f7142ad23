# Read one API key by id. The secret is never available here; key_hint is the
# masked form Portkey shows.
resource "portkey_api_key" "backend" {
  name         = "backend-service"
  type         = "workspace"
  sub_type     = "service"
  workspace_id = "ws-produc-1a2b3c"
  scopes       = ["completions.write"]
}

data "portkey_api_key" "backend" {
  id = portkey_api_key.backend.id
}

output "backend_key" {
  value = {
    name     = data.portkey_api_key.backend.name
    status   = data.portkey_api_key.backend.status
    key_hint = data.portkey_api_key.backend.key_hint
    scopes   = data.portkey_api_key.backend.scopes
  }
}
