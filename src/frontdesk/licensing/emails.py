"""The e-mail that hands a buyer their unlock codes (IN-3): sent through messaging's
`email_send` with the "order" purpose, so it is recorded (sealed), leaves only once the
purchase is committed, and never goes to an account its owner made inactive (QM-11)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse

from frontdesk.access.hosts import absolute_url
from frontdesk.identity.models import User
from frontdesk.licensing.models import Licence, Purchase
from frontdesk.licensing.welcome import welcome_path
from frontdesk.messaging.email import email_send
from frontdesk.messaging.errors import EmailRefusedError

logger = logging.getLogger(__name__)


def _absolute(path: str, user: User) -> str:
    """A link on the address of the account's business (its own host, where the account
    exists), built from the configured site address, never from a request's Host header."""
    return absolute_url(path, user.organisation)


def access_paragraph(user: User) -> str:
    """How the person gets to their download: the customer area's sign-in page and, for an
    account without a password yet, the link to choose one first (it works once), both on the
    address of the account's business. Shared with the e-mails of other apps that hand out
    licences (promotions)."""
    area = _absolute(reverse("licensing:login"), user)
    if user.has_usable_password():
        return f"Sign in to the customer area with your account to download it: {area}"
    return (
        "We have opened a customer account for you with this e-mail address. Choose your "
        f"password here (the link works once, for {settings.FRONTDESK_WELCOME_LINK_DAYS} "
        f"days):\n\n    {_absolute(welcome_path(user), user)}\n\n"
        f"Then sign in to the customer area to download it: {area}"
    )


def _body(*, user: User, purchase: Purchase, licences: list[Licence]) -> str:
    """Plain text, built here rather than by a template: names are not HTML-escaped."""
    product = purchase.product
    first_name = (user.full_name or "").split(" ")[0]
    codes = "\n".join(f"    {licence.unlock_code}" for licence in licences)
    plural = "s" if len(licences) > 1 else ""
    quota = product.downloads_per_release
    until = f"{licences[0].updates_until:%d %B %Y}" if licences else ""
    return (
        f"Hello{' ' + first_name if first_name else ''},\n\n"
        f"Thank you for buying {product.name} from {purchase.partner.name} "
        f"(order {purchase.reference}).\n\n"
        f"Your unlock code{plural}:\n\n{codes}\n\n{access_paragraph(user)}\n\n"
        f"Your licence includes every release until {until}, and {quota} download"
        f"{'s' if quota != 1 else ''} of each.\n\n"
        f"We never receive your payment details: {purchase.partner.name} took the payment."
    )


def licences_send(*, user: User, purchase: Purchase, licences: list[Licence]) -> None:
    """E-mail the codes of `licences`; an account without a password yet also gets the link
    to set one (it stops working once used)."""
    subject = f"Your unlock code for {purchase.product.name}"
    body = _body(user=user, purchase=purchase, licences=licences)
    try:
        email_send(user=user, purpose="order", subject=subject, body_text=body, transactional=True)
    except EmailRefusedError:
        logger.info(
            "Unlock codes of purchase %s not e-mailed: the account is inactive.", purchase.pk
        )
