# The members of one workspace, by UUID or slug (terraform query; Terraform
# v1.14.0 and later). Results name the workspace by its UUID.
list "portkey_workspace_member" "production" {
  provider = portkey

  config {
    workspace_id = "ws-produc-1a2b3c"
  }
}

# The admins of every workspace the query finds: one list per workspace.
list "portkey_workspace" "all" {
  provider = portkey
}

list "portkey_workspace_member" "admins" {
  provider = portkey
  for_each = toset([for ws in list.portkey_workspace.all.data : ws.identity.id])

  config {
    workspace_id = each.key
    role         = "admin"
  }
}
