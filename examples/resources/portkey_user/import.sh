# Import a user by id...
terraform import portkey_user.alice b2182deb-05c8-11f1-84d4-024c88f9cbd3

# ...or by email.
terraform import portkey_user.alice alice@example.com
