"""Access: organisations and locations, roles (named sets of capabilities) and grants on scopes."""
