"""On PostgreSQL each business's chain has its own lock: a writer of one business never waits
on another's open transaction, while a second writer of the same business does (FD-3, FD-16).

Each writer runs in its own thread, on its own database connection. Who waits is read from
`pg_locks` (a lock requested and not granted), never from a clock."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import business
from django.db import connection, connections, transaction

from frontdesk.audit.models import AuditEvent
from frontdesk.audit.selectors import audit_chains_verify
from frontdesk.audit.services import PG_LOCK_CLASS, audit_record, pg_lock_key
from frontdesk.core import tenancy

ACTION = "queues.queue.activated"
PATIENCE = 20  # seconds a thread may take before the test gives up on it (never asserted)

pytestmark = pytest.mark.django_db(transaction=True)


class Writer(threading.Thread):
    """Appends one event to a business's chain inside its own transaction, then waits for
    `release` (when given) before committing."""

    def __init__(self, organisation_id: int, *, release: threading.Event | None = None):
        super().__init__(daemon=True)
        self.organisation_id = organisation_id
        self.release = release
        self.appended = threading.Event()
        self.committed = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with tenancy.bound_to(self.organisation_id), transaction.atomic():
                audit_record(actor=None, action=ACTION, details={"by": self.name})
                self.appended.set()
                if self.release is not None and not self.release.wait(PATIENCE):
                    raise TimeoutError("never released")
            self.committed.set()
        except BaseException as error:  # reported by the test, which runs in another thread
            self.error = error
        finally:
            connections.close_all()


def _waiting_on(organisation_id: int) -> int:
    """How many transactions wait for the chain lock of `organisation_id`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND classid = %s AND objid = %s AND objsubid = 2",
            [PG_LOCK_CLASS, pg_lock_key(organisation_id)],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _eventually(condition: Callable[[], bool]) -> bool:
    done = threading.Event()
    for _ in range(PATIENCE * 20):
        if condition():
            return True
        done.wait(0.05)
    return condition()


@pytest.fixture
def writers() -> Iterator[list[Writer]]:
    started: list[Writer] = []
    yield started
    for writer in started:
        if writer.release is not None:
            writer.release.set()
        writer.join(PATIENCE)


def _start(writers: list[Writer], organisation_id: int, **kwargs: Any) -> Writer:
    writer = Writer(organisation_id, **kwargs)
    writers.append(writer)
    writer.start()
    return writer


@pytest.mark.promise("FD-3", "FD-16")
def test_two_businesses_write_their_chains_without_waiting_on_each_other(organisation, writers):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: its write lock is the chain's lock")
    # given: a writer of Acme holds its transaction open after appending to Acme's chain
    julie = business("Julie Floral", "julie")
    release = threading.Event()
    acme_first = _start(writers, organisation.pk, release=release)
    assert acme_first.appended.wait(PATIENCE)
    # when: a writer of Julie appends and commits, and a second writer of Acme tries to
    julie_writer = _start(writers, julie.pk)
    julie_writer.join(PATIENCE)
    acme_second = _start(writers, organisation.pk)
    # then: Julie's writer committed while Acme's transaction was still open
    assert julie_writer.error is None
    assert julie_writer.committed.is_set()
    assert not acme_first.committed.is_set()
    # ... and the second writer of Acme waits for the first one's lock
    assert _eventually(lambda: _waiting_on(organisation.pk) == 1)
    assert not acme_second.appended.is_set()
    # when the first one commits, the second follows it in Acme's chain
    release.set()
    acme_first.join(PATIENCE)
    acme_second.join(PATIENCE)
    assert (acme_first.error, acme_second.error) == (None, None)
    assert acme_second.committed.is_set()
    chain = AuditEvent.objects.for_business(organisation.pk).order_by("seq")
    assert [event.details["by"] for event in chain] == [acme_first.name, acme_second.name]
    assert all(report.intact for report in audit_chains_verify())
