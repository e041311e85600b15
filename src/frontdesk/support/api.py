"""JSON API of support for the signed-in customer (mounted by frontdesk.config.api at
/api/support/): their own requests and conversations, Zendesk's "requests" for end users.

The browser session only: a request's messages are the customer's, and API tokens are for staff
integrations. Reports are listed without their contents (sent once, read by support).
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from frontdesk.identity.apiauth import SESSION_AUTH
from frontdesk.identity.models import User
from frontdesk.support import selectors
from frontdesk.support.models import Ticket

router = Router(tags=["support"])


class RequestOut(Schema):
    id: int
    reference: str
    subject: str
    team: str
    state: str
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None


class MessageOut(Schema):
    from_staff: bool
    body: str
    created_at: datetime


class ReportOut(Schema):
    kind: str
    filename: str
    size: int
    approved_at: datetime


class RequestDetailOut(RequestOut):
    messages: list[MessageOut]
    reports: list[ReportOut]


def _customer(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise HttpError(401, "Unauthorized")
    return request.user


def _summary(ticket: Ticket) -> dict[str, object]:
    return {
        "id": ticket.pk,
        "reference": ticket.reference,
        "subject": ticket.subject,
        "team": ticket.team.name,
        "state": ticket.state,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "resolved_at": ticket.resolved_at,
    }


@router.get("/requests", auth=SESSION_AUTH, response=list[RequestOut])
def requests(request: HttpRequest) -> list[dict[str, object]]:
    """The caller's own support requests, newest activity first."""
    return [_summary(ticket) for ticket in selectors.tickets_of(user=_customer(request))]


@router.get("/requests/{ticket_id}", auth=SESSION_AUTH, response=RequestDetailOut)
def request_detail(request: HttpRequest, ticket_id: int) -> dict[str, object]:
    """One of the caller's requests with its conversation; 404 for anyone else's."""
    ticket = selectors.ticket_of_requester(user=_customer(request), ticket_id=ticket_id)
    if ticket is None:
        raise HttpError(404, "Not found.")
    return {
        **_summary(ticket),
        "messages": [
            {"from_staff": m.from_staff, "body": m.body, "created_at": m.created_at}
            for m in selectors.conversation(ticket)
        ],
        "reports": [
            {"kind": r.kind, "filename": r.filename, "size": r.size, "approved_at": r.approved_at}
            for r in selectors.attachments_of(ticket)
        ],
    }
