resource "portkey_workspace_member" "carol" {
  workspace_id = "ws-produc-1a2b3c"
  user_id      = "8acddd9f-e595-11f0-84d4-024c88f9cbd3"
  role         = "admin"
}

# Read a membership by the member's email (or by user_id), for example one
# managed in another configuration.
data "portkey_workspace_member" "carol" {
  workspace_id = "ws-produc-1a2b3c"
  email        = "carol@example.com"

  depends_on = [portkey_workspace_member.carol]
}

output "carol_role" {
  value = data.portkey_workspace_member.carol.role
}
