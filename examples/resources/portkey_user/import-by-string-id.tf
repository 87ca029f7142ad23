import {
  to = portkey_user.alice
  id = "alice@example.com" # the email, or the user id such as "b2182deb-05c8-11f1-84d4-024c88f9cbd3"
}
