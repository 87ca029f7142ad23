data "portkey_organization" "current" {}

output "organisation" {
  value = {
    id                   = data.portkey_organization.current.id
    owner_email          = data.portkey_organization.current.owner_email
    default_workspace_id = data.portkey_organization.current.default_workspace_id
    users                = data.portkey_organization.current.users_count
    workspaces           = data.portkey_organization.current.workspaces_count
    input_guardrails     = data.portkey_organization.current.input_guardrails # [{id, slug}], null if unreadable
    output_guardrails    = data.portkey_organization.current.output_guardrails
  }
}
