"""Reading the audit log: filtered listings and the chain check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from frontdesk.audit.chain import GENESIS, hash_of
from frontdesk.audit.models import AuditEvent


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    event_id: int
    reason: str


def audit_events(
    *,
    organisation_id: int | None = None,
    actor_id: int | None = None,
    action: str = "",
    target_type: str = "",
    target_id: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """Events newest first, filtered by who, what, when and target."""
    events = AuditEvent.objects.all()
    if organisation_id is not None:
        events = events.filter(organisation_id=organisation_id)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if action:
        events = events.filter(action__startswith=action)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    if since is not None:
        events = events.filter(created_at__gte=since)
    if until is not None:
        events = events.filter(created_at__lt=until)
    return events.order_by("-seq")


def audit_chain_verify(
    *, batch_size: int = 2000, using: str = "default"
) -> tuple[int, ChainProblem | None]:
    """Walk the whole chain in order; return how many events were checked and the first problem.

    An altered event no longer matches its own hash; a removed or out-of-order event breaks the
    sequence or the link to the previous hash.
    """
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    events = AuditEvent.objects.using(using).order_by("seq").iterator(chunk_size=batch_size)
    for event in events:
        problem = _check(event, prev_hash=prev_hash, expected_seq=expected_seq)
        if problem is not None:
            return checked, problem
        prev_hash, expected_seq, checked = event.hash, event.seq + 1, checked + 1
    return checked, None


def _check(event: AuditEvent, *, prev_hash: str, expected_seq: int) -> ChainProblem | None:
    if event.seq != expected_seq:
        return ChainProblem(
            event.seq,
            event.pk,
            f"expected event #{expected_seq} here: an event was removed or inserted out of order",
        )
    if event.prev_hash != prev_hash:
        return ChainProblem(
            event.seq, event.pk, "does not link to the event before it: the chain was rewritten"
        )
    recomputed = hash_of(event, prev_hash=event.prev_hash)
    if recomputed != event.hash:
        return ChainProblem(event.seq, event.pk, "its contents were altered after it was written")
    return None
