# A key that exists only while Terraform runs: created when the run opens it,
# deleted when the run closes it, and never written to a plan or the state.
ephemeral "portkey_api_key" "reader" {
  name         = "terraform-reader"
  type         = "workspace"
  sub_type     = "service"
  workspace_id = "ws-produc-1a2b3c"
  scopes       = ["workspaces.read"]

  # Should a failed run leave the key open, it expires by itself.
  expires_at = timeadd(plantimestamp(), "1h")
}

# The run reads the workspace with that short-lived, read-only key instead of
# the Admin API key.
provider "portkey" {
  alias   = "reader"
  api_key = ephemeral.portkey_api_key.reader.key
}

data "portkey_workspace" "production" {
  provider = portkey.reader
  slug     = "ws-produc-1a2b3c"
}

output "production_workspace_name" {
  value = data.portkey_workspace.production.name
}
