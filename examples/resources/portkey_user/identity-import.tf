# Terraform v1.12.0 and later: import by the user's identity, their id.
import {
  to = portkey_user.alice
  identity = {
    id = "b2182deb-05c8-11f1-84d4-024c88f9cbd3"
  }
}
