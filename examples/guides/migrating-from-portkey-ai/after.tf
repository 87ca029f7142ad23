# The same estate after the switch: this provider (`portkey`) manages the
# workspace, member, invite and API key; the official provider
# (`portkeyai`) keeps portkey_config. Both read PORTKEY_API_KEY and
# PORTKEY_BASE_URL.
terraform {
  required_providers {
    portkey = {
      source = "seed-4a8a86ef/portkey"
    }
    portkeyai = {
      source = "portkey-ai/portkey"
    }
  }
}

provider "portkey" {}

provider "portkeyai" {}

resource "portkey_workspace" "production_moved" {
  name        = "Production"
  description = "Customer-facing traffic."
  metadata = {
    team = "platform"
  }
  usage_limits = [{
    type            = "cost"
    credit_limit    = 100
    alert_threshold = 80
    periodic_reset  = "monthly"
  }]
  rate_limits = [{
    type  = "requests"
    unit  = "rpm"
    value = 100
  }]
}

resource "portkey_workspace_member" "bob_moved" {
  workspace_id = portkey_workspace.production_moved.id
  user_id      = "61e08f60-4822-465e-ba23-39f85cd741cb"
  role         = "member"
}

resource "portkey_user_invite" "dana_moved" {
  email = "dana@example.com"
  role  = "member"
  workspaces = [{
    id   = portkey_workspace.production_moved.id
    role = "member"
  }]
}

resource "portkey_api_key" "backend_moved" {
  name         = "backend"
  type         = "workspace"
  sub_type     = "service"
  workspace_id = portkey_workspace.production_moved.id
  scopes       = ["completions.write"]
}

resource "portkey_config" "routing" {
  provider     = portkeyai
  name         = "Default routing"
  workspace_id = portkey_workspace.production_moved.id
  config = jsonencode({
    retry = { attempts = 3 }
  })
}

# Written by migrate-from-official (terraform show -json | go run ./internal/cmd/migrate-from-official).
moved {
  from = portkey_api_key.backend
  to   = portkey_api_key.backend_moved
}

moved {
  from = portkey_user_invite.dana
  to   = portkey_user_invite.dana_moved
}

moved {
  from = portkey_workspace.production
  to   = portkey_workspace.production_moved
}

moved {
  from = portkey_workspace_member.bob
  to   = portkey_workspace_member.bob_moved
}
