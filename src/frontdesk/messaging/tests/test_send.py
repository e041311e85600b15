from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from frontdesk.audit.models import AuditEvent
from frontdesk.messaging import services, tasks
from frontdesk.messaging.models import SmsMessage, SmsOptOut
from frontdesk.messaging.phones import InvalidPhoneError

PHONE = "+447700900123"


class RollbackError(Exception):
    pass


def _send(capture: Any, **kwargs: Any) -> Any:
    with capture(execute=True):
        return services.sms_send(
            phone=kwargs.pop("phone", PHONE),
            body=kwargs.pop("body", "Your turn at the counter."),
            organisation_id=kwargs.pop("organisation_id", None),
            **kwargs,
        )


@pytest.mark.django_db
def test_sms_is_delivered_to_the_outbox_after_commit(django_capture_on_commit_callbacks):
    # given / when
    message = _send(django_capture_on_commit_callbacks, reference="ticket:7")
    # then
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.OUTBOX
    assert message.provider_id == f"outbox-{message.pk}"
    assert message.sent_at is not None
    assert message.reference == "ticket:7"


@pytest.mark.django_db
def test_phone_is_stored_normalised(django_capture_on_commit_callbacks):
    # given / when
    message = _send(django_capture_on_commit_callbacks, phone="07700 900-123")
    # then
    assert message.to_phone == PHONE


@pytest.mark.django_db
def test_invalid_phone_is_refused_and_nothing_is_queued(django_capture_on_commit_callbacks):
    # when
    with pytest.raises(InvalidPhoneError):
        _send(django_capture_on_commit_callbacks, phone="call me")
    # then
    assert not SmsMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_callers_transaction_rolls_back():
    # given
    def send_then_fail() -> None:
        with transaction.atomic():
            services.sms_send(phone=PHONE, body="Your turn", organisation_id=None)
            raise RollbackError

    # when
    with pytest.raises(RollbackError):
        send_then_fail()
    # then
    assert not SmsMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_sms_leaves_once_the_transaction_commits():
    # when: a real commit (no test transaction around it) runs the on_commit task
    with transaction.atomic():
        message = services.sms_send(phone=PHONE, body="Your turn", organisation_id=None)
    # then
    assert message is not None
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.OUTBOX


@pytest.mark.promise("QL-2")
@pytest.mark.django_db
def test_no_sms_is_sent_to_a_phone_that_replied_stop(django_capture_on_commit_callbacks):
    # given
    services.sms_opt_out(actor=None, phone=PHONE)
    # when
    result = _send(django_capture_on_commit_callbacks, phone="0044 7700 900123")
    # then
    assert result is None
    assert not SmsMessage.objects.exists()


@pytest.mark.promise("QL-2")
@pytest.mark.django_db
def test_start_after_stop_enables_sms_again(django_capture_on_commit_callbacks):
    # given
    services.sms_opt_out(actor=None, phone=PHONE)
    # when
    lifted = services.sms_opt_in(actor=None, phone=PHONE)
    message = _send(django_capture_on_commit_callbacks)
    # then
    assert lifted is True
    assert message is not None
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.OUTBOX


@pytest.mark.promise("QL-2")
@pytest.mark.django_db
def test_stop_arriving_before_the_task_runs_cancels_the_queued_sms():
    # given: queued, its task not yet run
    with transaction.atomic():
        message = services.sms_send(phone=PHONE, body="Your turn", organisation_id=None)
    assert message is not None
    services.sms_opt_out(actor=None, phone=PHONE)
    # when
    tasks.sms_deliver_task(message.pk)
    # then
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.CANCELLED
    assert message.sent_at is None


@pytest.mark.promise("QL-2", "QL-18")
@pytest.mark.django_db
def test_opt_out_is_audited_without_the_phone_number():
    # when
    opt_out = services.sms_opt_out(actor=None, phone=PHONE)
    services.sms_opt_out(actor=None, phone=PHONE)  # a second STOP changes nothing
    # then
    event = AuditEvent.objects.get(action="messaging.sms.opted_out")
    assert event.actor_id is None
    assert event.details == {"opt_out_id": opt_out.pk}
    assert "7700900123" not in str(event.details) + event.target_id
    assert SmsOptOut.objects.count() == 1


@pytest.mark.promise("QL-1", "QL-2")
@pytest.mark.django_db
def test_marketing_sms_is_refused(django_capture_on_commit_callbacks):
    # when
    with pytest.raises(services.MarketingRefusedError, match="opted in to marketing"):
        _send(django_capture_on_commit_callbacks, purpose="marketing", body="50% off today!")
    # then
    assert not SmsMessage.objects.exists()


@pytest.mark.django_db
def test_delivery_task_sends_a_message_only_once(sms_provider, django_capture_on_commit_callbacks):
    # given: sent once through its on_commit task
    message = _send(django_capture_on_commit_callbacks)
    # when: the task runs again (a retry, a duplicate enqueue)
    tasks.sms_deliver_task(message.pk)
    tasks.sms_deliver_task(message.pk)
    # then
    assert len(sms_provider.requests) == 1
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT


def test_a_status_changes_only_along_allowed_transitions():
    # given
    message = SmsMessage(status=SmsMessage.Status.OUTBOX)
    # then
    with pytest.raises(ValueError, match="cannot go from outbox"):
        message.mark_sending()
