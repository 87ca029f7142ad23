import {
  to = portkey_workspace_member.bob
  id = "ws-produc-1a2b3c/bob@example.com" # <workspace>/<user id or email>
}
