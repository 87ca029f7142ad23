# Organisation policy: who administers the organisation, the budget and rate
# limits every workspace gets, and the guardrails every request goes through
# (with the workspaces excused from them).

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

variable "input_guardrails" {
  description = "Organisation guardrails (slugs or ids) that check every request."
  type        = set(string)
  default     = ["pii-redaction"]
}

variable "output_guardrails" {
  description = "Organisation guardrails (slugs or ids) that check every response."
  type        = set(string)
  default     = ["toxicity"]
}

variable "input_guardrail_exempt_workspaces" {
  description = "Workspaces (names from var.workspaces) whose requests skip the input guardrails."
  type        = set(string)
  default     = ["Research"]
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

# The organisation's default guardrails. Destroying this resource clears them;
# the organisation itself is never deleted.
resource "portkey_organization" "this" {
  input_guardrails  = var.input_guardrails
  output_guardrails = var.output_guardrails
}

resource "portkey_organization_guardrail_exclusion" "input" {
  for_each     = var.input_guardrail_exempt_workspaces
  direction    = "input"
  workspace_id = portkey_workspace.governed[each.key].id
}

data "portkey_organization" "this" {
  depends_on = [portkey_workspace.governed, portkey_organization.this]
}

output "organisation" {
  value = {
    id         = data.portkey_organization.this.id
    owner      = data.portkey_organization.this.owner_email
    workspaces = data.portkey_organization.this.workspaces_count
    input      = [for g in data.portkey_organization.this.input_guardrails : g.slug]
    output     = [for g in data.portkey_organization.this.output_guardrails : g.slug]
  }
}
