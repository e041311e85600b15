"""Reading the audit log: filtered listings and the check of each business's chain.

Reads go through the business-scoped manager: inside a business's request they see only that
business's events (and verify only its chain); a command or task, bound to none, sees them all.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.db.models import QuerySet

from frontdesk.audit.chain import GENESIS, hash_of
from frontdesk.audit.models import AuditEvent


class Chains(enum.Enum):
    EVERY = "every"


EVERY_CHAIN = Chains.EVERY  # `audit_chain_verify(organisation_id=...)`'s default: all of them


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    event_id: int
    reason: str
    organisation_id: int | None = None  # the business whose chain it is (None: the platform)


@dataclass(frozen=True)
class ChainReport:
    """One chain's check: how many events fit, and the first that does not (if any)."""

    organisation_id: int | None
    checked: int
    problem: ChainProblem | None

    @property
    def intact(self) -> bool:
        return self.problem is None


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


def audit_chains(*, using: str = "default") -> list[int | None]:
    """The chains that hold events (business ids, None for the platform's), platform first."""
    found = set(
        AuditEvent.objects.using(using)
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    return sorted(found, key=lambda key: -1 if key is None else key)


def audit_chains_verify(
    *,
    organisation_ids: Iterable[int | None] | None = None,
    batch_size: int = 2000,
    using: str = "default",
) -> list[ChainReport]:
    """Check each chain on its own (every chain that holds events, or the ones named): a
    problem in one business's chain says nothing about another's."""
    chains = audit_chains(using=using) if organisation_ids is None else list(organisation_ids)
    return [
        _verify_chain(chain, batch_size=batch_size, using=using) for chain in dict.fromkeys(chains)
    ]


def audit_chain_verify(
    *,
    organisation_id: int | Literal[Chains.EVERY] | None = EVERY_CHAIN,
    batch_size: int = 2000,
    using: str = "default",
) -> tuple[int, ChainProblem | None]:
    """Walk one business's chain (None: the platform's) or, by default, every chain; return
    how many events fit and the first problem (its `organisation_id` names the chain).

    An altered event no longer matches its own hash; a removed or out-of-order event breaks the
    sequence or the link to the previous hash.
    """
    named = None if organisation_id is EVERY_CHAIN else [organisation_id]
    reports = audit_chains_verify(organisation_ids=named, batch_size=batch_size, using=using)
    checked = sum(report.checked for report in reports)
    problem = next((report.problem for report in reports if report.problem is not None), None)
    return checked, problem


def _chain_events(organisation_id: int | None, *, using: str) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.using(using)
    if organisation_id is None:
        return events.filter(organisation_id__isnull=True)
    return events.filter(organisation_id=organisation_id)


def _verify_chain(organisation_id: int | None, *, batch_size: int, using: str) -> ChainReport:
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    events = _chain_events(organisation_id, using=using).order_by("seq")
    for event in events.iterator(chunk_size=batch_size):
        problem = _check(event, prev_hash=prev_hash, expected_seq=expected_seq)
        if problem is not None:
            return ChainReport(organisation_id, checked, problem)
        prev_hash, expected_seq, checked = event.hash, event.seq + 1, checked + 1
    return ChainReport(organisation_id, checked, None)


def _check(event: AuditEvent, *, prev_hash: str, expected_seq: int) -> ChainProblem | None:
    def problem(reason: str) -> ChainProblem:
        return ChainProblem(event.seq, event.pk, reason, event.organisation_id)

    if event.seq != expected_seq:
        return problem(
            f"expected event #{expected_seq} here: an event was removed or inserted out of order"
        )
    if event.prev_hash != prev_hash:
        return problem("does not link to the event before it: the chain was rewritten")
    recomputed = hash_of(event, prev_hash=event.prev_hash)
    if recomputed != event.hash:
        return problem("its contents were altered after it was written")
    return None
