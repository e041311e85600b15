"""webhook_receive: signed events move payments once; replays, forgeries and strays do not."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest
import time_machine

from frontdesk.audit.models import AuditEvent
from frontdesk.payments.errors import ForgedWebhook, InvalidTransitionError, WebhookPayloadError
from frontdesk.payments.models import Payment, WebhookReceipt
from frontdesk.payments.services import payment_refund
from frontdesk.payments.tests.conftest import demo_event, demo_signature, receive, start


@pytest.mark.promise("FD-6")
@pytest.mark.django_db
def test_a_signed_paid_event_pays_the_payment_and_calls_the_handler_once(
    paydemo_url, organisation, outcomes
):
    # given
    payment = start(organisation).payment
    # when
    outcome = receive(demo_event(payment))
    # then
    payment.refresh_from_db()
    assert outcome == "applied"
    assert payment.state == Payment.State.PAID
    assert payment.paid_at is not None
    assert outcomes == [(payment.pk, "paid", "paid")]
    event = AuditEvent.objects.get(action="payments.payment.paid")
    assert event.actor_id is None
    assert event.details["event"] == "evt_test_1"


@pytest.mark.promise("FD-6")
@pytest.mark.django_db
def test_a_replayed_event_changes_nothing_and_calls_nothing(paydemo_url, organisation, outcomes):
    # given: the event was received once
    payment = start(organisation).payment
    body = demo_event(payment)
    receive(body)
    audit_count = AuditEvent.objects.count()
    # when: the same event comes again, freshly signed (a provider retry or a replay)
    outcome = receive(body)
    # then
    assert outcome == "duplicate"
    assert len(outcomes) == 1
    assert AuditEvent.objects.count() == audit_count
    assert WebhookReceipt.objects.count() == 1


@pytest.mark.django_db
def test_a_second_event_asking_for_the_same_state_changes_nothing(
    paydemo_url, organisation, outcomes
):
    # given
    payment = start(organisation).payment
    receive(demo_event(payment, event_id="evt_1"))
    # when: another event id saying "paid" again
    outcome = receive(demo_event(payment, event_id="evt_2"))
    # then
    assert outcome == "unchanged"
    assert len(outcomes) == 1


@pytest.mark.promise("FD-6")
@pytest.mark.django_db
def test_a_forged_event_is_refused_logged_without_its_body_and_audited(
    paydemo_url, organisation, outcomes, caplog
):
    # given
    payment = start(organisation).payment
    body = demo_event(payment)
    caplog.set_level(logging.INFO, logger="frontdesk.payments")
    # when
    with pytest.raises(ForgedWebhook):
        receive(body, signature=demo_signature(body, secret="guessed-secret"))
    # then
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    assert outcomes == []
    assert not WebhookReceipt.objects.exists()
    forged = AuditEvent.objects.get(action="payments.webhook.forged")
    assert forged.details["provider"] == "demo"
    records = [r for r in caplog.records if r.name == "frontdesk.payments"]
    assert [r.levelname for r in records] == ["WARNING"]
    assert payment.session_id not in records[0].getMessage()
    assert "evt_test_1" not in records[0].getMessage()


@pytest.mark.promise("FD-6")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "signature",
    ["", "v1=abc", "t=notanumber,v1=abc", "t=1700000000", "garbage"],
)
def test_missing_or_malformed_signatures_are_refused(paydemo_url, organisation, signature):
    # given
    payment = start(organisation).payment
    # when / then
    with pytest.raises(ForgedWebhook):
        receive(demo_event(payment), signature=signature)
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING


@pytest.mark.promise("FD-6")
@pytest.mark.django_db
def test_a_tampered_body_is_refused(paydemo_url, organisation):
    # given: a valid signature for a smaller amount, sent with a changed body
    payment = start(organisation).payment
    signature = demo_signature(demo_event(payment, amount_minor=1))
    # when / then
    with pytest.raises(ForgedWebhook):
        receive(demo_event(payment), signature=signature)


@pytest.mark.promise("FD-6")
@pytest.mark.django_db
def test_a_captured_event_replayed_after_the_tolerance_is_refused(paydemo_url, organisation):
    # given: a genuine delivery, captured
    payment = start(organisation).payment
    body = demo_event(payment)
    signature = demo_signature(body)
    # when: replayed six minutes later
    with (
        time_machine.travel(payment.created_at.timestamp() + 360, tick=False),
        pytest.raises(ForgedWebhook, match="too old"),
    ):
        receive(body, signature=signature)
    # then
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING


@pytest.mark.django_db
def test_a_signed_event_from_the_future_is_refused(paydemo_url, organisation):
    # given
    payment = start(organisation).payment
    body = demo_event(payment)
    # when / then
    future = int(payment.created_at.timestamp()) + 3600
    with pytest.raises(ForgedWebhook):
        receive(body, signature=demo_signature(body, at=future))


@pytest.mark.promise("FD-8")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"id": "evt_1", "kind": "paid"}',
        b'{"id":"e","kind":"stolen","session_id":"s","amount_minor":1,"currency":"EUR"}',
    ],
)
def test_a_signed_but_unreadable_event_is_refused(paydemo_url, organisation, body):
    # when / then
    with pytest.raises(WebhookPayloadError):
        receive(body)
    assert not WebhookReceipt.objects.exists()


@pytest.mark.django_db
def test_an_event_for_an_unknown_session_is_recorded_and_changes_nothing(paydemo_url, organisation):
    # given
    payment = start(organisation).payment
    payment.session_id = "ps_somebody_elses"
    # when
    outcome = receive(demo_event(payment))
    # then
    assert outcome == "unknown"
    assert WebhookReceipt.objects.get().outcome == "unknown"


@pytest.mark.django_db
def test_an_event_disagreeing_on_the_amount_changes_nothing_and_is_audited(
    paydemo_url, organisation, outcomes
):
    # given
    payment = start(organisation).payment
    # when: signed, but for 1.00 instead of 12.50
    outcome = receive(demo_event(payment, amount_minor=100))
    # then
    payment.refresh_from_db()
    assert outcome == "mismatch"
    assert payment.state == Payment.State.PENDING
    assert outcomes == []
    assert AuditEvent.objects.filter(action="payments.webhook.mismatch").count() == 1


@pytest.mark.django_db
def test_a_handler_that_fails_undoes_the_change_so_the_retry_applies_it(paydemo_url, organisation):
    # given: a handler that fails once
    from frontdesk.payments import handlers
    from frontdesk.payments.tests.conftest import PURPOSE

    calls: list[str] = []

    def flaky(outcome):
        calls.append(outcome.kind)
        if len(calls) == 1:
            raise RuntimeError("the shop's database hiccupped")

    handlers.register(PURPOSE, flaky)
    try:
        payment = start(organisation).payment
        body = demo_event(payment)
        with pytest.raises(RuntimeError):
            receive(body)
        payment.refresh_from_db()
        assert payment.state == Payment.State.PENDING
        assert not WebhookReceipt.objects.exists()
        # when: the provider delivers it again
        outcome = receive(body)
    finally:
        handlers.unregister(PURPOSE, flaky)
    # then
    payment.refresh_from_db()
    assert outcome == "applied"
    assert payment.state == Payment.State.PAID
    assert calls == ["paid", "paid"]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "state"), [("failed", "failed"), ("expired", "expired")])
def test_failed_and_expired_events_close_the_payment(
    paydemo_url, organisation, outcomes, kind, state
):
    # given
    payment = start(organisation).payment
    # when
    receive(demo_event(payment, kind=kind))
    # then
    payment.refresh_from_db()
    assert payment.state == state
    assert outcomes == [(payment.pk, kind, state)]
    assert AuditEvent.objects.filter(action=f"payments.payment.{state}").count() == 1


@pytest.mark.django_db
def test_a_late_paid_event_for_an_expired_payment_changes_nothing(
    paydemo_url, organisation, outcomes
):
    # given
    payment = start(organisation).payment
    receive(demo_event(payment, kind="expired", event_id="evt_expired"))
    # when
    outcome = receive(demo_event(payment, kind="paid", event_id="evt_paid"))
    # then
    assert outcome == "unchanged"
    assert [kind for _, kind, _ in outcomes] == ["expired"]


@pytest.mark.django_db
def test_only_a_paid_payment_can_be_refunded(paydemo_url, organisation, outcomes):
    # given
    payment = start(organisation).payment
    # when / then
    with pytest.raises(InvalidTransitionError, match="cannot become refunded"):
        payment_refund(actor=None, payment=payment)
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    assert payment.amount == Decimal("12.50")
