# The demo that `make demo` applies against the mock Admin API. The provider
# reads PORTKEY_API_KEY and PORTKEY_BASE_URL, which the demo script sets.
terraform {
  required_providers {
    portkey = {
      source = "seed-4a8a86ef/portkey"
    }
  }
}

provider "portkey" {}

resource "portkey_workspace" "production" {
  name        = "Production"
  description = "Customer-facing traffic."
  metadata = {
    team        = "platform"
    environment = "production"
  }

  usage_limits = [{
    type            = "cost"
    credit_limit    = 500.5
    alert_threshold = 400
    periodic_reset  = "monthly"
  }]

  rate_limits = [{
    type  = "requests"
    unit  = "rpm"
    value = 1000
  }]
}

resource "portkey_workspace" "staging" {
  name        = "Staging"
  description = "Pre-production testing."
  metadata = {
    team        = "platform"
    environment = "staging"
  }
}

# Alice joined the organisation earlier (the demo seeds her): adopt her and
# make her an organisation admin.
resource "portkey_user" "alice" {
  email = "alice@example.com"
  role  = "admin"
}

# Bob, an existing user, joins Production as a manager.
data "portkey_user" "bob" {
  email = "bob@example.com"
}

resource "portkey_workspace_member" "bob" {
  workspace_id = portkey_workspace.production.id
  user_id      = data.portkey_user.bob.id
  role         = "manager"
}

# Dana is new: invite her to Staging.
resource "portkey_user_invite" "dana" {
  email = "dana@example.com"
  role  = "member"
  workspaces = [{
    id   = portkey_workspace.staging.id
    role = "member"
  }]
}

# A service key for Production's backend. The secret is in state (sensitive)
# and shown only as a sensitive output.
resource "portkey_api_key" "backend" {
  name         = "production-backend"
  type         = "workspace"
  sub_type     = "service"
  workspace_id = portkey_workspace.production.id
  scopes       = ["completions.write", "logs.view"]
}

# The organisation's default guardrails, named by slug or id (the demo seeds
# these organisation guardrails): every request and response of every
# workspace goes through them...
resource "portkey_organization" "this" {
  input_guardrails  = ["pii-redaction", "prompt-injection"]
  output_guardrails = ["6d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a"] # toxicity, by id
}

# ...except Staging's requests, which skip the input guardrails.
resource "portkey_organization_guardrail_exclusion" "staging_input" {
  direction    = "input"
  workspace_id = portkey_workspace.staging.id
}

data "portkey_organization" "this" {
  depends_on = [portkey_organization.this]
}

# Read a workspace back by its slug, and list every workspace.
data "portkey_workspace" "production" {
  slug = portkey_workspace.production.slug
}

data "portkey_workspaces" "all" {
  depends_on = [portkey_workspace.production, portkey_workspace.staging]
}

data "portkey_workspace_members" "production" {
  workspace_id = portkey_workspace.production.id
  depends_on   = [portkey_workspace_member.bob]
}

output "production_workspace" {
  value = {
    id   = data.portkey_workspace.production.id
    slug = data.portkey_workspace.production.slug
    name = data.portkey_workspace.production.name
  }
}

output "workspace_names" {
  value = sort([for ws in data.portkey_workspaces.all.workspaces : ws.name])
}

output "production_members" {
  value = sort([for m in data.portkey_workspace_members.production.members : "${m.email} (${m.role})"])
}

output "organisation_default_guardrails" {
  value = {
    input  = [for g in data.portkey_organization.this.input_guardrails : "${g.slug} (${g.id})"]
    output = [for g in data.portkey_organization.this.output_guardrails : "${g.slug} (${g.id})"]
  }
}

output "dana_invite_status" {
  value = portkey_user_invite.dana.status
}

output "backend_key_hint" {
  value = portkey_api_key.backend.key_hint
}

output "backend_key" {
  value     = portkey_api_key.backend.key
  sensitive = true
}
