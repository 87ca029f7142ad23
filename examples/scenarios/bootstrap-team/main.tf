# Bootstrap a team: a workspace with a budget, its existing members, invites
# for newcomers, and a service key handed to the next resource.

variable "team" {
  description = "The team's name; the workspace is named after it."
  type        = string
  default     = "Search"
}

variable "members" {
  description = "Existing organisation users (by email) and their role in the team's workspace."
  type        = map(string)
  default = {
    "alice@example.com" = "admin"
    "bob@example.com"   = "member"
  }
}

variable "invitees" {
  description = "People to invite (by email) and their role in the team's workspace."
  type        = map(string)
  default = {
    "dana@example.com" = "manager"
  }
}

resource "portkey_workspace" "team" {
  name        = "${var.team} Team"
  description = "Workspace of the ${var.team} team, managed by Terraform."
  metadata = {
    team = lower(var.team)
  }

  usage_limits = [{
    type            = "cost"
    credit_limit    = 250
    alert_threshold = 200
    periodic_reset  = "monthly"
  }]
}

data "portkey_user" "member" {
  for_each = var.members
  email    = each.key
}

resource "portkey_workspace_member" "member" {
  for_each     = var.members
  workspace_id = portkey_workspace.team.id
  user_id      = data.portkey_user.member[each.key].id
  role         = each.value
}

resource "portkey_user_invite" "invitee" {
  for_each = var.invitees
  email    = each.key
  role     = "member"
  workspaces = [{
    id   = portkey_workspace.team.id
    role = each.value
  }]
}

# The team's backend authenticates with this key.
resource "portkey_api_key" "backend" {
  name         = "${lower(var.team)}-backend"
  description  = "Service key of the ${var.team} backend."
  type         = "workspace"
  sub_type     = "service"
  workspace_id = portkey_workspace.team.id
  scopes       = ["completions.write", "logs.view"]
}

# Hand the key to the consumer through an argument it marks sensitive, such as
# a secret store's value (a Kubernetes secret, a Vault path, a CI variable):
#
# resource "kubernetes_secret" "backend" {
#   metadata { name = "portkey" }
#   data = { PORTKEY_API_KEY = portkey_api_key.backend.key }
# }
#
# Not through a pass-through such as terraform_data: its output attribute is
# not sensitive, so later plans and `terraform show` print the secret.

output "workspace_slug" {
  value = portkey_workspace.team.slug
}

output "backend_key" {
  value     = portkey_api_key.backend.key
  sensitive = true
}
