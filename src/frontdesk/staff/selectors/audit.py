"""Reading an organisation's audit log for the auditor's screen: filters, actors, rows.

Events name people by id only (their personal data stays out of the chain); this screen puts
names to staff ids for the auditor, and shows customers by id alone. An organisation's log is
its own chain of events (the audit log is one chain per business): its staff's account events
are in it too, accounts being per business.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from frontdesk.access.models import Grant, Organisation
from frontdesk.audit.actions import describe
from frontdesk.audit.models import AuditEvent
from frontdesk.audit.selectors import audit_events
from frontdesk.identity.models import User


@dataclass(frozen=True)
class AuditFilters:
    """The auditor's question: who, what, when (dates, both inclusive) and on what target."""

    actor_id: int | None = None
    action: str = ""
    since: date | None = None
    until: date | None = None
    target_type: str = ""
    target_id: str = ""

    def query(self) -> dict[str, str]:
        """The filters as URL parameters: ids and codes only, never an e-mail address (QL-7)."""
        values = asdict(self)
        values["actor"] = values.pop("actor_id")
        return {key: str(value) for key, value in values.items() if value not in (None, "")}


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _members(organisation: Organisation) -> list[int]:
    grants = Grant.objects.filter(organisation=organisation)
    return list(grants.values_list("user_id", flat=True).distinct())


def organisation_events(
    organisation: Organisation, filters: AuditFilters, *, upto: int | None = None
) -> QuerySet[AuditEvent]:
    """The organisation's events matching `filters`, newest first, none after event `upto`."""
    events = audit_events(
        organisation_id=organisation.pk,
        actor_id=filters.actor_id,
        action=filters.action,
        target_type=filters.target_type,
        target_id=filters.target_id,
        since=_start_of(filters.since) if filters.since else None,
        until=_start_of(filters.until + timedelta(days=1)) if filters.until else None,
    )
    return events if upto is None else events.filter(seq__lte=upto)


def latest_seq(organisation: Organisation) -> int:
    """The number of the newest event in the organisation's chain (0 when it is empty)."""
    events = audit_events(organisation_id=organisation.pk)
    return events.values_list("seq", flat=True).first() or 0


def actor_by_email(organisation: Organisation, email: str) -> int | None:
    """The id of the person with this e-mail address, if they are staff of the organisation
    or ever acted in it.

    Looking only among the organisation's own people keeps the box from revealing whether an
    address has an account anywhere else on the platform.
    """
    actors = audit_events(organisation_id=organisation.pk).values("actor_id")
    user = (
        User.objects.with_email(email)
        .filter(Q(pk__in=actors) | Q(pk__in=_members(organisation)))
        .first()
    )
    return None if user is None else int(user.pk)


@dataclass(frozen=True)
class AuditRow:
    seq: int
    created_at: datetime
    actor_id: int | None
    actor: str
    action: str
    description: str
    target_type: str
    target_id: str
    ip: str | None
    request_id: str
    details: str


def _actor_labels(actor_ids: set[int]) -> dict[int, str]:
    labels = {}
    for user in get_user_model().objects.filter(pk__in=actor_ids):
        if user.is_staff:
            labels[user.pk] = f"{user.full_name} <{user.email}>" if user.full_name else user.email
        else:
            labels[user.pk] = f"customer #{user.pk}"
    return labels


def _actor_label(event: AuditEvent, labels: dict[int, str]) -> str:
    if event.actor_id is not None:
        return labels.get(event.actor_id, f"deleted account #{event.actor_id}")
    # No one signed in: a web request means a visitor acted (a customer joining a queue, an
    # SMS reply); otherwise a task or a command did.
    return "visitor (not signed in)" if event.request_id else "system"


def audit_rows(events: list[AuditEvent]) -> list[AuditRow]:
    """Events as the screen shows them, with one query for all the actors on the page."""
    labels = _actor_labels({event.actor_id for event in events if event.actor_id is not None})
    return [
        AuditRow(
            seq=event.seq,
            created_at=event.created_at,
            actor_id=event.actor_id,
            actor=_actor_label(event, labels),
            action=event.action,
            description=describe(event.action),
            target_type=event.target_type,
            target_id=event.target_id,
            ip=event.ip or (f"hashed {event.ip_index[:12]}" if event.ip_index else None),
            request_id=event.request_id,
            details=json.dumps(event.details, sort_keys=True) if event.details else "",
        )
        for event in events
    ]
