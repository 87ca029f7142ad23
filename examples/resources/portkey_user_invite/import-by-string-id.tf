import {
  to = portkey_user_invite.dana
  id = "dana@example.com" # the newest invite to this address, or an invite id
}
