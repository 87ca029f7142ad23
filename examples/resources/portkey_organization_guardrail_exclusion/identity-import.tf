# Terraform v1.12.0 and later: import by the exclusion's identity, its direction
# and the workspace's UUID.
import {
  to = portkey_organization_guardrail_exclusion.sandbox_input
  identity = {
    direction    = "input"
    workspace_id = "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e"
  }
}
