# A short-lived, narrowly scoped key created for one Terraform run and deleted
# when the run ends. Neither the key nor its secret reach the plan or the state.
ephemeral "portkey_api_key" "reader" {
  name         = "terraform-reader"
  type         = "workspace"
  sub_type     = "service"
  workspace_id = "ws-produc-1a2b3c"
  scopes       = ["workspaces.read"]

  # If a run fails midway, Terraform may leave the key open: let it expire.
  expires_at = timeadd(plantimestamp(), "1h")
}

# Hand the secret to anything that accepts ephemeral values: a provider block
# or a write-only argument. For example, a second configuration of this
# provider that acts with the short-lived key:
#
# provider "portkey" {
#   alias   = "reader"
#   api_key = ephemeral.portkey_api_key.reader.key
# }
#
# data "portkey_workspace" "production" {
#   provider = portkey.reader
#   slug     = "ws-produc-1a2b3c"
# }
