# Terraform v1.12.0 and later: import by the membership's identity, the
# workspace's UUID (even when the configuration names the workspace by its
# slug: the next apply then rewrites workspace_id in state, in place) and the
# user id.
import {
  to = portkey_workspace_member.bob
  identity = {
    workspace_id = "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e"
    user_id      = "61e08f60-4822-465e-ba23-39f85cd741cb"
  }
}
