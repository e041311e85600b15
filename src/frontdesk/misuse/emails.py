"""The e-mails of misuse detection to an account's owner: their account was signed in to from
many networks in a short time, a pattern one person does not make (FD-14); their account was
put on hold, with the way to ask for reinstatement (IN-23); the hold was lifted. Sent through
messaging's `email_send` (recorded, sealed, leaving only after the commit). They say what kind
of pattern was seen, never from where."""

from __future__ import annotations

import logging

from django.urls import reverse

from frontdesk.access.hosts import absolute_url
from frontdesk.identity.models import User
from frontdesk.messaging.email import email_send
from frontdesk.messaging.errors import EmailRefusedError

logger = logging.getLogger(__name__)


def _link(name: str, user: User) -> str:
    """A page on the address of the account's business (where the account exists)."""
    return absolute_url(reverse(name), user.organisation)


def _send(user: User, subject: str, body: str) -> None:
    try:
        email_send(
            user=user, purpose="account", subject=subject, body_text=body, transactional=True
        )
    except EmailRefusedError:
        logger.info("Misuse notice to account %s not sent: the account is inactive.", user.pk)


def pattern_notice_send(*, user: User, networks: int, hours: int) -> None:
    body = (
        f"Your account was used from {networks} different networks within {hours} hours. "
        "If that was you (travelling, a phone and a laptop), there is nothing to do.\n\n"
        "If it was not, someone else may know your password: choose a new one now, and do not "
        f"share your log-on details.\n\n    {_link('identity:password_change', user)}"
    )
    _send(user, "Your account was used from several networks", body)


def hold_placed_send(*, user: User, reason: str) -> None:
    body = (
        f"We monitor the customer area for misuse, and we have seen {reason} on your account. "
        "Log-on details must not be shared with others, so we have put your account on hold: "
        "you can still sign in, but downloads are paused.\n\n"
        "If you think this is a mistake, ask us to reinstate your account — sign in and use "
        f"this page:\n\n    {_link('promotions:reinstatement', user)}"
    )
    _send(user, "Your account is on hold", body)


def hold_lifted_send(*, user: User) -> None:
    body = (
        "The hold on your account has been lifted: you can download your software again.\n\n"
        f"    {_link('licensing:area', user)}"
    )
    _send(user, "Your account is no longer on hold", body)
