"""FD-10: every kind of personal data has a retention period, and the sweep destroys what is
past it (JF-7: the rows or values are gone from the tables, not flagged or hidden).

The queue service sits above privacy in the layers, so its models are reached through the app
registry, as the sweep itself reaches every declared model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Model

from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock, context
from frontdesk.core.declarations import Erasure
from frontdesk.identity import services as identity
from frontdesk.identity.models import LoginAttempt
from frontdesk.messaging import services as messaging
from frontdesk.messaging.models import SmsMessage
from frontdesk.privacy.retention import Due, retention_due, retention_sweep

Queue: Any = apps.get_model("queues", "Queue")
Ticket: Any = apps.get_model("queues", "Ticket")

NOW = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)
SWEPT = "privacy.retention.swept"


@dataclass
class Aged:
    """Personal data on both sides of its retention period."""

    old_ticket: Any  # queues.Ticket
    new_ticket: Any
    old_sms: SmsMessage
    new_sms: SmsMessage
    old_attempt: LoginAttempt
    new_attempt: LoginAttempt
    old_failure: AccessAttempt
    new_failure: AccessAttempt
    expired_session: Session
    live_session: Session


def _days_ago(days: int) -> time_machine.travel:
    return time_machine.travel(NOW - timedelta(days=days), tick=False)


def _visit(queue: Any, name: str, *, ends: bool = True) -> Any:
    """A customer who joined with SMS updates and (unless `ends` is false) left now: the
    ticket's own `set_state` stamps the end and drops the phone."""
    queue.last_number += 1
    queue.save(update_fields=["last_number"])
    ticket = Ticket.objects.create(
        queue=queue, number=queue.last_number, name=name, phone="+447700900555", sms_opt_in=True
    )
    if ends:
        ticket.set_state(Ticket.State.LEFT, at=clock.now())
        ticket.save()
    return ticket


def _sms(body: str) -> SmsMessage:
    message = messaging.sms_send(phone="+447700900777", body=body, organisation_id=None)
    assert message is not None
    return message


def _attempt(agent: str) -> LoginAttempt:
    with context.bound(context.RequestContext(request_id="r", ip="203.0.113.9", user_agent=agent)):
        return identity.login_attempt_record(user=None, outcome=LoginAttempt.Outcome.FAILED)


def _failure(username: str) -> AccessAttempt:
    return AccessAttempt.objects.create(
        username=username, ip_address="203.0.113.9", user_agent="", failures_since_start=1
    )


def _session(key: str, expires: datetime) -> Session:
    return Session.objects.create(session_key=key, session_data="{}", expire_date=expires)


@pytest.fixture
def queue(location) -> Any:
    return Queue.objects.create(
        organisation=location.organisation, location=location, name="Passports", slug="passports"
    )


@pytest.fixture
def aged(queue: Any) -> Aged:
    """Tickets ended 31 and 29 days ago, SMS 31/29 days old, sign-in attempts 91/89 days
    old, failed sign-ins 31/29 days old, an expired and a live session; the clock then
    stands at NOW for the test."""
    with _days_ago(91):
        old_attempt = _attempt("OldBrowser/1.0")
    with _days_ago(89):
        new_attempt = _attempt("NewBrowser/2.0")
    with _days_ago(31):
        old_ticket, old_sms = _visit(queue, "Oldest Customer"), _sms("Old message")
        old_failure = _failure("old@example.test")
    with _days_ago(29):
        new_ticket, new_sms = _visit(queue, "Recent Customer"), _sms("New message")
        new_failure = _failure("new@example.test")
    expired = _session("e" * 32, NOW - timedelta(minutes=1))
    live = _session("l" * 32, NOW + timedelta(minutes=30))
    return Aged(
        old_ticket,
        new_ticket,
        old_sms,
        new_sms,
        old_attempt,
        new_attempt,
        old_failure,
        new_failure,
        expired,
        live,
    )


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _exists(row: Model) -> bool:
    return type(row)._base_manager.filter(pk=row.pk).exists()


def _stored_anywhere(table: str, column: str, value: str) -> int:
    """Rows of the table holding the value, read with SQL past every manager (JF-7)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} = %s", [value])  # noqa: S608 - names from the test
        return int(cursor.fetchone()[0])


def _sweep_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=SWEPT).order_by("pk"))


def _passes() -> int:
    """A sweep is one pass per business and one for the platform: one event each."""
    return Organisation.objects.count() + 1


def _summed(events: list[AuditEvent], part: str) -> dict[str, int]:
    total: dict[str, int] = {}
    for event in events:
        for key, value in event.details[part].items():
            total[key] = total.get(key, 0) + value
    return total


def _due_by_key() -> dict[str, Due]:
    """`retention_due()` with every business's rows of a declaration added up."""
    merged: dict[str, Due] = {}
    for item in retention_due():
        seen = merged.get(item.key)
        merged[item.key] = item if seen is None else replace(seen, rows=seen.rows + item.rows)
    return merged


