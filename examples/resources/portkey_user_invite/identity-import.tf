# Terraform v1.12.0 and later: import by the invite's identity, its id.
import {
  to = portkey_user_invite.dana
  identity = {
    id = "419641fb-1458-47d6-94d0-e308159b3ec2"
  }
}
