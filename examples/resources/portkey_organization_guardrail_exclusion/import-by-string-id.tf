import {
  to = portkey_organization_guardrail_exclusion.sandbox_input
  id = "input/ws-evalua-1a2b3c" # <direction>/<workspace UUID or slug>
}
