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

# Read a workspace back by its slug, and list every workspace.
data "portkey_workspace" "production" {
  slug = portkey_workspace.production.slug
}

data "portkey_workspaces" "all" {
  depends_on = [portkey_workspace.production, portkey_workspace.staging]
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
