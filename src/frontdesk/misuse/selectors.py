"""Reads of misuse detection: whether a case holds an account, and the cases a staff member
may review."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from frontdesk.access import capabilities as caps
from frontdesk.access.scopes import ORGANISATION
from frontdesk.access.selectors import scope_ids, scopes_with
from frontdesk.identity.models import User
from frontdesk.misuse.models import Case
from frontdesk.promotions.reinstatement import reinstated_since


def misuse_hold(user: User) -> bool:
    """Whether a misuse case holds the account (downloads refused, IN-9): from the newest hold
    not lifted by staff until a reinstatement request completed after it (IN-23)."""
    held_at = (
        Case.objects.filter(user=user, held_at__isnull=False, hold_lifted_at__isnull=True)
        .order_by("-held_at")
        .values_list("held_at", flat=True)
        .first()
    )
    return held_at is not None and not reinstated_since(user, held_at)


def organisations_reviewed(*, user: Any) -> list[int]:
    """Ids of the organisations on which `user` reviews misuse cases, in order."""
    return sorted(scope_ids(scopes_with(user=user, capability=caps.MISUSE_REVIEW), ORGANISATION))


def cases_for_staff(*, user: Any, state: str = "") -> QuerySet[Case]:
    cases = Case.objects.filter(organisation_id__in=organisations_reviewed(user=user))
    return cases.filter(state=state) if state else cases
