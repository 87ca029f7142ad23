# Import an invite by its id...
terraform import portkey_user_invite.dana 419641fb-1458-47d6-94d0-e308159b3ec2

# ...or by email: the newest invite to that address.
terraform import portkey_user_invite.dana dana@example.com
