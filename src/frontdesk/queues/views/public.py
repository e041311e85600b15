"""The customer's pages: join a queue, follow the ticket, leave. No login; addressed by opaque
tokens only (QL-7); never cached, since they carry a person's place and name (FD-7)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.queues import live, selectors, services
from frontdesk.queues.errors import QueueError
from frontdesk.queues.forms import CustomerForm
from frontdesk.queues.models import Ticket


@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, public_token: str) -> HttpResponse:
    queue = selectors.queue_by_public_token(public_token)
    if queue is None:
        raise Http404
    form = CustomerForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            ticket = services.ticket_join(
                queue=queue,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                sms_opt_in=form.cleaned_data["sms_opt_in"],
                user=request.user,
            )
        except (QueueError, ValidationError) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
            queue.refresh_from_db(fields=["is_active"])
        else:
            return redirect("queues:ticket", token=ticket.token)
    status = 400 if form.is_bound else 200
    return render(request, "queues/join.html", {"queue": queue, "form": form}, status=status)


def _ticket_or_404(token: str) -> Ticket:
    ticket = selectors.ticket_by_token(token)
    if ticket is None:
        raise Http404
    return ticket


def _render_ticket(
    request: HttpRequest, ticket: Ticket, *, error: str = "", status: int = 200
) -> HttpResponse:
    ref = live.TicketRef(id=ticket.pk, queue_id=ticket.queue_id, number=ticket.number)
    ticket_status = selectors.ticket_status(ref=ref)
    if ticket_status is None:
        raise Http404
    context = {
        "ticket": ticket,
        "queue": ticket.queue,
        "status": ticket_status,
        "error": error,
        "refresh_seconds": settings.FRONTDESK_LONG_POLL_SECONDS,
    }
    return render(request, "queues/ticket.html", context, status=status)


@never_cache
@require_GET
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    return _render_ticket(request, _ticket_or_404(token))


@never_cache
@require_POST
def ticket_leave(request: HttpRequest, token: str) -> HttpResponse:
    ticket = _ticket_or_404(token)
    try:
        services.ticket_leave(ticket=ticket)
    except QueueError as error:
        return _render_ticket(request, ticket, error=str(error), status=409)
    return redirect("queues:ticket", token=token)


@never_cache
@require_GET
def ticket_wait(request: HttpRequest, token: str) -> JsonResponse:
    """Long poll: answer as soon as the queue's version differs from `?v=`, or after
    FRONTDESK_LONG_POLL_SECONDS with the unchanged state. Reads only the shared cache while
    waiting; the ticket's state comes from the queue's cached public state."""
    ref = live.ticket_ref(token)
    if ref is None:
        return JsonResponse({"detail": "Not found."}, status=404)
    try:
        since = int(request.GET.get("v", ""))
    except ValueError:
        return JsonResponse({"detail": "Give the version you have as ?v=<number>."}, status=400)
    polls = live.polls_for(settings.FRONTDESK_LONG_POLL_SECONDS)
    live.wait_for_change(queue_id=ref.queue_id, since=since, polls=polls)
    ticket_status = selectors.ticket_status(ref=ref)
    if ticket_status is None:
        return JsonResponse({"detail": "Not found."}, status=404)
    return JsonResponse({**ticket_status.as_json(), "changed": ticket_status.version != since})
