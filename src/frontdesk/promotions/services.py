"""Writes of the promotions area (IN-24): staff create offers; people register for them; staff
terminate a promotional account that misused its offer.

Rules: a registration is accepted only for an offer within its validity period with uses
left, and for an account that has not had `per_person_limit` registrations of it; the offer's
row is locked (`select_for_update`) for the whole check-and-count, so parallel registrations can
never pass a limit. An offer is found among the offers of the business the registration is
made at (its host); the account is the offer's business's (found there by e-mail, or opened
there without a password), so the per-person limit counts that business's account and
nothing another business knows of the same address. A registration issues a licence through
licensing, records contact details, time and address (sealed), counts the use with `F()`,
audits, and e-mails the unlock code after the commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from frontdesk.access.models import Organisation
from frontdesk.audit.services import audit_record
from frontdesk.core import clock, context, tenancy
from frontdesk.identity.models import User
from frontdesk.identity.selectors import normalize_email
from frontdesk.licensing.models import Product
from frontdesk.licensing.services import account_for_buyer, licence_issue
from frontdesk.promotions import emails
from frontdesk.promotions.errors import OfferClosedError, UnknownCodeError
from frontdesk.promotions.models import Offer, Registration

UNKNOWN = "No offer has this promotion code. Check the code and try again."
CLOSED = "This offer is not open: it has ended, has not started yet, or all its places are taken."


@transaction.atomic
def offer_create(
    *,
    actor: User | None,
    organisation: Organisation,
    product: Product,
    name: str,
    code: str,
    uses_limit: int,
    per_person_limit: int,
    starts_at: datetime,
    ends_at: datetime,
) -> Offer:
    """A new offer of one of the organisation's products (`ValueError` for another's, or a
    period that ends before it starts)."""
    if product.organisation_id != organisation.pk:
        raise ValueError("The product belongs to another organisation.")
    if ends_at <= starts_at:
        raise ValueError("The offer must end after it starts.")
    offer = Offer.objects.create(
        organisation=organisation,
        product=product,
        name=name.strip(),
        code=code.strip().lower(),
        uses_limit=uses_limit,
        per_person_limit=per_person_limit,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    audit_record(
        actor=actor,
        action="promotions.offer.created",
        target=offer,
        details={"product": product.pk, "uses_limit": uses_limit},
    )
    return offer


@transaction.atomic
def registration_create(*, code: str, name: str, email: str) -> Registration | None:
    """Register the person for the offer with `code` of the bound business (the host's);
    the registration, or None when their account at the offer's business already had all
    the offer allows (they are told by e-mail, not on the page, so the page tells nobody
    whether an address has an account). Raises `UnknownCodeError` (no offer of this business
    has the code: another business's is as unknown as none) or `OfferClosedError`, recording
    nothing."""
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("organisation", "product")
        .filter(code=code.strip().lower())
        .first()
    )
    if offer is None:
        raise UnknownCodeError(UNKNOWN)
    if not offer.is_open():
        raise OfferClosedError(CLOSED)
    address = normalize_email(email)
    with tenancy.bound(offer.organisation.tenant):  # the address's account at this business
        user = User.objects.with_email(address).first()
    if user is not None and _used_by(offer, user) >= offer.per_person_limit:
        emails.already_used_send(user=user, offer=offer)
        return None
    opened = False
    if user is None:
        user, opened = account_for_buyer(organisation=offer.organisation, email=address, name=name)
    licence = licence_issue(actor=None, user=user, product=offer.product)
    registration = Registration.objects.create(
        offer=offer,
        user=user,
        licence=licence,
        contact_name=name.strip(),
        contact_email=address,
        ip=context.current().ip,
    )
    Offer.objects.filter(pk=offer.pk).update(uses=F("uses") + 1)
    audit_record(
        actor=None,
        action="promotions.registration.created",
        target=registration,
        details={"offer": offer.pk, "licence": licence.pk, "account_opened": opened},
    )
    emails.unlock_code_send(user=user, offer=offer, licence=licence)
    return registration


def _used_by(offer: Offer, user: User) -> int:
    return Registration.objects.filter(offer=offer, user=user).count()


@transaction.atomic
def registration_terminate(*, actor: Any, registration: Registration, reason: str) -> Registration:
    """Terminate a promotional account that misused the offer (IN-24): the registration is
    marked terminated with the reason (sealed), which holds the account's downloads until a
    reinstatement request is completed (IN-23); the owner is told by e-mail how to ask. A
    terminated registration stays as it is. `ValueError` without a reason."""
    if not reason.strip():
        raise ValueError("Say why the account is terminated.")
    locked = (
        Registration.objects.select_for_update()
        .select_related("offer__product")
        .get(pk=registration.pk)
    )
    if locked.state == Registration.State.TERMINATED:
        return locked
    locked.state = Registration.State.TERMINATED
    locked.terminated_at = clock.now()
    locked.termination_reason = reason.strip()
    locked.save(update_fields=["state", "terminated_at", "termination_reason"])
    audit_record(
        actor=actor,
        action="promotions.registration.terminated",
        target=locked,
        details={"offer": locked.offer_id, "user": locked.user_id, "licence": locked.licence_id},
    )
    emails.terminated_send(user=locked.user, offer=locked.offer)
    return locked


@transaction.atomic
def registrations_list(*, actor: Any, offer: Offer, registrations: list[Registration]) -> None:
    """Record that staff read an offer's registrations (contact details, IN-12)."""
    audit_record(
        actor=actor,
        action="promotions.registrations.viewed",
        target=offer,
        details={"registrations": [item.pk for item in registrations]},
    )
