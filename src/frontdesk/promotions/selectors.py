"""Reads of the promotions area: offers by code, the offers and registrations a staff member
may see, and whether a terminated promotion holds an account."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from frontdesk.access import capabilities as caps
from frontdesk.access.scopes import ORGANISATION
from frontdesk.access.selectors import scope_ids, scopes_with
from frontdesk.identity.models import User
from frontdesk.promotions.models import Offer, Registration
from frontdesk.promotions.reinstatement import reinstated_since

TERMINATED = Registration.State.TERMINATED


def offer_by_code(code: str) -> Offer | None:
    """The offer with this promotion code (as typed: any case, spaces around)."""
    return Offer.objects.select_related("product").filter(code=code.strip().lower()).first()


def organisations_managed(*, user: Any) -> list[int]:
    """Ids of the organisations on which `user` manages promotions."""
    return sorted(
        scope_ids(scopes_with(user=user, capability=caps.PROMOTIONS_MANAGE), ORGANISATION)
    )


def offers_for_staff(*, user: Any) -> QuerySet[Offer]:
    return Offer.objects.filter(
        organisation_id__in=organisations_managed(user=user)
    ).select_related("product", "organisation")


def registrations_of(offer: Offer) -> QuerySet[Registration]:
    return Registration.objects.filter(offer=offer).order_by("-created_at", "-pk")


def terminated_hold(user: User) -> bool:
    """Whether a promotion terminated for misuse holds the account (IN-24): it does until a
    reinstatement request is completed after the termination (IN-23)."""
    latest = (
        Registration.objects.filter(user=user, state=TERMINATED)
        .order_by("-terminated_at")
        .values_list("terminated_at", flat=True)
        .first()
    )
    return latest is not None and not reinstated_since(user, latest)
