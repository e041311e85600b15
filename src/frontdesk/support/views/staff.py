"""Staff pages of support, under /staff/support/ (so the security-policy gate applies, QM-6).

Need-to-know (IN-19): a member sees the requests of the teams they hold a grant on, nothing
else. Every page fetches through the access helper — outsiders get 404, members without the
capability 403 — and every read of customer data is recorded: the list, a request, and each
diagnostic report or proof of purchase opened (`support.diagnostics`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from frontdesk.access import capabilities as caps
from frontdesk.access.selectors import capabilities_on, get_for_user
from frontdesk.support import selectors, services
from frontdesk.support.errors import SupportError
from frontdesk.support.forms import FraudForm, StaffReplyForm
from frontdesk.support.models import Attachment, Team, Ticket
from frontdesk.support.states import TicketState, can_move
from frontdesk.support.views.common import errors_from
from frontdesk.web.decorators import staff_page

SUPPORT_CAPABILITIES = (
    caps.SUPPORT_TICKETS,
    caps.SUPPORT_DIAGNOSTICS,
    caps.SUPPORT_FRAUD,
    caps.SUPPORT_FEEDBACK,
)
LIST_SIZE = 100


def _ticket(request: HttpRequest, ticket_id: int, capability: str) -> Ticket:
    return get_for_user(
        Ticket.objects.select_related("team"),
        user=request.user,
        capability=capability,
        pk=ticket_id,
    )


@staff_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The member's teams and the open requests of those they answer for."""
    teams = selectors.teams_held(user=request.user, capabilities=SUPPORT_CAPABILITIES)
    if not teams:
        raise PermissionDenied
    state = request.GET.get("state", "")
    state = state if state in TicketState.values else ""
    shown = list(
        selectors.tickets_for_staff(
            user=request.user, capability=caps.SUPPORT_TICKETS, state=state
        )[:LIST_SIZE]
    )
    services.tickets_list_open(actor=request.user, tickets=shown)
    context = {
        "teams": sorted(teams, key=lambda entry: str(entry.team)),
        "tickets": shown,
        "answers": any(caps.SUPPORT_TICKETS in entry.held for entry in teams),
        "state": state,
        "states": TicketState.choices,
        "limit": LIST_SIZE,
    }
    return render(request, "support/staff/index.html", context)


def _render_ticket(
    request: HttpRequest,
    ticket: Ticket,
    *,
    reply: StaffReplyForm | None = None,
    fraud: FraudForm | None = None,
    status: int = 200,
) -> HttpResponse:
    held = capabilities_on(user=request.user, resource=ticket) or frozenset()
    view = services.ticket_open_for_staff(actor=request.user, ticket=ticket)
    context = {
        "view": view,
        "ticket": view.ticket,
        "reads_reports": caps.SUPPORT_DIAGNOSTICS in held,
        "marks_fraud": caps.SUPPORT_FRAUD in held,
        "may_resolve": can_move(view.ticket.state, TicketState.RESOLVED),
        "may_reopen": view.ticket.state == TicketState.RESOLVED,
        "reply_form": reply or StaffReplyForm(),
        "fraud_form": fraud or FraudForm(),
    }
    return render(request, "support/staff/ticket.html", context, status=status)


@staff_page
@require_GET
def ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _render_ticket(request, _ticket(request, ticket_id, caps.SUPPORT_TICKETS))


@staff_page
@require_POST
def reply(request: HttpRequest, ticket_id: int) -> HttpResponse:
    found = _ticket(request, ticket_id, caps.SUPPORT_TICKETS)
    form = StaffReplyForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_reply_staff(
                actor=request.user,
                ticket=found,
                body=form.cleaned_data["body"],
                then=form.cleaned_data["then"],
            )
        except ValidationError as error:
            errors_from(form, error)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Answer sent; the customer was e-mailed.")
            return redirect("support:staff_ticket", ticket_id=found.pk)
    return _render_ticket(request, found, reply=form, status=400)


def _state_change(request: HttpRequest, ticket_id: int, change: Callable[..., Any]) -> HttpResponse:
    found = _ticket(request, ticket_id, caps.SUPPORT_TICKETS)
    try:
        changed = change(actor=request.user, ticket=found)
    except SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Request {changed.reference}: {changed.get_state_display()}.")
    return redirect("support:staff_ticket", ticket_id=found.pk)


@staff_page
@require_POST
def resolve(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _state_change(request, ticket_id, services.ticket_resolve)


@staff_page
@require_POST
def reopen(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _state_change(request, ticket_id, services.ticket_reopen)


@staff_page
@require_POST
def fraud_mark(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """Suspected fraud (IN-13): the request's details are kept for the longer period."""
    found = _ticket(request, ticket_id, caps.SUPPORT_FRAUD)
    form = FraudForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_fraud_mark(
                actor=request.user, ticket=found, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            errors_from(form, error)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Marked as suspected fraud: its details are kept longer.")
            return redirect("support:staff_ticket", ticket_id=found.pk)
    if caps.SUPPORT_TICKETS not in (capabilities_on(user=request.user, resource=found) or ()):
        raise PermissionDenied  # the form's page is the request, which they may not read
    return _render_ticket(request, found, fraud=form, status=400)


@staff_page
@require_POST
def fraud_clear(request: HttpRequest, ticket_id: int) -> HttpResponse:
    found = _ticket(request, ticket_id, caps.SUPPORT_FRAUD)
    services.ticket_fraud_clear(actor=request.user, ticket=found)
    messages.success(request, "Suspicion withdrawn: the usual grace period applies again.")
    return redirect("support:staff_ticket", ticket_id=found.pk)


@staff_page
@require_GET
def attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """One diagnostic report or proof of purchase, exactly as the customer sent it; opening it
    is recorded (IN-19)."""
    found = get_for_user(
        Attachment.objects.select_related("ticket__team").defer("content"),
        user=request.user,
        capability=caps.SUPPORT_DIAGNOSTICS,
        pk=attachment_id,
    )
    report = services.attachment_read(actor=request.user, attachment=found)
    return render(request, "support/staff/attachment.html", {"report": report})


@staff_page
@require_GET
def feedback(request: HttpRequest, team_id: int) -> HttpResponse:
    """The suggestions sent to one team (IN-15); reading them is recorded."""
    team = get_for_user(
        Team.objects.select_related("organisation"),
        user=request.user,
        capability=caps.SUPPORT_FEEDBACK,
        pk=team_id,
    )
    shown = list(selectors.feedback_for_team(team)[:LIST_SIZE])
    services.feedback_list_open(actor=request.user, team=team, feedback=shown)
    context = {"team": team, "feedback": shown, "limit": LIST_SIZE}
    return render(request, "support/staff/feedback.html", context)
