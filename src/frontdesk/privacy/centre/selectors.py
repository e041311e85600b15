"""Reading data-subject requests: a person's own, the staff queue, an export by its token.

Requests are read through the business-scoped manager (`PrivacyRequest.objects`): inside a
business's request only its own requests exist, so another business's request is 404 and in
no list (FD-16). The staff queue is, on top, limited to the handler's business explicitly.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from frontdesk.access import capabilities as caps
from frontdesk.access import selectors as access
from frontdesk.access.hosts import current_organisation
from frontdesk.access.models import Organisation
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


def require_handler(user: Any) -> Organisation:
    """The business whose privacy queue `user` works: the bound one (the request's host), on
    which they must hold `privacy.requests`. 404 for people without a grant there (they learn
    nothing of the queue) and on the platform host, 403 for its staff without the capability.
    """
    business = current_organisation()
    if business is None:
        raise Http404
    access.require(user=user, resource=business, capability=caps.PRIVACY_REQUESTS)
    return business


def open_requests(*, business: Organisation) -> QuerySet[PrivacyRequest]:
    """The business's requests still to answer, the one due soonest first (overdue ones
    lead)."""
    return PrivacyRequest.objects.filter(organisation=business, state__in=OPEN_STATES).order_by(
        "due_at", "pk"
    )


def request_for_handler(*, business: Organisation, request_id: int) -> PrivacyRequest:
    """One of the business's requests; 404 for any other business's, or none."""
    request = (
        PrivacyRequest.objects.select_related("user")
        .filter(organisation=business, pk=request_id)
        .first()
    )
    if request is None:
        raise Http404
    return request
