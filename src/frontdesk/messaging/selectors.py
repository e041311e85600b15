"""Reads of the messaging app: opt-out state and the outbox a staff member may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from frontdesk.access.selectors import grants_of
from frontdesk.messaging.models import SmsMessage, SmsOptOut


def sms_opted_out(*, phone: str) -> bool:
    """Whether the (normalised) phone replied STOP and has not replied START since."""
    return SmsOptOut.objects.filter(phone=phone).exists()


def sms_marketing_allowed(*, phone: str) -> bool:
    """Whether the phone explicitly opted in to marketing SMS.

    There is no marketing opt-in yet, so no phone has consented and the answer is always no
    (QL-1: no unsolicited advertising reaches a customer's phone).
    """
    return False


def outbox_organisation_ids(*, user: Any) -> set[int]:
    """Organisations where the user holds any grant (on it, a location or a queue)."""
    return {grant.organisation_id for grant in grants_of(user)}


def outbox_list(*, organisation_ids: set[int]) -> QuerySet[SmsMessage]:
    """SMS of those organisations, newest first."""
    return SmsMessage.objects.filter(organisation_id__in=organisation_ids).order_by(
        "-created_at", "-id"
    )
