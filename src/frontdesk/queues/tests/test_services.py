from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import make_user
from django.core.cache import cache
from django.core.exceptions import ValidationError

from frontdesk.audit.models import AuditEvent
from frontdesk.messaging.models import SmsMessage
from frontdesk.queues import live, services
from frontdesk.queues.errors import InvalidTransitionError, QueueClosedError, QueueError
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.phones import normalise_phone
from frontdesk.queues.tests.factories import join

LONDON = ZoneInfo("Europe/London")


def _version(queue: Queue) -> int:
    version = live.current_version(queue.pk)
    assert version is not None
    return version


def _sms_for(ticket: Ticket) -> list[SmsMessage]:
    return list(SmsMessage.objects.filter(reference=f"queues.ticket:{ticket.pk}"))


@pytest.mark.promise("QL-7")
def test_joining_gives_opaque_tokens_and_short_numbers(queue):
    # when
    first, second = join(queue, "Ada"), join(queue, "Bram")
    # then
    assert (first.number, second.number) == (1, 2)
    assert first.token != second.token
    assert len(first.token) >= 32
    assert "Ada" not in first.token


def test_numbers_restart_each_local_day(queue, time_machine):
    # given
    time_machine.move_to(datetime(2025, 3, 3, 23, 30, tzinfo=LONDON), tick=False)
    join(queue, "Ada")
    join(queue, "Bram")
    # when
    time_machine.move_to(datetime(2025, 3, 4, 0, 5, tzinfo=LONDON), tick=False)
    next_day = join(queue, "Chloe")
    # then
    assert next_day.number == 1


@pytest.mark.promise("QL-1")
def test_joining_keeps_the_phone_only_with_the_sms_tick_box(queue):
    # when
    with_sms = join(queue, "Ada", phone="+44 7700 900123", sms=True)
    without = join(queue, "Bram")
    # then
    assert (with_sms.phone, with_sms.sms_opt_in) == ("+447700900123", True)
    assert (without.phone, without.sms_opt_in) == ("", False)


@pytest.mark.promise("FD-8", "QL-1")
@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        (("Ada", "+447700900123", False), "phone", "tick “Send me SMS updates”"),
        (("Ada", "", True), "phone", "Enter a phone number for the SMS updates"),
        (("Ada", "12ab", True), "phone", "with its country code"),
        (("  ", "", False), "name", "Enter your name"),
        (("A" * 81, "", False), "name", "at most 80 characters"),
    ],
)
def test_bad_join_input_is_refused_with_a_clear_message_and_no_ticket(queue, given, field, message):
    # given
    name, phone, sms = given
    # when
    with pytest.raises(ValidationError) as refused:
        join(queue, name, phone=phone, sms=sms)
    # then
    assert message in " ".join(refused.value.message_dict[field])
    assert not Ticket.objects.exists()
    assert Queue.objects.get(pk=queue.pk).version == queue.version


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+44 7700 900123", "+447700900123"),
        ("0044 (7700) 900-123", "+447700900123"),
        ("07700 900123", "+447700900123"),
    ],
)
def test_phone_numbers_are_brought_to_one_form(typed, stored):
    # then
    assert normalise_phone(typed) == stored


def test_joining_an_inactive_queue_is_refused(queue, owner):
    # given
    services.queue_deactivate(actor=owner, queue=queue)
    # when
    with pytest.raises(QueueClosedError, match="closed"):
        join(queue)
    # then
    assert not Ticket.objects.exists()


def test_staff_cannot_add_a_walk_in_to_a_closed_queue_either(queue, owner):
    # given
    services.queue_deactivate(actor=owner, queue=queue)
    # then
    with pytest.raises(QueueClosedError):
        services.ticket_add_walk_in(
            actor=owner, queue=queue, name="Walk In", phone="", sms_opt_in=False
        )


def test_activating_an_open_queue_is_a_clear_error(queue, owner):
    # then
    with pytest.raises(QueueError, match="already open"):
        services.queue_activate(actor=owner, queue=queue)


@pytest.mark.promise("QL-1")
def test_summoning_without_sms_opt_in_sends_no_sms(
    queue, owner, django_capture_on_commit_callbacks
):
    # given
    ticket = join(queue, "Ada")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_summon(actor=owner, ticket=ticket)
    # then
    assert _sms_for(ticket) == []
    assert not SmsMessage.objects.exists()


