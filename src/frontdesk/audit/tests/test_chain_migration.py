"""Migration 0004 splits the one platform-wide chain into one chain per business, verifying it
first, and keeps the append-only guard in place around it (FD-3)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from frontdesk.audit import guard
from frontdesk.audit.chain import GENESIS, event_hash, hash_of
from frontdesk.audit.models import AuditEvent
from frontdesk.audit.selectors import audit_chains_verify

BEFORE = ("audit", "0003_address_as_blind_index")
AFTER = ("audit", "0004_one_chain_per_business")
ACME, JULIE = 501, 502
WRITTEN = [ACME, JULIE, None, ACME, JULIE, ACME]  # the businesses of the old chain's events

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.fixture
def old_chain() -> Iterator[Any]:
    """The audit table as it was before 0004, and the way back to the latest schema after."""
    _migrate(BEFORE)
    yield (
        MigrationExecutor(connection)
        .loader.project_state([BEFORE])
        .apps.get_model("audit", "AuditEvent")
    )
    guard.uninstall(connection)  # a test may leave events the migration refuses
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    guard.install(connection)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("audit")[0])


def _write_one_chain(model: Any, *, altered: int | None = None) -> list[str]:
    """The events of `WRITTEN` in one chain as the old code wrote them; `altered` (a seq) is
    changed after it was hashed."""
    prev_hash, hashes = GENESIS, []
    start = datetime(2026, 11, 1, 9, tzinfo=UTC)
    for seq, organisation_id in enumerate(WRITTEN, start=1):
        fields: dict[str, Any] = {
            "seq": seq,
            "created_at": start + timedelta(minutes=seq),
            "actor_id": 7,
            "action": "queues.queue.activated",
            "organisation_id": organisation_id,
            "target_type": "queues.queue",
            "target_id": str(seq),
            "ip": None,
            "ip_index": "",
            "request_id": f"r{seq}",
            "details": {"n": seq},
        }
        digest = event_hash(prev_hash=prev_hash, **fields)
        if seq == altered:
            fields["details"] = {"n": 99}
        model.objects.create(prev_hash=prev_hash, hash=digest, **fields)
        prev_hash = digest
        hashes.append(digest)
    return hashes


@pytest.mark.promise("FD-3", "FD-16")
def test_the_one_chain_becomes_one_chain_per_business(old_chain):
    # given
    hashes = _write_one_chain(old_chain)
    # when
    _migrate(AFTER)
    # then: each business's events, in their old order, count from 1 in its own chain
    chains = {
        key: list(
            AuditEvent.objects.for_business(key).order_by("seq").values_list("seq", "target_id")
        )
        for key in (ACME, JULIE)
    }
    assert chains == {ACME: [(1, "1"), (2, "4"), (3, "6")], JULIE: [(1, "2"), (2, "5")]}
    reports = {report.organisation_id: report for report in audit_chains_verify()}
    assert {key: (r.checked, r.intact) for key, r in reports.items()} == {
        ACME: (3, True),
        JULIE: (2, True),
        None: (2, True),
    }
    # ... and the platform's chain keeps the old head on record
    split = AuditEvent.objects.for_business(None).get(action="audit.chain.split")
    assert split.seq == 2
    assert split.details == {"head_seq": 6, "head_hash": hashes[-1], "chains": 3}
    assert guard.installed(connection)


@pytest.mark.promise("FD-3")
def test_the_migration_refuses_a_broken_chain_rather_than_relink_it(old_chain):
    # given
    _write_one_chain(old_chain, altered=4)
    # then
    with pytest.raises(RuntimeError, match=r"broken at event #4 .*altered"):
        _migrate(AFTER)
    assert list(old_chain.objects.order_by("seq").values_list("seq", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    assert guard.installed(connection)


def test_the_migration_reverses_to_one_chain(old_chain):
    # given
    _write_one_chain(old_chain)
    _migrate(AFTER)
    # when
    _migrate(BEFORE)
    # then: one chain again, in the order the events were written, the split event last
    events = list(old_chain.objects.order_by("seq"))
    assert [event.seq for event in events] == list(range(1, len(WRITTEN) + 2))
    assert events[-1].action == "audit.chain.split"
    prev_hash = GENESIS
    for event in events:
        assert event.prev_hash == prev_hash
        assert event.hash == hash_of(event, prev_hash=prev_hash)
        prev_hash = event.hash
    assert guard.installed(connection)
