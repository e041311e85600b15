"""Access keeps no personal data of its own: grants refer to people by id."""

from __future__ import annotations

from frontdesk.core.declarations import NotPersonal

NOT_PERSONAL = [
    NotPersonal("access.Organisation", "name", "the name of the business"),
    *(
        NotPersonal(
            "access.Organisation",
            field,
            "a mailbox of the business (its sender, privacy or security address), which its "
            "policy and security.txt publish: a role's address, not a person's",
        )
        for field in ("email_sender", "privacy_contact", "security_contact")
    ),
    NotPersonal("access.Location", "name", "the name of a place of the business"),
    NotPersonal("access.Role", "name", "the name of a role"),
]
