# Everything the provider manages, in one query.
list "portkey_workspace" "all" {
  provider = portkey
  limit    = 1000
}

# The members of every workspace found above: one list per workspace.
list "portkey_workspace_member" "all" {
  provider = portkey
  for_each = toset([for ws in list.portkey_workspace.all.data : ws.identity.id])
  limit    = 1000

  config {
    workspace_id = each.key
  }
}

# Every user but the owner, whom portkey_user cannot manage.
list "portkey_user" "all" {
  provider = portkey
  limit    = 1000
}

# Every invite; set status = "pending" to leave answered ones out.
list "portkey_user_invite" "all" {
  provider = portkey
  limit    = 1000
}

list "portkey_api_key" "all" {
  provider = portkey
  limit    = 1000
}
