"""Access keeps no personal data of its own: grants refer to people by id."""

from __future__ import annotations

from frontdesk.core.declarations import NotPersonal

NOT_PERSONAL = [
    NotPersonal("access.Organisation", "name", "the name of the business"),
    NotPersonal("access.Location", "name", "the name of a place of the business"),
    NotPersonal("access.Role", "name", "the name of a role"),
]
