"""The hash chain: each event's hash covers its own fields and the previous event's hash."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def event_hash(
    *,
    prev_hash: str,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    action: str,
    organisation_id: int | None,
    target_type: str,
    target_id: str,
    ip: str | None,
    request_id: str,
    details: dict[str, Any],
    ip_index: str = "",
) -> str:
    # `ip_index` joined the payload later: events without one hash exactly as before.
    extra = {"ip_index": ip_index} if ip_index else {}
    payload = json.dumps(
        {
            **extra,
            "seq": seq,
            "created_at": created_at.isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "action": action,
            "organisation_id": organisation_id,
            "target_type": target_type,
            "target_id": target_id,
            "ip": ip,
            "request_id": request_id,
            "details": details,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def hash_of(event: Any, *, prev_hash: str) -> str:
    """The hash an event (anything with the event's fields) has when it follows `prev_hash`."""
    return event_hash(
        prev_hash=prev_hash,
        seq=event.seq,
        created_at=event.created_at,
        actor_id=event.actor_id,
        action=event.action,
        organisation_id=event.organisation_id,
        target_type=event.target_type,
        target_id=event.target_id,
        ip=event.ip,
        request_id=event.request_id,
        details=event.details,
        ip_index=getattr(event, "ip_index", ""),
    )
