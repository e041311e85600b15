"""The e-mails of misuse detection to an account's owner: their account was put on hold, with
the way to ask for reinstatement (IN-23), and the hold was lifted. Sent through messaging's
`email_send` (recorded, sealed, leaving only after the commit). They say what kind of pattern
was seen, never from where."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse

from frontdesk.identity.models import User
from frontdesk.messaging.email import email_send
from frontdesk.messaging.errors import EmailRefusedError

logger = logging.getLogger(__name__)


def _link(name: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name)


def _send(user: User, subject: str, body: str) -> None:
    try:
        email_send(
            user=user, purpose="account", subject=subject, body_text=body, transactional=True
        )
    except EmailRefusedError:
        logger.info("Misuse notice to account %s not sent: the account is inactive.", user.pk)


def hold_placed_send(*, user: User, reason: str) -> None:
    body = (
        f"We monitor the customer area for misuse, and we have seen {reason} on your account. "
        "Log-on details must not be shared with others, so we have put your account on hold: "
        "you can still sign in, but downloads are paused.\n\n"
        "If you think this is a mistake, ask us to reinstate your account — sign in and use "
        f"this page:\n\n    {_link('promotions:reinstatement')}"
    )
    _send(user, "Your account is on hold", body)


def hold_lifted_send(*, user: User) -> None:
    body = (
        "The hold on your account has been lifted: you can download your software again.\n\n"
        f"    {_link('licensing:area')}"
    )
    _send(user, "Your account is no longer on hold", body)
