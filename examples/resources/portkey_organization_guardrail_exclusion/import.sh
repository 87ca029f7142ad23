# Import an exclusion as <direction>/<workspace>, the direction input or output,
# the workspace by UUID or slug (write it as the configuration's workspace_id does).
terraform import portkey_organization_guardrail_exclusion.sandbox_input input/ws-evalua-1a2b3c
