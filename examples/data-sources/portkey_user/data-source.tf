# Look a user up by email (or by id, with id = "...").
data "portkey_user" "alice" {
  email = "alice@example.com"
}

output "alice" {
  value = {
    id            = data.portkey_user.alice.id
    role          = data.portkey_user.alice.role
    workspace_ids = data.portkey_user.alice.workspace_ids
  }
}
