"""The staff area: home, staff accounts, roles and grants, audit log."""
