"""Asking for an account on hold to be reinstated (IN-23), through the privacy centre's
requests, for the holds placed above licensing (a terminated promotion, a misuse case).

Those holds leave the account able to sign in — to read its data, its history and why it is
held — and only refuse downloads. The privacy centre's public reinstatement form is for
deactivated accounts, so the signed-in owner asks here; the request lands in the same staff
queue (`privacy.requests`), and completing it lifts every such hold placed before: each hold
check asks `reinstated_since`."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from frontdesk.audit.services import audit_record
from frontdesk.identity.models import User
from frontdesk.licensing.holds import download_allowed
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.services import privacy_request_create
from frontdesk.privacy.states import OPEN_STATES, State

KIND = PrivacyRequest.Kind.REINSTATEMENT


def reinstated_since(user: User, when: datetime) -> bool:
    """Whether a reinstatement request of `user` was completed at or after `when`."""
    return PrivacyRequest.objects.filter(
        user=user, kind=KIND, state=State.DONE, closed_at__gte=when
    ).exists()


def reinstatement_open(user: User) -> bool:
    return PrivacyRequest.objects.filter(user=user, kind=KIND, state__in=OPEN_STATES).exists()


@transaction.atomic
def reinstatement_ask(*, actor: User, details: str = "") -> PrivacyRequest | None:
    """The held account's owner asks to be reinstated; None when it is not held, or already
    asked (an open request)."""
    if download_allowed(actor) or reinstatement_open(actor):
        return None
    request = privacy_request_create(actor=actor, user=actor, kind=KIND, details=details)
    audit_record(
        actor=actor,
        action="misuse.reinstatement.asked",
        target=actor,
        details={"request": request.pk},
    )
    return request