@pytest.mark.promise("QL-1")
def test_summoning_with_sms_opt_in_sends_exactly_one_sms(
    queue, owner, django_capture_on_commit_callbacks
):
    # given
    ticket = join(queue, "Ada", phone="+447700900123", sms=True)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_summon(actor=owner, ticket=ticket)
    # then
    [sms] = _sms_for(ticket)
    assert sms.to_phone == "+447700900123"
    assert f"ticket {ticket.number}" in sms.body
    assert "Ada" not in sms.body
    assert SmsMessage.objects.count() == 1


@pytest.mark.promise("FD-2", "FD-9")
def test_the_summons_of_a_signed_in_customer_belongs_to_their_account(
    queue, owner, django_capture_on_commit_callbacks
):
    # given: a ticket taken while signed in, with SMS updates
    customer = make_user("ada@example.test")
    ticket = services.ticket_join(
        queue=queue, name="Ada", phone="+447700900123", sms_opt_in=True, user=customer
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_summon(actor=owner, ticket=ticket)
    # then: the message names the account and is sealed with the account's own key, so its
    # data download lists it and its erasure destroys it
    [sms] = _sms_for(ticket)
    assert sms.user == customer
    customer.refresh_from_db()
    assert sms.vault_key is not None
    assert sms.vault_key == customer.vault_key


@pytest.mark.promise("QL-1")
def test_the_sms_leaves_only_when_the_summons_commits(queue, owner):
    # given
    ticket = join(queue, "Ada", phone="+447700900123", sms=True)
    # when: the transaction is still open (the test's own), nothing has gone out
    services.ticket_summon(actor=owner, ticket=ticket)
    # then
    assert not SmsMessage.objects.exists()


@pytest.mark.promise("FD-8")
def test_an_invalid_transition_changes_nothing_and_records_nothing(queue, owner):
    # given
    ticket = join(queue)
    version = Queue.objects.get(pk=queue.pk).version
    events = AuditEvent.objects.count()
    # when
    with pytest.raises(InvalidTransitionError, match="cannot be marked served"):
        services.ticket_serve(actor=owner, ticket=ticket)
    # then
    ticket.refresh_from_db()
    assert ticket.state == Ticket.State.WAITING
    assert ticket.served_at is None
    assert Queue.objects.get(pk=queue.pk).version == version
    assert AuditEvent.objects.count() == events


def test_the_full_path_stamps_each_step_and_ends_the_ticket(queue, owner):
    # given
    ticket = join(queue, "Ada", phone="+447700900123", sms=True)
    # when
    for change in (services.ticket_summon, services.ticket_arrive, services.ticket_serve):
        ticket = change(actor=owner, ticket=ticket)
    # then
    ticket.refresh_from_db()
    assert ticket.state == Ticket.State.SERVED
    assert ticket.summoned_at is not None
    assert ticket.arrived_at is not None
    assert ticket.served_at is not None
    assert ticket.summoned_at <= ticket.arrived_at <= ticket.served_at == ticket.ended_at
    assert ticket.phone == ""


@pytest.mark.promise("QL-18")
def test_the_customer_leaving_is_recorded_without_an_actor(queue):
    # given
    ticket = join(queue)
    # when
    services.ticket_leave(ticket=ticket)
    # then
    event = AuditEvent.objects.filter(action="queues.ticket.left").get()
    assert event.actor_id is None
    assert event.target_id == str(ticket.pk)
    assert "Ada" not in str(event.details)


def test_every_change_bumps_the_version_and_publishes_it_on_commit(
    queue, owner, django_capture_on_commit_callbacks
):
    # given
    before = _version(queue)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        ticket = join(queue)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_summon(actor=owner, ticket=ticket)
    # then
    assert Queue.objects.get(pk=queue.pk).version == before + 2
    assert cache.get(f"queues:version:{queue.pk}") == before + 2


def test_a_change_is_not_published_before_it_commits(queue):
    # given
    before = _version(queue)
    # when
    join(queue)
    # then
    assert _version(queue) == before
