"""The audit log's personal data, as it may leave production (`frontdesk.core.privacy`).

Events name people by id only; the one personal field is the client address. The copy drops
it and links each business's events into a fresh chain, so `audit verify` holds on the copy too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Model

from frontdesk.audit.chain import GENESIS, hash_of
from frontdesk.audit.models import AuditEvent
from frontdesk.core.declarations import Basis, Erasure, NotPersonal, PersonalData, Retention
from frontdesk.core.privacy import Rule


@dataclass(frozen=True)
class WithoutAddresses(Rule):
    """Events in `seq` order, without their IP, each re-chained in its business's chain."""

    ordering: tuple[str, ...] = ("seq",)

    def transform(self, rows: Iterable[Model]) -> Iterator[Model]:
        heads: dict[int | None, str] = {}  # each chain's last hash
        for event in rows:
            assert isinstance(event, AuditEvent)  # noqa: S101 - the rule is for this model only
            event.ip = None
            event.ip_index = ""
            event.prev_hash = heads.get(event.organisation_id, GENESIS)
            event.hash = hash_of(event, prev_hash=event.prev_hash)
            heads[event.organisation_id] = event.hash
            yield event


DATA = [
    PersonalData(
        model="audit.AuditEvent",
        fields=("ip",),
        category="network.ip",
        purpose=(
            "Accountability: which address staff actions came from (QL-18). Events recorded "
            "since sealing keep only a keyed hash of the address (not personal data in the "
            "clear); older events keep the address."
        ),
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=Retention(starts="permanently: staff actions are logged for good (QL-18)"),
        erasure=Erasure.KEEP_WITHOUT_IDENTITY,
    ),
]

NOT_PERSONAL = [
    NotPersonal(
        "audit.AuditEvent",
        "ip_index",
        "a keyed hash (HMAC) of the client address: it matches an address an investigator "
        "already has, and cannot be reversed without the index key",
    )
]

COPY_RULES = [WithoutAddresses("audit.AuditEvent")]
