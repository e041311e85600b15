"""The e-mails of the promotions area, sent through messaging's `email_send` (recorded, sealed,
leaving only once the transaction commits): the unlock code of a registration (IN-24), the
notice that an account already used the offer, and the notice of a termination with the way
to ask for reinstatement (IN-23)."""

from __future__ import annotations

import logging

from django.urls import reverse

from frontdesk.access.hosts import absolute_url
from frontdesk.identity.models import User
from frontdesk.licensing.emails import access_paragraph
from frontdesk.licensing.models import Licence
from frontdesk.messaging.email import email_send
from frontdesk.messaging.errors import EmailRefusedError
from frontdesk.promotions.models import Offer

logger = logging.getLogger(__name__)


def absolute(path: str, offer: Offer) -> str:
    """A link on the address of the offer's business (where the account is), built from the
    configured site address, never from a request's Host header."""
    return absolute_url(path, offer.organisation)


def _send(user: User, purpose: str, subject: str, body: str) -> None:
    try:
        email_send(user=user, purpose=purpose, subject=subject, body_text=body, transactional=True)
    except EmailRefusedError:
        logger.info("Promotion e-mail to account %s not sent: the account is inactive.", user.pk)


def unlock_code_send(*, user: User, offer: Offer, licence: Licence) -> None:
    first_name = (user.full_name or "").split(" ")[0]
    body = (
        f"Hello{' ' + first_name if first_name else ''},\n\n"
        f"Thank you for registering for {offer.name}. Your unlock code for "
        f"{offer.product.name}:\n\n    {licence.unlock_code}\n\n{access_paragraph(user)}\n\n"
        "The promotions area is monitored for misuse: an account that misuses an offer may be "
        "terminated."
    )
    _send(user, "order", f"Your unlock code for {offer.product.name}", body)


def already_used_send(*, user: User, offer: Offer) -> None:
    """The page answers every registration alike, so whether an address has an account is
    told only to the address itself."""
    body = (
        f"Someone (perhaps you) registered this e-mail address for {offer.name} again. This "
        "address has already had what the offer allows, so nothing new was issued: your "
        "unlock code is in the customer area.\n\n"
        f"    {absolute(reverse('licensing:login'), offer)}"
    )
    _send(user, "account", f"You have already registered for {offer.name}", body)


def terminated_send(*, user: User, offer: Offer) -> None:
    body = (
        f"We have found misuse of the promotion {offer.name} on your account, so we have "
        "terminated your promotional account: its downloads are on hold.\n\n"
        "If you think this is a mistake, ask us to reinstate your account — sign in to the "
        f"customer area and use this page:\n\n    "
        f"{absolute(reverse('promotions:reinstatement'), offer)}"
    )
    _send(user, "account", "Your promotional account has been terminated", body)