@pytest.mark.promise("FD-10", "JF-7")
def test_the_sweep_destroys_exactly_what_is_past_its_retention(aged, at_now):
    # when
    retention_sweep()
    # then: the old ticket stays (statistics) without the customer's name; the recent one keeps it
    aged.old_ticket.refresh_from_db()
    aged.new_ticket.refresh_from_db()
    assert aged.old_ticket.name == ""
    assert aged.new_ticket.name == "Recent Customer"
    assert _stored_anywhere("queues_ticket", "name", "Oldest Customer") == 0
    # and the old text message, sign-in attempt, failed sign-in and expired session are gone
    assert not _exists(aged.old_sms)
    assert _stored_anywhere("messaging_smsmessage", "body", "Old message") == 0
    assert not _exists(aged.old_attempt)
    assert _stored_anywhere("identity_loginattempt", "user_agent", "OldBrowser/1.0") == 0
    assert not _exists(aged.old_failure)
    assert not _exists(aged.expired_session)
    # and everything within its retention stays as it was
    for row in (aged.new_sms, aged.new_attempt, aged.new_failure, aged.live_session):
        assert _exists(row), row


@pytest.mark.promise("FD-10")
def test_each_business_and_the_platform_get_one_audit_event_with_their_counts(aged, at_now):
    # when
    report = retention_sweep()
    # then: one event in each business's chain and one in the platform's
    events = _sweep_events()
    assert len(events) == _passes()
    assert {event.organisation_id for event in events} == {
        *Organisation.objects.values_list("pk", flat=True),
        None,
    }
    assert {event.actor_id for event in events} == {None}
    counts = _summed(events, "counts")
    assert counts["queues.Ticket[name]"] == 1
    assert counts["queues.Ticket[phone]"] == 0  # the phone went when the visit ended
    assert counts["messaging.SmsMessage[to_phone]"] == 1
    assert counts["messaging.SmsMessage[body]"] == 0  # the row went with the declaration above
    assert counts["identity.LoginAttempt[ip,user_agent]"] == 1
    assert counts["axes.AccessAttempt[username,ip_address,user_agent,get_data,post_data]"] == 1
    assert counts["sessions.Session[session_data]"] == 1
    assert counts == report.counts()
    assert sum(event.details["total"] for event in events) == report.total == 5
    [login_days] = {
        event.details["days"]["identity.LoginAttempt[ip,user_agent]"]
        for event in events
        if "identity.LoginAttempt[ip,user_agent]" in event.details["days"]
    }
    assert login_days == 90


@pytest.mark.promise("FD-10", "JF-7")
def test_a_phone_left_on_an_ended_visit_goes_at_once_and_a_waiting_customer_keeps_theirs(
    queue, at_now
):
    # given: a visit that ended a minute ago with its phone still stored (as rows written before
    # the phone was dropped at the end would be), and a customer still waiting after 40 days
    with time_machine.travel(NOW - timedelta(minutes=1), tick=False):
        ended = _visit(queue, "Just Left")
    ended.phone = "+447700900555"
    ended.save(update_fields=["phone"])
    with _days_ago(40):
        waiting = _visit(queue, "Still Waiting", ends=False)
    # when
    report = retention_sweep()
    # then: the phone is kept 0 days after the visit; a visit that has not ended keeps all
    ended.refresh_from_db()
    waiting.refresh_from_db()
    assert (ended.name, ended.phone) == ("Just Left", "")
    assert (waiting.name, waiting.phone) == ("Still Waiting", "+447700900555")
    assert report.counts()["queues.Ticket[phone]"] == 1


@pytest.mark.promise("FD-10")
def test_a_dry_run_changes_nothing_records_nothing_and_reports_the_same_counts(aged, at_now):
    # when
    dry = retention_sweep(dry_run=True)
    # then: nothing changed, nothing recorded
    aged.old_ticket.refresh_from_db()
    assert aged.old_ticket.name == "Oldest Customer"
    for row in (aged.old_sms, aged.old_attempt, aged.old_failure, aged.expired_session):
        assert _exists(row), row
    assert _sweep_events() == []
    # and the real sweep then does exactly what the dry run said
    assert retention_sweep().counts() == dry.counts()
    assert dry.dry_run
    assert dry.total == 5


@pytest.mark.promise("FD-10")
def test_retention_due_lists_each_declaration_with_its_cutoff_and_count(aged, at_now):
    # when
    due = _due_by_key()
    # then
    names = due["queues.Ticket[name]"]
    assert (names.days, names.cutoff, names.erasure) == (
        30,
        NOW - timedelta(days=30),
        Erasure.ANONYMISE,
    )
    assert names.rows == 1
    assert names.fields == ("name",)
    assert names.model is Ticket
    # phones already emptied when the visits ended are not counted again
    assert due["queues.Ticket[phone]"].rows == 0
    assert due["sessions.Session[session_data]"].cutoff == NOW
    assert due["identity.LoginAttempt[ip,user_agent]"].rows == 1
    # data kept while the account exists, or as long as the opt-out stands, is not swept
    assert "identity.User[email]" not in due
    assert "messaging.SmsOptOut[phone]" not in due


