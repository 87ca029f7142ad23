# Organisation policy: who administers the organisation, and the budget and
# rate limits every workspace gets.

variable "org_admins" {
  description = "Organisation users (by email) who are admins; everyone listed in org_members is a member."
  type        = set(string)
  default     = ["alice@example.com"]
}

variable "org_members" {
  description = "Organisation users (by email) who are plain members."
  type        = set(string)
  default     = ["bob@example.com"]
}

variable "workspaces" {
  description = "Workspaces and their monthly budget in USD."
  type        = map(number)
  default = {
    "Research" = 100
    "Support"  = 50.5
  }
}

resource "portkey_user" "admin" {
  for_each = var.org_admins
  email    = each.value
  role     = "admin"
}

resource "portkey_user" "member" {
  for_each = var.org_members
  email    = each.value
  role     = "member"
}

resource "portkey_workspace" "governed" {
  for_each    = var.workspaces
  name        = each.key
  description = "Budget ${each.value} USD a month, 600 requests a minute."

  usage_limits = [{
    type            = "cost"
    credit_limit    = each.value
    alert_threshold = each.value * 0.8
    periodic_reset  = "monthly"
  }]

  rate_limits = [{
    type  = "requests"
    unit  = "rpm"
    value = 600
  }]
}

data "portkey_organization" "this" {
  depends_on = [portkey_workspace.governed]
}

output "organisation" {
  value = {
    id         = data.portkey_organization.this.id
    owner      = data.portkey_organization.this.owner_email
    workspaces = data.portkey_organization.this.workspaces_count
  }
}
