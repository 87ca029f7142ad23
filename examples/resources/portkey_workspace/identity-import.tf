# Terraform v1.12.0 and later: import by the workspace's identity, its UUID.
import {
  to = portkey_workspace.support
  identity = {
    id = "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e"
  }
}
