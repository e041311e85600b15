"""The e-mails of the privacy centre. They are transactional (the person asked for them), so
they need no consent; callers send them with `transaction.on_commit`. Each comes from the
business the account belongs to (`access.brand.sender`), the controller answering (FD-16)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string

from frontdesk.access import brand
from frontdesk.access.models import Organisation
from frontdesk.identity.models import User


def send_from(organisation: Organisation | None, *, subject: str, body: str, to: str) -> None:
    """One e-mail to `to`, from `organisation` (the platform for None)."""
    send_mail(subject, body, brand.sender(organisation), [to])


def send_identity_code(*, user: User, code: str, minutes: int) -> None:
    """The code that proves the person reads the account's mailbox before a download."""
    body = render_to_string(
        "privacy/emails/identity_code.txt", {"user": user, "code": code, "minutes": minutes}
    )
    send_from(
        user.organisation, subject="Your code to download your data", body=body, to=user.email
    )