@pytest.mark.promise("FD-10")
def test_a_setting_overrides_the_declared_days(aged, at_now, settings):
    # given: tickets' names kept 28 days instead of 30, SMS 60 days instead of 30
    settings.FRONTDESK_RETENTION_TICKET_DAYS = 28
    settings.FRONTDESK_RETENTION_SMS_DAYS = 60
    # when
    report = retention_sweep()
    # then: both visits (31 and 29 days ago) lose the name; no SMS is old enough to go
    assert set(Ticket.objects.values_list("name", flat=True)) == {""}
    assert _exists(aged.old_sms)
    assert report.counts()["queues.Ticket[name]"] == 2
    assert {item.key: item.days for item in report.items}["messaging.SmsMessage[body]"] == 60


@pytest.mark.promise("FD-10")
def test_a_second_sweep_changes_nothing_and_records_zero_counts(aged, at_now):
    # given
    retention_sweep()
    # when
    again = retention_sweep()
    # then: idempotent; the event shows that the sweep ran and found nothing
    assert again.total == 0
    events = _sweep_events()
    first, second = events[: _passes()], events[_passes() :]
    assert sum(event.details["total"] for event in second) == 0
    assert set(_summed(second, "counts").values()) == {0}
    assert _summed(second, "counts").keys() == _summed(first, "counts").keys()
    assert Ticket.objects.get(pk=aged.new_ticket.pk).name == "Recent Customer"


@pytest.mark.promise("FD-10", "FD-3")
def test_the_audit_log_is_never_swept(queue, at_now):
    # given: staff actions logged long ago (the audit log keeps its events for good)
    with _days_ago(4000):
        access.location_create(
            actor=None, organisation=queue.organisation, name="Old Town", slug="old-town"
        )
    before = AuditEvent.objects.count()
    # when
    due = retention_due()
    retention_sweep()
    # then
    assert AuditEvent not in {item.model for item in due}
    assert AuditEvent.objects.count() == before + _passes()  # only the sweep's own events
    assert AuditEvent.objects.filter(created_at__lt=NOW - timedelta(days=3000)).exists()


@pytest.mark.promise("FD-10", "JF-7")
def test_the_sweep_works_through_many_rows_in_batches(queue, at_now):
    # given: seven visits that ended 40 days ago
    with _days_ago(40):
        tickets = [_visit(queue, f"Customer {n}") for n in range(7)]
    # when
    report = retention_sweep(batch_size=3)
    # then: every name is blanked, every ticket kept
    assert report.counts()["queues.Ticket[name]"] == 7
    assert (
        list(Ticket.objects.filter(pk__in=[t.pk for t in tickets]).values_list("name", flat=True))
        == [""] * 7
    )


@pytest.mark.promise("FD-10")
def test_the_daily_task_runs_the_sweep_at_three_seventeen(aged, at_now):
    # given
    from huey.contrib.djhuey import HUEY

    from frontdesk.privacy.tasks import retention_sweep_task

    # when: the task runs (in this thread: tests run tasks immediately)
    retention_sweep_task()
    # then
    assert not _exists(aged.old_sms)
    assert len(_sweep_events()) == _passes()

    # and the scheduler picks it at 03:17 and not a minute later
    def scheduled(at: datetime) -> bool:
        return retention_sweep_task.task_class in {type(task) for task in HUEY.read_periodic(at)}

    assert scheduled(datetime(2025, 6, 16, 3, 17))  # noqa: DTZ001 - huey's clock is naive UTC
    assert not scheduled(datetime(2025, 6, 16, 3, 18))  # noqa: DTZ001


@pytest.mark.promise("FD-10", "FD-16")
def test_a_business_keeps_data_for_its_own_period_in_its_sweep_and_its_policy(db, at_now):
    # given: Julie Floral keeps SMS 10 days, Acme the installation's 30
    from conftest import business, default_business, host_client

    julie = business("Julie Floral", "julie-floral")
    julie.retention = {"FRONTDESK_RETENTION_SMS_DAYS": 10}
    julie.save(update_fields=["retention"])
    acme = default_business()
    with _days_ago(20):
        at_julie = messaging.sms_send(phone="+447700900111", body="J", organisation_id=julie.pk)
        at_acme = messaging.sms_send(phone="+447700900222", body="A", organisation_id=acme.pk)
    assert at_julie is not None
    assert at_acme is not None
    # when
    retention_sweep()
    # then: Julie Floral's 20-day-old SMS went, Acme's stayed
    assert not _exists(at_julie)
    assert _exists(at_acme)
    # and each policy says its own period
    julie_policy = host_client(julie).get("/privacy.json").json()
    acme_policy = host_client(acme).get("/privacy.json").json()

    def sms_days(policy: dict[str, Any]) -> set[int]:
        return {
            item["retention"]["days"]
            for item in policy["data"]
            if item["model"] == "messaging.SmsMessage"
        }

    assert sms_days(julie_policy) == {10}
    assert sms_days(acme_policy) == {30}
