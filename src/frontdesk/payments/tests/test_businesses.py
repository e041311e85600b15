"""A payment is its business's (FD-16): the provider is told the business's own address for
its webhooks, and a signed webhook, wherever it arrives (the platform host, the business's own,
another business's), is handled inside the business of the payment it names — found only once
the signature is verified. Payments are scoped like any business data."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import business, host_client, host_of
from django.test import Client

from frontdesk.core import tenancy
from frontdesk.payments import handlers
from frontdesk.payments.models import Payment, WebhookReceipt
from frontdesk.payments.tests.conftest import PURPOSE, demo_event, demo_signature, start

URL = "/payments/webhooks/demo/"


def _post(client: Client, body: bytes, signature: str | None = None):
    header = demo_signature(body) if signature is None else signature
    return client.post(
        URL, body, content_type="application/json", headers={"Paydemo-Signature": header}
    )


@pytest.fixture
def julie(db):
    return business("Julie Floral", "julie")


@pytest.fixture
def bound_seen():
    """The tenant bound while the test purpose's handler runs, for each outcome."""
    seen: list[tenancy.Tenant | None] = []

    def handler(outcome: handlers.PaymentOutcome) -> None:
        seen.append(tenancy.current())

    handlers.register(PURPOSE, handler)
    yield seen
    handlers.unregister(PURPOSE, handler)


@pytest.mark.promise("FD-6", "FD-16")
@pytest.mark.django_db
def test_the_provider_is_told_the_businesss_own_address_for_webhooks(
    paydemo_url, julie, tmp_path, settings
):
    # given: the site's scheme and port
    settings.SITE_URL = "http://127.0.0.1:8100"
    # when
    payment = start(julie).payment
    # then
    with sqlite3.connect(tmp_path / "paydemo.sqlite3") as db:
        [(webhook,)] = db.execute("SELECT webhook_url FROM sessions").fetchall()
    assert webhook == "http://julie.localhost:8100/payments/webhooks/demo/"
    assert payment.organisation_id == julie.pk


@pytest.mark.promise("FD-6", "FD-16")
@pytest.mark.django_db
@pytest.mark.parametrize("arrives_at", ["platform", "own", "another business"])
def test_a_signed_webhook_is_handled_in_the_payments_business_wherever_it_arrives(
    paydemo_url, julie, organisation, bound_seen, arrives_at
):
    # given: a payment of Julie Floral
    payment = start(julie, reference=f"checkout-{arrives_at}").payment
    host = {
        "platform": "localhost",
        "own": host_of(julie),
        "another business": host_of(organisation),
    }
    # when: its signed webhook arrives on one of the hosts
    response = _post(Client(HTTP_HOST=host[arrives_at]), demo_event(payment))
    # then: applied, with Julie Floral bound while its handler ran
    assert (response.status_code, response.json()) == (200, {"outcome": "applied"})
    assert Payment.objects.unscoped().get(pk=payment.pk).state == Payment.State.PAID
    assert bound_seen == [julie.tenant]
    assert WebhookReceipt.objects.unscoped().get().payment_id == payment.pk


@pytest.mark.promise("FD-6", "FD-16")
@pytest.mark.django_db
def test_a_forged_webhook_on_the_platform_host_finds_no_payment_and_changes_nothing(
    paydemo_url, julie, bound_seen
):
    # given
    payment = start(julie).payment
    # when
    response = _post(Client(HTTP_HOST="localhost"), demo_event(payment), signature="t=1,v1=00")
    # then
    assert response.status_code == 400
    assert Payment.objects.unscoped().get(pk=payment.pk).state == Payment.State.PENDING
    assert bound_seen == []
    assert not WebhookReceipt.objects.unscoped().exists()


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_payments_and_receipts_are_scoped_to_their_business(paydemo_url, julie, organisation):
    # given: a paid payment at each business
    own = start(organisation, reference="acme-1").payment
    theirs = start(julie, reference="julie-1").payment
    for payment in (own, theirs):
        assert _post(host_client(julie), demo_event(payment, event_id=f"e{payment.pk}")).json() == {
            "outcome": "applied"
        }
    # then: each business sees its own, the platform none
    with tenancy.bound(julie.tenant):
        assert list(Payment.objects.all()) == [theirs]
        assert [r.payment_id for r in WebhookReceipt.objects.all()] == [theirs.pk]
    with tenancy.bound(organisation.tenant):
        assert list(Payment.objects.all()) == [own]
    with tenancy.bound(tenancy.PLATFORM):
        assert not Payment.objects.exists()
