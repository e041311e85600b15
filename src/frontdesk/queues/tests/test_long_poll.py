from __future__ import annotations

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontdesk.audit.models import AuditEvent
from frontdesk.queues import live, selectors, services
from frontdesk.queues.models import Queue
from frontdesk.queues.tests.factories import join, ref_of


def _version(queue: Queue) -> int:
    version = live.current_version(queue.pk)
    assert version is not None
    return version


def _no_sleeping(seconds: float) -> None:
    raise AssertionError("the long poll waited although the version had already changed")


def _database_queries(queries: CaptureQueriesContext) -> list[str]:
    """The queries that read or wrote data proper (the test cache lives in a table too, and
    writes to it in savepoints)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if "frontdesk_cache" not in q["sql"]
        and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
    ]


def test_the_poll_answers_at_once_when_the_version_already_differs(queue, client, monkeypatch):
    # given
    ticket = join(queue)
    monkeypatch.setattr(time, "sleep", _no_sleeping)
    # when
    response = client.get(f"/t/{ticket.token}/wait?v=0")
    # then
    body = response.json()
    assert response.status_code == 200
    assert body["changed"] is True
    assert (body["state"], body["position"]) == ("waiting", 1)


def test_the_poll_returns_the_new_state_after_a_summons(
    queue, owner, client, django_capture_on_commit_callbacks
):
    # given: the page was drawn at some version
    with django_capture_on_commit_callbacks(execute=True):
        ticket = join(queue)
    seen = client.get(f"/t/{ticket.token}/wait?v=0").json()["version"]
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_summon(actor=owner, ticket=ticket)
    # when
    body = client.get(f"/t/{ticket.token}/wait?v={seen}").json()
    # then
    assert body["changed"] is True
    assert body["version"] > seen
    assert body["state"] == "summoned"
    assert body["message"] == "You have been summoned — please go to the desk."


def test_the_wait_notices_a_change_made_while_it_waits(
    queue, owner, django_capture_on_commit_callbacks
):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        ticket = join(queue)
    seen = _version(queue)
    naps: list[float] = []

    def nap_while_staff_summon(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            with django_capture_on_commit_callbacks(execute=True):
                services.ticket_summon(actor=owner, ticket=ticket)

    # when
    version = live.wait_for_change(
        queue_id=queue.pk, since=seen, polls=80, sleep=nap_while_staff_summon
    )
    # then
    assert version == seen + 1
    assert naps == [live.POLL_INTERVAL, live.POLL_INTERVAL]


def test_without_a_change_the_poll_gives_up_after_the_configured_time(queue, client, settings):
    # given
    settings.FRONTDESK_LONG_POLL_SECONDS = 1
    naps: list[float] = []
    seen = _version(queue)
    # when
    version = live.wait_for_change(
        queue_id=queue.pk,
        since=seen,
        polls=live.polls_for(settings.FRONTDESK_LONG_POLL_SECONDS),
        sleep=naps.append,
    )
    # then
    assert version == seen
    assert naps == [live.POLL_INTERVAL] * 4


def test_an_unchanged_poll_says_so(queue, client, settings):
    # given
    settings.FRONTDESK_LONG_POLL_SECONDS = 0
    ticket = join(queue)
    seen = client.get(f"/t/{ticket.token}/wait?v=0").json()["version"]
    # when
    body = client.get(f"/t/{ticket.token}/wait?v={seen}").json()
    # then
    assert body["changed"] is False
    assert body["version"] == seen


def test_a_poll_without_a_version_is_a_bad_request(queue, client):
    # given
    ticket = join(queue)
    # then
    assert client.get(f"/t/{ticket.token}/wait?v=latest").status_code == 400


def test_many_watchers_of_one_queue_cost_the_database_nothing_once_the_state_is_built(queue):
    # given: 50 customers, each watching their own ticket
    tickets = [join(queue, f"Customer {n}") for n in range(50)]
    for ticket in tickets:
        ref_of(ticket)  # each watcher's first poll looks its token up once
    selectors.ticket_status(ref=ref_of(tickets[0]))  # the first watcher builds the state
    # when
    with CaptureQueriesContext(connection) as queries:
        statuses = [selectors.ticket_status(ref=ref_of(t)) for t in tickets]
    # then
    assert _database_queries(queries) == []
    assert [s.position if s else None for s in statuses] == list(range(1, 51))


def test_the_public_state_is_built_once_per_change(
    queue, owner, django_capture_on_commit_callbacks
):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        ticket = join(queue)
    ref = ref_of(ticket)
    selectors.ticket_status(ref=ref)
    with django_capture_on_commit_callbacks(execute=True):
        join(queue, "Bram")
    # when
    with CaptureQueriesContext(connection) as first:
        selectors.ticket_status(ref=ref)
    with CaptureQueriesContext(connection) as second:
        selectors.ticket_status(ref=ref)
    # then
    assert len(_database_queries(first)) == 3  # the queue, its tickets, the service times
    assert _database_queries(second) == []


def test_the_board_poll_sends_fresh_rows_without_recording_another_read(
    queue, owner, staff_client, settings, django_capture_on_commit_callbacks
):
    # given
    settings.FRONTDESK_LONG_POLL_SECONDS = 0
    client = staff_client(owner)
    client.get(reverse("queues:board", kwargs={"queue_id": queue.pk}))
    reads = AuditEvent.objects.filter(action="queues.board.viewed").count()
    with django_capture_on_commit_callbacks(execute=True):
        join(queue, "Ada")
    url = reverse("queues:board_wait", kwargs={"queue_id": queue.pk})
    # when
    body = client.get(f"{url}?v={queue.version}").json()
    # then
    assert body["changed"] is True
    assert body["version"] == queue.version + 1
    assert "Ada" in body["html"]
    assert 'data-action="summon"' in body["html"]
    assert AuditEvent.objects.filter(action="queues.board.viewed").count() == reads
