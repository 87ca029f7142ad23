# A configuration of Portkey's official provider: four resources this
# provider takes over, and one (portkey_config) only the official one has.
terraform {
  required_providers {
    portkey = {
      source = "portkey-ai/portkey"
    }
  }
}

provider "portkey" {}

resource "portkey_workspace" "production" {
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

resource "portkey_workspace_member" "bob" {
  workspace_id = portkey_workspace.production.id
  user_id      = "61e08f60-4822-465e-ba23-39f85cd741cb"
  role         = "member"
}

resource "portkey_user_invite" "dana" {
  email = "dana@example.com"
  role  = "member"
  workspaces = [{
    id   = portkey_workspace.production.id
    role = "member"
  }]
}

resource "portkey_api_key" "backend" {
  name         = "backend"
  type         = "workspace"
  sub_type     = "service"
  workspace_id = portkey_workspace.production.id
  scopes       = ["completions.write"]
}

resource "portkey_config" "routing" {
  name         = "Default routing"
  workspace_id = portkey_workspace.production.id
  config = jsonencode({
    retry = { attempts = 3 }
  })
}
