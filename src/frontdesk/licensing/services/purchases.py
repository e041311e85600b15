"""Partner purchase notifications (IN-3, IN-18): verified, checked for payment details,
recorded once, turned into an account, a purchase and one licence per unit, and the codes
e-mailed.

Rules: a notification is believed only when signed with its partner's secret within the replay
window; one carrying payment details is refused before anything of it is stored, and neither it
nor its body is logged; an event id, and an order reference, are recorded once per partner, so
a repeated notification changes nothing. Refusals are audited (without the body), in their own
transaction, so they stay on record.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from frontdesk.access.models import Organisation
from frontdesk.audit.services import audit_record
from frontdesk.core import clock, context, tenancy
from frontdesk.identity.models import User
from frontdesk.licensing import emails, signing
from frontdesk.licensing.cardcheck import holds_card_number, payment_data_in
from frontdesk.licensing.codes import unlock_code_new
from frontdesk.licensing.errors import (
    ForgedNotificationError,
    InvalidNotificationError,
    LicensingError,
    PaymentDataRefusedError,
)
from frontdesk.licensing.models import Licence, NotificationReceipt, Partner, Product, Purchase
from frontdesk.licensing.notices import PurchaseNotice, notice_read

logger = logging.getLogger("frontdesk.licensing")

RECORDED = NotificationReceipt.Outcome.RECORDED
DUPLICATE = NotificationReceipt.Outcome.DUPLICATE
PAYMENT_DATA_MESSAGE = (
    "The notification carries payment details (a card number, or a card field). Payment "
    "details must never be sent to us: the notification was refused and nothing of it was kept."
)
CODE_ATTEMPTS = 5


class UnknownPartnerError(LicensingError):
    """No active partner of this business has this code."""


def notification_receive(
    *,
    business_id: int | None,
    partner_code: str,
    body: bytes,
    headers: Mapping[str, str],
) -> str:
    """Verify and apply one notification sent to the address of the business `business_id`
    (the business of the request's host); returns "recorded" or "duplicate".

    Raises `UnknownPartnerError` (no active partner of that business has the code: another
    business's partner is as unknown as none, and so is every partner on the platform host),
    `ForgedNotificationError` (bad signature, or outside the replay window),
    `PaymentDataRefusedError` (IN-18) or `InvalidNotificationError` (signed, but not a
    purchase we can record); nothing of the notification is stored in any of these cases.
    """
    partner = (
        Partner.objects.filter(
            organisation_id=business_id, code=partner_code, is_active=True
        ).first()
        if business_id is not None
        else None
    )
    if partner is None:
        raise UnknownPartnerError("No such partner.")
    try:
        signing.verify(
            timestamp=headers.get(signing.TIMESTAMP_HEADER, ""),
            signature=headers.get(signing.SIGNATURE_HEADER, ""),
            body=body,
            secret=partner.secret,
            tolerance=settings.FRONTDESK_PARTNER_WEBHOOK_TOLERANCE_SECONDS,
            now=clock.now().timestamp(),
        )
    except ForgedNotificationError as error:
        _refused(partner, "licensing.notification.forged", reason=str(error), size=len(body))
        raise
    payload = _payload_checked(partner, body)
    return purchase_record(
        partner=partner, notice=notice_read(payload), partner_ip=context.current().ip
    )


def _payload_checked(partner: Partner, body: bytes) -> Any:
    """The parsed body, once it is known to hold no payment detail (IN-18)."""
    text = body.decode("utf-8", errors="replace")
    try:
        payload = json.loads(text, parse_float=Decimal)
    except ValueError:
        payload = None
    reason = payment_data_in(payload) or ("a card number" if holds_card_number(text) else None)
    if reason is not None:
        _refused(partner, "licensing.notification.payment_data", reason=reason, size=len(body))
        raise PaymentDataRefusedError(PAYMENT_DATA_MESSAGE)
    if payload is None:
        raise InvalidNotificationError("The body is not JSON.")
    return payload


def _refused(partner: Partner, action: str, *, reason: str, size: int) -> None:
    # Only that it came, from which partner, its size and why: never the body or a value of it.
    logger.warning("Refused a notification of partner %s: %s (%d bytes).", partner.pk, reason, size)
    with transaction.atomic():
        audit_record(
            actor=None,
            action=action,
            target=partner,
            details={"partner": partner.pk, "reason": reason, "bytes": size},
        )


@transaction.atomic
def purchase_record(*, partner: Partner, notice: PurchaseNotice, partner_ip: str | None) -> str:
    """Record a verified notice: its receipt, the buyer's account at the product's business
    (found by e-mail there, or opened without a password), the purchase and one licence per
    unit; e-mail the codes once the transaction commits. A repeated event id or order
    reference changes nothing ("duplicate"). An unknown product code raises
    `InvalidNotificationError` and records nothing."""
    try:
        with transaction.atomic():
            receipt = NotificationReceipt.objects.create(
                partner=partner, event_id=notice.event_id, outcome=RECORDED
            )
    except IntegrityError:
        return DUPLICATE
    order = notice.order
    product = (
        Product.objects.filter(organisation_id=partner.organisation_id, code=order.product_code)
        .select_related("organisation")
        .first()
    )
    if product is None:
        raise InvalidNotificationError(f"Unknown product code {order.product_code!r}.")
    if Purchase.objects.filter(partner=partner, reference=order.reference).exists():
        receipt.outcome = DUPLICATE
        receipt.save(update_fields=["outcome"])
        return DUPLICATE
    user, opened = account_for_buyer(
        organisation=product.organisation, email=notice.contact.email, name=notice.contact.name
    )
    purchase = _purchase_create(partner, product, user, notice, partner_ip)
    receipt.purchase = purchase
    receipt.save(update_fields=["purchase"])
    licences = [_licence_issue(user, product, purchase) for _ in range(order.quantity)]
    audit_record(
        actor=None,
        action="licensing.purchase.recorded",
        target=purchase,
        details={
            "partner": partner.pk,
            "reference": order.reference,
            "product": product.pk,
            "licences": [licence.pk for licence in licences],
            "account_opened": opened,
        },
    )
    emails.licences_send(user=user, purchase=purchase, licences=licences)
    return RECORDED


def account_for_buyer(*, organisation: Organisation, email: str, name: str) -> tuple[User, bool]:
    """The account at `organisation` of whoever gets one of its licences (a partner's buyer, a
    promotion's registrant) by e-mail address, or a new one there without a usable password
    (its owner sets one from the e-mailed link), audited as opened; True when it was opened
    now. Only that business's accounts are looked at: the same address at another business is
    another person's account there. Safe against the same address being opened at the same
    moment by another notification or registration."""
    with tenancy.bound(organisation.tenant):
        existing = User.objects.with_email(email).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=None, full_name=name.strip(), organisation=organisation
                )
        except IntegrityError:  # opened at the same moment by another notification/registration
            return User.objects.with_email(email).get(), False
        audit_record(actor=None, action="licensing.account.opened", target=user)
    return user, True


def _purchase_create(
    partner: Partner, product: Product, user: User, notice: PurchaseNotice, ip: str | None
) -> Purchase:
    order, contact = notice.order, notice.contact
    return Purchase.objects.create(
        partner=partner,
        product=product,
        user=user,
        reference=order.reference,
        ordered_at=order.ordered_at,
        quantity=order.quantity,
        price=order.price,
        currency=order.currency,
        options=order.options,
        contact_name=contact.name,
        contact_email=contact.email,
        contact_company=contact.company,
        partner_ip=ip,
    )


def _licence_issue(user: User, product: Product, purchase: Purchase | None) -> Licence:
    """A licence with a fresh unlock code; updates run from the order date (never later than
    now), for the product's update period."""
    start = min(purchase.ordered_at, clock.now()) if purchase is not None else clock.now()
    fields = {
        "user": user,
        "product": product,
        "purchase": purchase,
        "updates_until": start + timedelta(days=product.update_period_days),
    }
    for _ in range(CODE_ATTEMPTS - 1):
        try:
            with transaction.atomic():
                return Licence.objects.create(unlock_code=unlock_code_new(), **fields)
        except IntegrityError:  # the same 100-bit code drawn twice: draw again
            continue
    return Licence.objects.create(unlock_code=unlock_code_new(), **fields)


@transaction.atomic
def licence_issue(*, actor: Any, user: User, product: Product) -> Licence:
    """A licence given without a partner purchase (a promotion, support, the demo)."""
    licence = _licence_issue(user, product, None)
    audit_record(
        actor=actor, action="licensing.licence.issued", target=licence, details={"user": user.pk}
    )
    return licence
