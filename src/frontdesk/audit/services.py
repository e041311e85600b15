"""Writing audit events. Call `audit_record` inside the transaction of the change it records."""

from __future__ import annotations

import json
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Model

from frontdesk.audit.actions import ACTIONS
from frontdesk.audit.chain import GENESIS, event_hash
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock, context
from frontdesk.vault.blind import blind_index

# One lock id for the chain head on PostgreSQL: writers queue up, so every event links to the
# one committed just before it.
_PG_LOCK_ID = 0x46443A41554454  # "FD:AUDT"


class Actor(Protocol):
    @property
    def pk(self) -> Any: ...


class UnknownActionError(ValueError):
    pass


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_ID])
    # SQLite runs IMMEDIATE transactions (settings): the write lock is already held.


def _organisation_of(target: Model | None) -> int | None:
    if target is None:
        return None
    getter = getattr(target, "audit_organisation_id", None)
    if callable(getter):
        value = getter()
        return int(value) if value is not None else None
    value = getattr(target, "organisation_id", None)
    return int(value) if value is not None else None


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    target: Model | None = None,
    organisation_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction (which must be open).

    `details` must not hold personal data in the clear: refer to people by id.
    """
    if action not in ACTIONS:
        raise UnknownActionError(f"Unknown audit action {action!r}; add it to audit.actions.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change.")
    ctx = context.current()
    clean_details = json.loads(json.dumps(details or {}, default=str))
    _lock_chain()
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    fields: dict[str, Any] = {
        "seq": seq,
        "created_at": clock.now(),
        "actor_id": int(actor.pk) if actor is not None and actor.pk is not None else None,
        "action": action,
        "organisation_id": organisation_id
        if organisation_id is not None
        else _organisation_of(target),
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
