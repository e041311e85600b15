"""Writing audit events. Call `audit_record` inside the transaction of the change it records.

Every business has its own chain (see `models`), and a writer locks only the chain it appends
to, for the rest of its transaction, so each event links to the one committed just before it in
its chain:

- PostgreSQL: a transaction-level advisory lock in the two-key form, (the audit's class id,
  the business's id, 0 for the platform's chain). Writers of one business queue behind each
  other; writers of two businesses never wait on each other.
- SQLite, the embedded default: IMMEDIATE transactions (settings) hold the database's write
  lock from BEGIN, so no two writers ever read the same chain head. SQLite has one writer at a
  time whatever the chain, so there businesses do queue behind each other, as every write does.

A transaction that appends to two chains takes both locks; should two transactions do so in
opposite orders, PostgreSQL detects the deadlock and fails one of them, which rolls back whole.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Model

from frontdesk.audit.actions import ACTIONS
from frontdesk.audit.chain import GENESIS, event_hash
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock, context, tenancy
from frontdesk.vault.blind import blind_index

# The first key of the chain locks on PostgreSQL ("FDAU"); the second is the chain's business.
PG_LOCK_CLASS = 0x46444155
PG_PLATFORM_KEY = 0  # the platform's chain: no business has the id 0
_PG_KEYS = 2**31  # the lock's keys are 32-bit: a larger business id shares a lower one's lock


class Actor(Protocol):
    @property
    def pk(self) -> Any: ...


class UnknownActionError(ValueError):
    pass


def pg_lock_key(organisation_id: int | None) -> int:
    """The second key of the chain's advisory lock on PostgreSQL."""
    return PG_PLATFORM_KEY if organisation_id is None else organisation_id % _PG_KEYS


def _lock_chain(organisation_id: int | None) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s::int, %s::int)",
                [PG_LOCK_CLASS, pg_lock_key(organisation_id)],
            )
    # SQLite runs IMMEDIATE transactions (settings): the write lock is already held.


def _along_scope(target: Model) -> Any:
    """The business key at the end of the target's `BUSINESS_SCOPE` path (its own
    `organisation` when it names none): "queue__organisation" reads `queue.organisation_id`."""
    *hops, last = str(getattr(target, "BUSINESS_SCOPE", "") or "organisation").split("__")
    row: Any = target
    for hop in hops:
        row = getattr(row, hop, None)
        if row is None:
            return None
    return getattr(row, last if last.endswith("_id") else f"{last}_id", None)


def _organisation_of(target: Model | None) -> int | None:
    """The business the target belongs to, when it says or its scope path tells."""
    if target is None:
        return None
    getter = getattr(target, "audit_organisation_id", None)
    if callable(getter):
        value = getter()
    elif target._meta.label_lower == "access.organisation":
        value = target.pk  # the business itself
    else:
        value = _along_scope(target)
    return int(value) if value is not None else None


def _chain_of(organisation_id: int | None, target: Model | None) -> int | None:
    """The business whose chain the event joins: the one named, else the target's, else the
    one the code runs for (None: the platform's chain)."""
    if organisation_id is not None:
        return organisation_id
    derived = _organisation_of(target)
    return derived if derived is not None else tenancy.business_id()


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    target: Model | None = None,
    organisation_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to its business's chain, in the caller's transaction (which must be
    open). The business is `organisation_id`, else the target's, else the bound business.

    `details` must not hold personal data in the clear: refer to people by id.
    """
    if action not in ACTIONS:
        raise UnknownActionError(f"Unknown audit action {action!r}; add it to audit.actions.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change.")
    ctx = context.current()
    clean_details = json.loads(json.dumps(details or {}, default=str))
    chain = _chain_of(organisation_id, target)
    _lock_chain(chain)
    # The head of this chain, whichever business is bound (a task may record for several).
    head = AuditEvent.objects.for_business(chain).order_by("-seq").values_list("seq", "hash")
    last = head.first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    fields: dict[str, Any] = {
        "seq": seq,
        "created_at": clock.now(),
        "actor_id": int(actor.pk) if actor is not None and actor.pk is not None else None,
        "action": action,
        "organisation_id": chain,
        "target_type": target._meta.label_lower if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        # The address never in the clear (FD-2): a keyed hash lets an investigation find every
        # event from one address without the log holding any.
        "ip": None,
        "ip_index": blind_index("ip", ctx.ip) if ctx.ip else "",
        "request_id": ctx.request_id,
        "details": clean_details,
    }
    digest = event_hash(prev_hash=prev_hash, **fields)
    return AuditEvent.objects.create(prev_hash=prev_hash, hash=digest, **fields)
