"""Reading support data: the customer's own requests, a request by its follow link, and what
staff may see — the teams they hold a grant on, nothing else (IN-19)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from frontdesk.access.scopes import ORGANISATION
from frontdesk.access.selectors import scope_ids, scopes_with
from frontdesk.support.models import TEAM, Attachment, Feedback, Message, Team, Ticket
from frontdesk.support.states import TicketState


def teams_taking_requests() -> QuerySet[Team]:
    """The teams customers may write to (request and feedback forms)."""
    return Team.objects.filter(accepts_requests=True).select_related("organisation")


def tickets_of(*, user: Any) -> QuerySet[Ticket]:
    """The signed-in customer's own requests, newest activity first."""
    return Ticket.objects.filter(requester_id=user.pk).select_related("team")


def ticket_of_requester(*, user: Any, ticket_id: int) -> Ticket | None:
    """One of the customer's own requests; None for anyone else's (the view answers 404)."""
    return tickets_of(user=user).filter(pk=ticket_id).first()


def ticket_by_follow_token(token: str) -> Ticket | None:
    """The public request whose follow link carries `token`; None when there is none (or its
    details, link included, were destroyed)."""
    if not token:
        return None
    return Ticket.objects.matching(follow_token=token).select_related("team").first()


def tickets_by_contact_email(email: str) -> QuerySet[Ticket]:
    """The public requests given this e-mail address, found by its blind index: how staff
    answer a data request from someone without an account (IN-21)."""
    return Ticket.objects.matching(contact_email=email).select_related("team")


def conversation(ticket: Ticket) -> list[Message]:
    return list(Message.objects.filter(ticket=ticket).select_related("author"))


def attachments_of(ticket: Ticket) -> list[Attachment]:
    """The reports of a request, without their contents (shown only when asked for)."""
    return list(Attachment.objects.filter(ticket=ticket).defer("content"))


def teams_for(*, user: Any, capability: str) -> QuerySet[Team]:
    """The teams on which `user` holds `capability`: by a grant on the team or on its whole
    organisation."""
    scopes = scopes_with(user=user, capability=capability)
    direct = Team.objects.filter(pk__in=scope_ids(scopes, TEAM))
    return direct | Team.objects.filter(organisation_id__in=scope_ids(scopes, ORGANISATION))


def tickets_for_staff(*, user: Any, capability: str, state: str = "") -> QuerySet[Ticket]:
    """The requests of the teams `user` holds `capability` on, optionally in one state; the
    details of closed ones are gone, so they are listed only when asked for."""
    tickets = Ticket.objects.filter(team__in=teams_for(user=user, capability=capability))
    tickets = tickets.filter(state=state) if state else tickets.exclude(state=TicketState.CLOSED)
    return tickets.select_related("team", "requester").order_by("-updated_at", "-pk")


def feedback_for_team(team: Team) -> QuerySet[Feedback]:
    return Feedback.objects.filter(team=team).select_related("user")
