# Alice joined through an invite (see portkey_user_invite). Manage her
# organisation role from here on.
resource "portkey_user" "alice" {
  email = "alice@example.com"
  role  = "admin"
}

# A user can also be named by id. With remove_on_destroy = true, destroying
# this resource removes Bob from the organisation (by default it only stops
# managing him).
resource "portkey_user" "bob" {
  user_id           = "61e08f60-4822-465e-ba23-39f85cd741cb"
  role              = "member"
  remove_on_destroy = true
}
