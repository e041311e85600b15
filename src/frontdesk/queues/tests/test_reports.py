from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from frontdesk.audit.models import AuditEvent
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.reports import Period, percentile, queue_report
from frontdesk.queues.tests.factories import TicketFactory, served_ticket

LONDON = ZoneInfo("Europe/London")
WEEK = Period(first=date(2025, 5, 5), last=date(2025, 5, 11))
MIN = timedelta(minutes=1)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 5, day, hour, minute, tzinfo=LONDON)


def _known_week(queue: Queue) -> None:
    """Six customers in the week of 5-11 May 2025 (London), and two just outside it."""
    served_ticket(queue, joined=_at(5, 9, 10), wait=10 * MIN, walk=1 * MIN, service=5 * MIN)
    served_ticket(queue, joined=_at(6, 9, 40), wait=20 * MIN, walk=2 * MIN, service=7 * MIN)
    TicketFactory.create(
        queue=queue,
        state=Ticket.State.NO_SHOW,
        joined_at=_at(7, 10, 5),
        summoned_at=_at(7, 10, 35),
        ended_at=_at(7, 10, 45),
    )
    TicketFactory.create(
        queue=queue, state=Ticket.State.LEFT, joined_at=_at(8, 14), ended_at=_at(8, 15)
    )
    TicketFactory.create(queue=queue, state=Ticket.State.REMOVED, joined_at=_at(9, 14, 30))
    served_ticket(queue, joined=_at(11, 16), wait=40 * MIN, walk=0 * MIN, service=3 * MIN)
    served_ticket(queue, joined=_at(4, 23, 30), wait=99 * MIN, walk=MIN, service=99 * MIN)
    served_ticket(queue, joined=_at(12, 0, 10), wait=99 * MIN, walk=MIN, service=99 * MIN)


def test_the_report_figures_on_a_known_week(queue):
    # given
    _known_week(queue)
    # when
    report = queue_report(queues=[queue], start=WEEK.start, end=WEEK.end)
    # then
    assert (report.joined, report.served, report.no_shows, report.left, report.removed) == (
        6,
        3,
        1,
        1,
        1,
    )
    assert report.avg_wait_seconds == pytest.approx(25 * 60)  # 10, 20, 30, 40 min
    assert report.p90_wait_seconds == pytest.approx(40 * 60)
    assert report.avg_service_seconds == pytest.approx(5 * 60)  # 5, 7, 3 min
    expected_hours = [0] * 24
    expected_hours[9], expected_hours[10], expected_hours[14], expected_hours[16] = 2, 1, 2, 1
    assert report.arrivals_by_hour == expected_hours
    assert report.busiest_hour == 9


def test_an_empty_period_has_no_averages(queue):
    # when
    report = queue_report(queues=[queue], start=WEEK.start, end=WEEK.end)
    # then
    assert (report.joined, report.avg_wait_seconds, report.p90_wait_seconds) == (0, None, None)
    assert report.busiest_hour is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([5.0], 5.0), ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 9.0)],
)
def test_the_90th_percentile_is_the_nearest_rank(values, expected):
    # then
    assert percentile(values, 90) == expected


def _report_url(queue: Queue) -> str:
    return reverse("queues:queue_report", kwargs={"queue_id": queue.pk})


@pytest.mark.promise("QL-17", "QL-18")
def test_the_report_page_shows_the_figures_and_a_chart_and_is_recorded(queue, owner, staff_client):
    # given
    _known_week(queue)
    # when
    response = staff_client(owner).get(
        _report_url(queue), {"start": "2025-05-05", "end": "2025-05-11"}
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'data-figure="served">3<', html)
    assert re.search(r'data-figure="avg_wait">25 min<', html)
    assert re.search(r'data-figure="p90_wait">40 min<', html)
    assert re.search(r'data-figure="avg_service">5 min<', html)
    svg_match = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg_match is not None
    svg = svg_match.group(0)
    assert svg.count("<rect") == 24
    assert "style=" not in svg
    event = AuditEvent.objects.filter(action="queues.report.viewed").get()
    assert (event.actor_id, event.target_id) == (owner.pk, str(queue.pk))
    assert event.details == {
        "queue_ids": [queue.pk],
        "first_day": "2025-05-05",
        "last_day": "2025-05-11",
    }


def test_the_report_defaults_to_the_last_seven_days(queue, owner, staff_client, time_machine):
    # given
    _known_week(queue)
    time_machine.move_to(_at(11, 18), tick=False)
    # when
    html = staff_client(owner).get(_report_url(queue)).content.decode()
    # then
    assert 'value="2025-05-05"' in html
    assert 'value="2025-05-11"' in html
    assert re.search(r'data-figure="joined">6<', html)


@pytest.mark.promise("FD-8")
def test_a_backwards_period_is_a_form_error_and_reads_nothing(queue, owner, staff_client):
    # when
    response = staff_client(owner).get(
        _report_url(queue), {"start": "2025-05-11", "end": "2025-05-05"}
    )
    # then
    assert response.status_code == 400
    assert "The end date must be on or after the start date." in response.content.decode()
    assert not AuditEvent.objects.filter(action="queues.report.viewed").exists()


def test_the_location_report_covers_every_queue_there(
    queue, sibling_queue, far_queue, owner, staff_client
):
    # given
    _known_week(queue)
    served_ticket(sibling_queue, joined=_at(6, 11), wait=MIN, walk=MIN, service=MIN)
    served_ticket(far_queue, joined=_at(6, 11), wait=MIN, walk=MIN, service=MIN)
    url = reverse("queues:location_report", kwargs={"location_id": queue.location_id})
    # when
    html = (
        staff_client(owner).get(url, {"start": "2025-05-05", "end": "2025-05-11"}).content.decode()
    )
    # then
    assert re.search(r'data-figure="joined">7<', html)
    event = AuditEvent.objects.filter(action="queues.report.viewed").get()
    assert event.target_type == "access.location"
    assert sorted(event.details["queue_ids"]) == sorted([queue.pk, sibling_queue.pk])
