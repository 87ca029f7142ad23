# Terraform v1.14.0 and later.
resource "portkey_api_key" "ci" {
  name     = "ci"
  type     = "organisation"
  sub_type = "service"
  scopes   = ["workspaces.list", "workspaces.read"]
}

# Run it on demand (to retire a leaked secret, say):
#   terraform apply -invoke=action.portkey_api_key_rotate.ci
# The previous secret keeps working for the transition period; the new
# secret is shown to no one.
action "portkey_api_key_rotate" "ci" {
  config {
    id                   = portkey_api_key.ci.id
    transition_period_ms = 3600000 # one hour
  }
}
