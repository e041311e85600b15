"""Reading support data: the customer's own requests, a request by its follow link, and what
staff may see — the teams they hold a grant on, nothing else (IN-19)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.access.selectors import scope_ids, scopes_with
from frontdesk.support.models import TEAM, Attachment, Feedback, Message, Team, Ticket
from frontdesk.support.states import TicketState


def teams_taking_requests() -> QuerySet[Team]:
    """The teams of the bound business (the host's) customers may write to (request and
    feedback forms)."""
    return Team.objects.filter(accepts_requests=True)


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


def conversation(ticket: Ticket) -> list[Message]:
    return list(Message.objects.filter(ticket=ticket).select_related("author"))


def attachments_of(ticket: Ticket) -> list[Attachment]:
    """The reports of a request, without their contents (shown only when asked for)."""
    return list(Attachment.objects.filter(ticket=ticket).defer("content"))


def _on_teams(scopes: list[Scope]) -> Q:
    """Teams covered by `scopes`: a grant on the team or on its whole organisation."""
    return Q(pk__in=scope_ids(scopes, TEAM)) | Q(
        organisation_id__in=scope_ids(scopes, ORGANISATION)
    )


def teams_for(*, user: Any, capability: str) -> QuerySet[Team]:
    """The teams on which `user` holds `capability`: by a grant on the team or on its whole
    organisation."""
    scopes = scopes_with(user=user, capability=capability)
    return Team.objects.filter(_on_teams(scopes))


@dataclass(frozen=True)
class HeldTeam:
    """A team and the capabilities a member holds on it."""

    team: Team
    held: frozenset[str]


def teams_held(*, user: Any, capabilities: Iterable[str]) -> list[HeldTeam]:
    """Each team on which `user` holds any of `capabilities`, with those it holds there, in
    one query (the grants are read once per request)."""
    by_capability = {code: scopes_with(user=user, capability=code) for code in capabilities}
    wanted = [scope for scopes in by_capability.values() for scope in scopes]
    if not wanted:
        return []
    teams = Team.objects.filter(_on_teams(wanted)).select_related("organisation")
    return [HeldTeam(team, _held_on(team, by_capability)) for team in teams]


def _held_on(team: Team, by_capability: dict[str, list[Scope]]) -> frozenset[str]:
    path = set(team.access_scopes())
    return frozenset(code for code, scopes in by_capability.items() if not path.isdisjoint(scopes))


def tickets_for_staff(*, user: Any, capability: str, state: str = "") -> QuerySet[Ticket]:
    """The requests of the teams `user` holds `capability` on, optionally in one state; the
    details of closed ones are gone, so they are listed only when asked for."""
    tickets = Ticket.objects.filter(team__in=teams_for(user=user, capability=capability))
    tickets = tickets.filter(state=state) if state else tickets.exclude(state=TicketState.CLOSED)
    # Not the requester: the list shows only whether there is one (`requester_id`), and
    # selecting the sealed account would decrypt every requester's personal data.
    return tickets.select_related("team").order_by("-updated_at", "-pk")


def feedback_for_team(team: Team) -> QuerySet[Feedback]:
    return Feedback.objects.filter(team=team).select_related("user")
