"""How a business presents itself: its name and colour on pages, its address on e-mails."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings

from frontdesk.access.models import Organisation


def sender(organisation: Organisation | None) -> str:
    """The From of a business's e-mail: `Julie Floral <hello@juliefloral.example>`.

    A business without its own sender address still signs with its name, from the
    installation's address (`DEFAULT_FROM_EMAIL`); the platform's own mail is the default."""
    if organisation is None:
        return str(settings.DEFAULT_FROM_EMAIL)
    address = organisation.email_sender or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((organisation.name, address))
