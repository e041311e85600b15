"""Reading data-subject requests: a person's own, the staff queue, an export by its token."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from frontdesk.access import capabilities as caps
from frontdesk.access import selectors as access
from frontdesk.core import clock, tokens
from frontdesk.identity.models import User
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.states import OPEN_STATES

TOKEN_MAX = 100  # export tokens are 43 characters; longer input is not worth a lookup


def requests_of(*, user: User) -> QuerySet[PrivacyRequest]:
    """The person's requests, newest first."""
    return PrivacyRequest.objects.filter(user=user).order_by("-created_at", "-pk")


def own_request(*, user: User, request_id: int) -> PrivacyRequest:
    """One of the person's own requests; 404 for anyone else's."""
    request = requests_of(user=user).filter(pk=request_id).first()
    if request is None:
        raise Http404
    return request


def export_request(*, user: User, token: str) -> PrivacyRequest:
    """The finished download request whose export link carries `token`, while the link is
    valid (`EXPORT_HOURS`) and only for its own person: 404 for anyone and anything else."""
    if not token or len(token) > TOKEN_MAX:
        raise Http404
    request = PrivacyRequest.objects.filter(
        export_token_hash=tokens.digest(token),
        user=user,
        kind=PrivacyRequest.Kind.ACCESS,
        export_expires_at__gt=clock.now(),
    ).first()
    if request is None:
        raise Http404
    return request


def require_handler(user: Any) -> None:
    """Whoever works the privacy queue holds `privacy.requests` on an organisation: 404 for
    people without any grant (they learn nothing of the queue), 403 for staff without it."""
    if not access.is_staff_member(user):
        raise Http404
    if not access.organisations_for(user=user, capability=caps.PRIVACY_REQUESTS).exists():
        raise PermissionDenied


def open_requests() -> QuerySet[PrivacyRequest]:
    """Requests still to answer, the one due soonest first (overdue ones lead)."""
    return PrivacyRequest.objects.filter(state__in=OPEN_STATES).order_by("due_at", "pk")


def request_for_handler(*, request_id: int) -> PrivacyRequest:
    request = PrivacyRequest.objects.select_related("user").filter(pk=request_id).first()
    if request is None:
        raise Http404
    return request
