"""The real redirect-and-webhook flow: the card is typed on Paydemo's own page (over HTTP, like
a browser), Paydemo sends its signed webhook to the live server, the payment turns paid."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from tests.stored import stored_text

from frontdesk.audit.models import AuditEvent
from frontdesk.payments.models import Payment, WebhookReceipt
from frontdesk.payments.services import payment_refund
from frontdesk.payments.tests.conftest import CARD, SUCCESS_URL, demo_signature, start
from paydemo.testing import submit_card

DECLINED = "4000000000000002"


def _paydemo_rows(tmp_path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(tmp_path / "paydemo.sqlite3") as db:
        return db.execute(sql).fetchall()


def _post(url: str, body: bytes, signature: str) -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310 - the live test server
        url, data=body, method="POST", headers={"Paydemo-Signature": signature}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.promise("FD-6")
def test_card_paid_on_the_hosted_page_is_confirmed_by_the_signed_webhook(
    paydemo_url, site, organisation, outcomes, tmp_path
):
    # given
    payment = start(organisation).payment
    # when: the customer pays on Paydemo's page
    answer = submit_card(f"{paydemo_url}/pay/{payment.session_id}", number="4242 4242 4242 4242")
    # then: Paydemo told us before sending the customer back
    assert (answer.status, answer.location) == (303, SUCCESS_URL)
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert outcomes == [(payment.pk, "paid", "paid")]
    assert WebhookReceipt.objects.get().outcome == "applied"
    deliveries = _paydemo_rows(tmp_path, "SELECT attempt, status FROM deliveries")
    assert deliveries == [(1, 200)]


@pytest.mark.promise("FD-6")
def test_a_replayed_delivery_changes_nothing(paydemo_url, site, organisation, outcomes, tmp_path):
    # given: a paid payment, and the event Paydemo delivered
    payment = start(organisation).payment
    submit_card(f"{paydemo_url}/pay/{payment.session_id}")
    [(body,)] = _paydemo_rows(tmp_path, "SELECT payload FROM events")
    audit_count = AuditEvent.objects.count()
    # when: it is delivered again, freshly signed
    status, answer = _post(
        f"{site}/payments/webhooks/demo/", body.encode(), demo_signature(body.encode())
    )
    # then
    assert (status, answer) == (200, {"outcome": "duplicate"})
    assert len(outcomes) == 1
    assert AuditEvent.objects.count() == audit_count


@pytest.mark.promise("FD-6")
def test_a_forged_delivery_is_refused_over_http(paydemo_url, site, organisation, outcomes):
    # given
    payment = start(organisation).payment
    body = json.dumps(
        {
            "id": "evt_forged",
            "kind": "paid",
            "session_id": payment.session_id,
            "amount_minor": 1250,
            "currency": "EUR",
        }
    ).encode()
    # when
    status, _ = _post(
        f"{site}/payments/webhooks/demo/", body, demo_signature(body, secret="a-guess")
    )
    # then
    payment.refresh_from_db()
    assert status == 400
    assert payment.state == Payment.State.PENDING
    assert outcomes == []


def test_a_declined_card_fails_the_payment(paydemo_url, site, organisation, outcomes):
    # given
    payment = start(organisation).payment
    # when
    answer = submit_card(f"{paydemo_url}/pay/{payment.session_id}", number=DECLINED)
    # then
    assert answer.status == 200
    assert "declined" in answer.html
    payment.refresh_from_db()
    assert payment.state == Payment.State.FAILED
    assert outcomes == [(payment.pk, "failed", "failed")]


def test_a_refund_goes_through_the_provider_and_its_webhook_changes_nothing_more(
    paydemo_url, site, organisation, outcomes, tmp_path
):
    # given
    payment = start(organisation).payment
    submit_card(f"{paydemo_url}/pay/{payment.session_id}")
    # when
    refunded = payment_refund(actor=None, payment=Payment.objects.get(pk=payment.pk))
    # then
    assert refunded.state == Payment.State.REFUNDED
    assert [kind for _, kind, _ in outcomes] == ["paid", "refunded"]
    assert _paydemo_rows(tmp_path, "SELECT state FROM sessions") == [("refunded",)]
    # and Paydemo's own "refunded" webhook, delivered in the background, is taken and ignored
    deadline = time.monotonic() + 10
    while not WebhookReceipt.objects.filter(kind="refunded").exists():
        assert time.monotonic() < deadline, "Paydemo's refund webhook never came"
        time.sleep(0.05)
    assert WebhookReceipt.objects.get(kind="refunded").outcome == "unchanged"
    assert len(outcomes) == 2


@pytest.mark.promise("FD-6", "IN-18", "JF-4")
def test_after_a_payment_no_card_number_is_in_frontdesks_database_or_logs(  # noqa: PLR0917
    paydemo_url, site, organisation, outcomes, caplog, tmp_path
):
    # given: every log record of every logger, from every thread
    caplog.set_level(logging.DEBUG)
    payment = start(organisation).payment
    # when
    submit_card(f"{paydemo_url}/pay/{payment.session_id}", number=CARD, cvc="987")
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    # then: not in any column of any table…
    cells = stored_text()
    assert cells, "the scan read nothing"
    spaced = "4242 4242 4242 4242"
    assert not [cell for cell in cells if CARD in cell or spaced in cell]
    # …nor in any log line
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert CARD not in logged
    assert spaced not in logged
    # while the provider kept only what a receipt needs
    assert _paydemo_rows(tmp_path, "SELECT card_brand, card_last4 FROM sessions") == [
        ("visa", "4242")
    ]


@pytest.mark.promise("FD-6")
def test_the_same_event_delivered_at_once_many_times_is_applied_once(
    paydemo_url, site, organisation, outcomes
):
    # given: one signed event, sent by five deliveries at the same moment
    payment = start(organisation).payment
    body = json.dumps(
        {
            "id": "evt_burst",
            "kind": "paid",
            "session_id": payment.session_id,
            "amount_minor": 1250,
            "currency": "EUR",
        }
    ).encode()
    results: list[tuple[int, Any]] = []
    barrier = threading.Barrier(5)

    def deliver() -> None:
        barrier.wait()
        results.append(_post(f"{site}/payments/webhooks/demo/", body, demo_signature(body)))

    threads = [threading.Thread(target=deliver) for _ in range(5)]
    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # then
    assert sorted(answer["outcome"] for _, answer in results) == ["applied"] + ["duplicate"] * 4
    assert len(outcomes) == 1
    assert WebhookReceipt.objects.count() == 1
