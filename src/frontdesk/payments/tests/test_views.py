"""The webhook endpoint: csrf-exempt, sessionless, no redirect, the body-size limit kept."""

from __future__ import annotations

import pytest
from conftest import make_user
from django.test import Client

from frontdesk.payments.models import Payment
from frontdesk.payments.tests.conftest import demo_event, demo_signature, start

URL = "/payments/webhooks/demo/"


def _post(client: Client, body: bytes, signature: str | None = None):
    header = demo_signature(body) if signature is None else signature
    return client.post(
        URL, body, content_type="application/json", headers={"Paydemo-Signature": header}
    )


@pytest.mark.promise("FD-6", "QL-5")
@pytest.mark.django_db
def test_a_signed_webhook_is_taken_without_csrf_token_session_or_cookie(
    paydemo_url, organisation, outcomes
):
    # given: a client that enforces CSRF, as a browser would
    payment = start(organisation).payment
    client = Client(enforce_csrf_checks=True)
    # when
    response = _post(client, demo_event(payment))
    # then
    assert (response.status_code, response.json()) == (200, {"outcome": "applied"})
    assert not response.cookies
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID


@pytest.mark.promise("FD-6")
@pytest.mark.django_db
def test_a_forged_webhook_gets_400(paydemo_url, organisation):
    # given
    payment = start(organisation).payment
    # when
    response = _post(Client(), demo_event(payment), signature="t=1,v1=00")
    # then
    assert response.status_code == 400
    assert "signature" in response.json()["detail"]


@pytest.mark.promise("FD-8")
@pytest.mark.django_db
def test_a_signed_unreadable_body_gets_400(paydemo_url):
    # when
    response = _post(Client(), b"{not json")
    # then
    assert response.status_code == 400


@pytest.mark.promise("QM-3")
@pytest.mark.django_db
def test_a_body_over_the_size_limit_is_refused_before_it_is_read(paydemo_url, settings):
    # given
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    # when
    response = _post(Client(), b"{" + b" " * 2000 + b"}")
    # then
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_unknown_provider_is_not_found():
    # when
    response = Client().post("/payments/webhooks/paypal/", b"{}", content_type="application/json")
    # then
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_webhook_takes_only_post():
    # when
    response = Client().get(URL)
    # then
    assert response.status_code == 405


@pytest.mark.django_db
def test_production_without_a_demo_secret_refuses_demo_webhooks(
    paydemo_url, organisation, settings
):
    # given: the demo provider is not configured (production defaults: no secret)
    payment = start(organisation).payment
    settings.FRONTDESK_PAYDEMO_WEBHOOK_SECRET = ""
    # when
    response = _post(Client(), demo_event(payment))
    # then
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING


@pytest.mark.django_db(databases="__all__")  # an account's data keys live in their own database
def test_the_account_gate_does_not_hold_webhooks(paydemo_url, organisation, outcomes):
    # given: a browser session of someone who must change their password first
    payment = start(organisation).payment
    client = Client()
    client.force_login(make_user("held@example.test", must_change_password=True))
    # when
    response = _post(client, demo_event(payment))
    # then: processed, not redirected to the password page
    assert response.status_code == 200
