# The managers of the Production workspace (every page is read).
data "portkey_workspace_members" "managers" {
  workspace_id = "ws-produc-1a2b3c"
  role         = "manager"
}

output "manager_emails" {
  value = [for m in data.portkey_workspace_members.managers.members : m.email]
}
