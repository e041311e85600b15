"""The SMS outbox: the messages sent to the customers of the queues the reader serves.

An SMS carries a customer's phone, so the outbox shows a message to whoever may see that
phone on the board (`selectors.queues_served`: on the queue, its location or the
organisation). An agent of one queue reads that queue's messages only; an auditor holding
`audit.read` reads none (403). Outsiders get 404. Each page read is audited.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontdesk.messaging import selectors as messaging
from frontdesk.messaging import services as messaging_services
from frontdesk.queues.selectors import queues_served
from frontdesk.web.decorators import staff_page

OUTBOX_PAGE_SIZE = 50


@staff_page
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    served = dict(queues_served(user=request.user).values_list("pk", "organisation_id"))
    if not served:
        raise PermissionDenied
    messages = messaging.outbox_list(queue_ids=set(served))
    page_obj = Paginator(messages, OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    sms_list = list(page_obj.object_list)
    messaging_services.outbox_record_view(
        actor=request.user,
        organisation_ids=set(served.values()),
        page=page_obj.number,
        shown=sms_list,
    )
    return render(request, "queues/outbox.html", {"page_obj": page_obj, "sms_list": sms_list})
