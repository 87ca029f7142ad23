import {
  to = portkey_workspace.support
  id = "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e" # the UUID, or the slug such as "ws-suppor-1a2b3c"
}
