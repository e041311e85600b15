"""The e-mails of the privacy centre. They are transactional (the person asked for them), so
they need no consent; callers send them with `transaction.on_commit`."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string

from frontdesk.identity.models import User


def send_identity_code(*, user: User, code: str, minutes: int) -> None:
    """The code that proves the person reads the account's mailbox before a download."""
    body = render_to_string(
        "privacy/emails/identity_code.txt", {"user": user, "code": code, "minutes": minutes}
    )
    send_mail("Your code to download your data", body, None, [user.email])
