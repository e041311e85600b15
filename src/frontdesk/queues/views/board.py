"""The staff board of one queue: who is waiting, and the controls the member holds (QL-16).

Every view fetches through the access helper: outsiders get 404, members without the
capability 403. Reading the board takes QUEUE_BOARD, which no other grant implies (an auditor
of the organisation reads its log, not its waiting lists). Each action is one service call,
audited there (QL-18).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from frontdesk.access import capabilities as caps
from frontdesk.access.selectors import capabilities_on, get_for_user
from frontdesk.queues import controls, live, selectors, services
from frontdesk.queues.errors import QueueError
from frontdesk.queues.forms import CustomerForm
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.states import State

_NOTICE = "queues.notice"  # one message for the next board page, kept in the session


def _queue(request: HttpRequest, queue_id: int, capability: str | None = None) -> Queue:
    return get_for_user(
        Queue.objects.select_related("location"),
        user=request.user,
        capability=capability,
        pk=queue_id,
    )


def _capabilities(request: HttpRequest, queue: Queue) -> frozenset[str]:
    return capabilities_on(user=request.user, resource=queue) or frozenset()


def _notify(request: HttpRequest, text: str, *, error: bool = False) -> None:
    request.session[_NOTICE] = {"text": text, "error": error}


_BUTTON_CLASS = {"remove": "danger", "no-show": "danger", controls.SHOW_PHONE: "secondary"}


def _row(entry: selectors.BoardEntry, capabilities: frozenset[str]) -> dict[str, Any]:
    """One board line, flat, with the buttons the member may press: a board has many lines,
    and the template should look each value up once rather than walk object chains."""
    ticket = entry.ticket
    actions = controls.ticket_actions(
        state=ticket.state, capabilities=capabilities, has_phone=ticket.sms_opt_in
    )
    return {
        "number": ticket.number,
        "name": ticket.name,
        "walk_in": ticket.source == Ticket.Source.WALK_IN,
        "position": entry.position,
        "waited": entry.waited_minutes,
        "sms": "yes" if ticket.sms_opt_in else "no",
        "state_label": State(ticket.state).label,
        "tone": "ok" if ticket.state == State.ARRIVED else "warn",
        "buttons": [
            (
                f"{action}:{ticket.pk}",
                action,
                controls.TICKET_ACTION_LABELS[action],
                _BUTTON_CLASS.get(action, ""),
            )
            for action in actions
        ],
    }


def board_context(board: selectors.Board, capabilities: frozenset[str]) -> dict[str, Any]:
    """What the board templates need: the queue, its lines, the queue-level controls."""
    return {
        "queue": board.queue,
        "board": board,
        "waiting_rows": [_row(entry, capabilities) for entry in board.waiting],
        "called_rows": [_row(entry, capabilities) for entry in board.called],
        "queue_actions": controls.queue_actions(
            is_active=board.queue.is_active, capabilities=capabilities
        ),
    }


def _render_board(
    request: HttpRequest, queue: Queue, *, walk_in: CustomerForm | None = None, status: int = 200
) -> HttpResponse:
    capabilities = _capabilities(request, queue)
    if caps.QUEUE_BOARD not in capabilities:
        raise PermissionDenied
    board = services.queue_board_open(actor=request.user, queue=queue)
    context = board_context(board, capabilities)
    context["walk_in_form"] = walk_in or CustomerForm()
    context["notice"] = request.session.pop(_NOTICE, None)
    return render(request, "queues/board.html", context, status=status)


@never_cache
@login_required
@require_GET
def board(request: HttpRequest, queue_id: int) -> HttpResponse:
    return _render_board(request, _queue(request, queue_id, caps.QUEUE_BOARD))


@never_cache
@login_required
@require_GET
def board_wait(request: HttpRequest, queue_id: int) -> JsonResponse:
    """Long poll for the open board: the refreshed rows once the queue changed (or after the
    poll time, so "waited" stays current). Not audited again: the page load was."""
    queue = _queue(request, queue_id, caps.QUEUE_BOARD)
    try:
        since = int(request.GET.get("v", ""))
    except ValueError:
        return JsonResponse({"detail": "Give the version you have as ?v=<number>."}, status=400)
    polls = live.polls_for(settings.FRONTDESK_LONG_POLL_SECONDS)
    live.wait_for_change(queue_id=queue.pk, since=since, polls=polls)
    queue.refresh_from_db()
    # Grants may have changed while we waited: ask the access helper again.
    capabilities = capabilities_on(user=request.user, resource=queue)
    if capabilities is None:
        raise Http404
    if caps.QUEUE_BOARD not in capabilities:
        raise PermissionDenied
    board = selectors.queue_board(queue=queue)
    html = render_to_string(
        "queues/_board_live.html", board_context(board, capabilities), request=request
    )
    return JsonResponse({"version": board.version, "changed": board.version != since, "html": html})


@never_cache
@login_required
@require_POST
def walk_in(request: HttpRequest, queue_id: int) -> HttpResponse:
    queue = _queue(request, queue_id, caps.QUEUE_CUSTOMERS)
    form = CustomerForm(request.POST)
    if form.is_valid():
        try:
            ticket = services.ticket_add_walk_in(
                actor=request.user,
                queue=queue,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                sms_opt_in=form.cleaned_data["sms_opt_in"],
            )
        except (QueueError, ValidationError) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            _notify(request, f"Added ticket {ticket.number}.")
            return redirect("queues:board", queue_id=queue.pk)
    return _render_board(request, queue, walk_in=form, status=400)


@never_cache
@login_required
@require_POST
def ticket_action(request: HttpRequest, queue_id: int) -> HttpResponse:
    """One form for the whole board: the pressed button says `<action>:<ticket id>`, so the
    page needs a single CSRF token and no URL per button however long the queue is."""
    action, _, raw_id = request.POST.get("do", "").partition(":")
    capability = controls.capability_for(action)
    if capability is None or not raw_id.isdigit():
        raise BadRequest("Unknown board action.")
    ticket = get_for_user(
        Ticket.objects.select_related("queue"),
        user=request.user,
        capability=capability,
        pk=int(raw_id),
        queue_id=queue_id,
    )
    if action == controls.SHOW_PHONE:
        return _show_phone(request, ticket)
    try:
        services.TICKET_CHANGES[action](actor=request.user, ticket=ticket)
    except QueueError as error:
        _notify(request, str(error), error=True)
    else:
        _notify(request, f"Ticket {ticket.number} {controls.TICKET_ACTION_DONE[action]}.")
    return redirect("queues:board", queue_id=queue_id)


def _show_phone(request: HttpRequest, ticket: Ticket) -> HttpResponse:
    """Reveal one customer's phone number, on purpose and audited (never on the board)."""
    phone = services.ticket_contact_view(actor=request.user, ticket=ticket)
    board = caps.QUEUE_BOARD in _capabilities(request, ticket.queue)
    context = {"ticket": ticket, "phone": phone, "board": board}
    return render(request, "queues/phone.html", context)


def _set_active(request: HttpRequest, queue_id: int, *, active: bool) -> HttpResponse:
    queue = _queue(request, queue_id, caps.QUEUE_ACTIVATE)
    change = services.queue_activate if active else services.queue_deactivate
    try:
        change(actor=request.user, queue=queue)
    except QueueError as error:
        _notify(request, str(error), error=True)
    else:
        _notify(request, "The queue is open." if active else "The queue is closed.")
    return redirect("queues:board", queue_id=queue.pk)


@never_cache
@login_required
@require_POST
def activate(request: HttpRequest, queue_id: int) -> HttpResponse:
    return _set_active(request, queue_id, active=True)


@never_cache
@login_required
@require_POST
def deactivate(request: HttpRequest, queue_id: int) -> HttpResponse:
    return _set_active(request, queue_id, active=False)
