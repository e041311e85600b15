from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from frontdesk.queues import selectors, services
from frontdesk.queues.models import Ticket
from frontdesk.queues.tests.factories import ref_of, served_ticket
from frontdesk.queues.waits import service_seconds

T0 = datetime(2025, 5, 6, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def _status(ticket: Ticket) -> selectors.TicketStatus:
    status = selectors.ticket_status(ref=ref_of(ticket))
    assert status is not None
    return status


def test_without_history_the_wait_uses_the_expected_service_time(queue):
    # given: expected 5 min per customer, two ahead
    for name in ("Ada", "Bram"):
        services.ticket_join(queue=queue, name=name, phone="", sms_opt_in=False)
    third = services.ticket_join(queue=queue, name="Chloe", phone="", sms_opt_in=False)
    # when
    status = _status(third)
    # then
    assert (status.position, status.wait_minutes) == (3, 10)


def test_the_estimate_uses_the_real_service_times_of_recent_customers(queue, time_machine):
    # given: served customers took 2 and 4 minutes at the desk (average 3), though 5 expected
    time_machine.move_to(T0, tick=False)
    served_ticket(
        queue,
        joined=T0,
        wait=timedelta(minutes=9),
        walk=timedelta(minutes=1),
        service=timedelta(minutes=2),
    )
    served_ticket(
        queue,
        joined=T0,
        wait=timedelta(minutes=20),
        walk=timedelta(0),
        service=timedelta(minutes=4),
    )
    time_machine.move_to(T0 + timedelta(hours=1), tick=False)
    tickets = [
        services.ticket_join(queue=queue, name=name, phone="", sms_opt_in=False)
        for name in ("Ada", "Bram", "Chloe")
    ]
    # when
    statuses = [_status(ticket) for ticket in tickets]
    # then
    assert [s.wait_minutes for s in statuses] == [0, 3, 6]
    assert statuses[0].message == "You are next."


def test_only_the_latest_sample_of_service_times_counts(queue, settings):
    # given: an old slow customer (60 min), then two quick ones (1 min)
    settings.FRONTDESK_WAIT_SAMPLE = 2
    served_ticket(
        queue, joined=T0, wait=timedelta(0), walk=timedelta(0), service=timedelta(minutes=60)
    )
    for hours in (2, 3):
        served_ticket(
            queue,
            joined=T0 + timedelta(hours=hours),
            wait=timedelta(0),
            walk=timedelta(0),
            service=timedelta(minutes=1),
        )
    # then
    assert service_seconds(queue_id=queue.pk, expected_minutes=5) == pytest.approx(60.0)
