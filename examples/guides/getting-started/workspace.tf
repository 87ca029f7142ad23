resource "portkey_workspace" "search" {
  name        = "Search"
  description = "The search team's workspace, managed by Terraform."
  metadata = {
    team        = "search"
    cost_center = "cc-1234"
  }

  # A budget of 500 USD a month; Portkey alerts at 400.
  usage_limits = [{
    type            = "cost"
    credit_limit    = 500
    alert_threshold = 400
    periodic_reset  = "monthly"
  }]

  # At most 1,000 requests a minute for the whole workspace.
  rate_limits = [{
    type  = "requests"
    unit  = "rpm"
    value = 1000
  }]
}
