"""The public endpoints: no login, queues and tickets addressed by opaque tokens (QL-7)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Status
from ninja.errors import HttpError

from frontdesk.queues import live, selectors, services
from frontdesk.queues.api.schemas import ERRORS, CustomerIn, ErrorOut, PublicTicketOut, bad_input
from frontdesk.queues.errors import QueueError

router = Router(tags=["queues"])


# --- public endpoints -------------------------------------------------------------------------


_PUBLIC_FIELDS = set(PublicTicketOut.model_fields) - {"url"}


def _public_ticket(token: str, ref: live.TicketRef) -> PublicTicketOut:
    status = selectors.ticket_status(ref=ref)
    if status is None:
        raise Http404
    return PublicTicketOut(
        url=reverse("queues:ticket", kwargs={"token": token}),
        **{key: value for key, value in status.as_json().items() if key in _PUBLIC_FIELDS},
    )


@router.post("/{public_token}/join", auth=None, response={201: PublicTicketOut, **ERRORS})
def public_join(
    request: HttpRequest, public_token: str, payload: CustomerIn
) -> Status[PublicTicketOut] | Status[ErrorOut]:
    """Join a queue as a customer. The ticket's `url` (an opaque token) is the only way back."""
    queue = selectors.queue_by_public_token(public_token)
    if queue is None:
        raise Http404
    try:
        ticket = services.ticket_join(queue=queue, **payload.model_dump())
    except ValidationError as error:
        return bad_input(error)
    except QueueError as error:
        raise HttpError(error.status_code, str(error)) from None
    ref = live.TicketRef(id=ticket.pk, queue_id=queue.pk, number=ticket.number)
    return Status(201, _public_ticket(ticket.token, ref))


@router.get("/tickets/{token}", auth=None, response={200: PublicTicketOut, 404: ErrorOut})
def public_ticket(request: HttpRequest, token: str) -> PublicTicketOut:
    """Where a ticket stands (from the cached queue state: cheap to ask often)."""
    ref = live.ticket_ref(token)
    if ref is None:
        raise Http404
    return _public_ticket(token, ref)
