"""Partner purchase notifications (IN-3, IN-18): a signed notification opens (or finds) the
buyer's account, records the purchase with the partner's address, issues one licence per unit
and e-mails the codes with a link to set a password; forged, stale and replayed ones change
nothing."""

from __future__ import annotations

import re
import time

import pytest
from conftest import host_client, make_user
from django.core import mail

from frontdesk.audit.models import AuditEvent
from frontdesk.identity.models import User
from frontdesk.licensing.models import Licence, NotificationReceipt, Purchase
from frontdesk.licensing.tests.conftest import BUYER, PARTNER_IP, payload

CODE = re.compile(r"\b[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}\b")


def _state() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Purchase.objects.count(),
        Licence.objects.count(),
        NotificationReceipt.objects.count(),
    )


@pytest.mark.promise("IN-3")
@pytest.mark.django_db
def test_a_signed_notification_opens_an_account_and_emails_the_codes(
    notify, django_capture_on_commit_callbacks
):
    # when: a partner notifies a purchase of two licences
    with django_capture_on_commit_callbacks(execute=True):
        response = notify(payload(quantity=2))
    # then
    assert response.status_code == 200
    assert response.json() == {"outcome": "recorded"}
    user = User.objects.with_email(BUYER).get()
    assert user.full_name == "Ada Buyer"
    assert not user.has_usable_password()
    purchase = Purchase.objects.get()
    assert purchase.user == user
    assert (purchase.reference, purchase.quantity, str(purchase.price)) == ("PL-1001", 2, "49.00")
    assert purchase.partner_ip == PARTNER_IP
    assert purchase.contact_company == "Engines Ltd"
    codes = {licence.unlock_code for licence in Licence.objects.filter(user=user)}
    assert len(codes) == 2
    assert all(CODE.fullmatch(code) for code in codes)
    # and the buyer is e-mailed both codes and a link to choose a password
    [message] = mail.outbox
    assert message.to == [BUYER]
    assert set(CODE.findall(str(message.body))) == codes
    assert "/software/welcome/" in str(message.body)
    assert response.cookies == {}


@pytest.mark.promise("IN-3")
@pytest.mark.django_db
def test_an_existing_account_gets_the_licence_without_a_new_password_link(
    shelf, notify, django_capture_on_commit_callbacks
):
    # given: the buyer already has an account with a password at Infacta
    existing = make_user(BUYER.upper(), organisation=shelf.organisation)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = notify(payload())
    # then
    assert response.status_code == 200
    assert User.objects.count() == 1
    assert Licence.objects.get().user == existing
    [message] = mail.outbox
    assert "/software/welcome/" not in str(message.body)
    assert "/software/login/" in str(message.body)


@pytest.mark.promise("IN-3")
@pytest.mark.django_db
def test_a_repeated_notification_changes_nothing(notify, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(payload()).status_code == 200
    before = _state()
    # when: the same event comes again, and the same order under a new event id
    with django_capture_on_commit_callbacks(execute=True):
        again = notify(payload())
        renamed = notify(payload(event_id="evt-2"))
    # then
    assert again.json() == {"outcome": "duplicate"}
    assert renamed.json() == {"outcome": "duplicate"}
    assert _state()[:3] == before[:3]
    assert len(mail.outbox) == 1


@pytest.mark.promise("IN-3")
@pytest.mark.parametrize(
    ("secret", "age"),
    # a minute past the 5-minute window either way, so the second the request takes cannot
    # bring it back inside
    [("not-the-partners-secret", 0), (None, 360), (None, -360)],
    ids=["forged", "stale", "from-the-future"],
)
@pytest.mark.django_db
def test_forged_or_stale_notifications_are_refused_and_audited(notify, secret, age, caplog):
    # when
    response = notify(payload(), secret=secret, timestamp=int(time.time()) - age)
    # then: refused, nothing recorded
    assert response.status_code == 400
    assert _state() == (0, 0, 0, 0)
    assert mail.outbox == []
    # and the refusal is on record, without the body
    event = AuditEvent.objects.get(action="licensing.notification.forged")
    assert BUYER not in str(event.details)
    assert BUYER not in caplog.text


@pytest.mark.promise("IN-3")
@pytest.mark.django_db
def test_a_captured_notification_replayed_within_the_window_changes_nothing(
    notify, django_capture_on_commit_callbacks
):
    # given: a genuine notification, captured with its headers
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(payload(), timestamp=int(time.time()) - 10)
    before = _state()
    # when: replayed as it was
    replayed = notify(payload(), timestamp=int(time.time()) - 10)
    # then
    assert first.json() == {"outcome": "recorded"}
    assert replayed.json() == {"outcome": "duplicate"}
    assert _state() == before


@pytest.mark.django_db
def test_unsigned_or_unknown_partner_notifications_are_refused(shelf):
    # given
    client = host_client(shelf.organisation)
    # when
    unsigned = client.post(
        "/licensing/partners/plimus/purchases", data=payload(), content_type="application/json"
    )
    unknown = client.post(
        "/licensing/partners/nobody/purchases", data=payload(), content_type="application/json"
    )
    # then
    assert unsigned.status_code == 400
    assert unknown.status_code == 404
    assert _state() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_an_inactive_partner_is_unknown(notify, shelf):
    # given
    shelf.partner.is_active = False
    shelf.partner.save(update_fields=["is_active"])
    # then
    assert notify(payload()).status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"contact": {"name": "No address"}},
        {"order": {"reference": "R", "product_code": "GM-PRO", "quantity": 0}},
        {"event_id": ""},
    ],
    ids=["no-email", "no-quantity", "no-event"],
)
@pytest.mark.django_db
def test_a_signed_body_that_is_no_purchase_is_refused_and_stores_nothing(notify, change):
    # when
    response = notify(payload(**change))
    # then
    assert response.status_code == 422
    assert response.json()["detail"]
    assert _state() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_an_unknown_product_code_stores_nothing(notify):
    # when
    response = notify(payload(product_code="NOPE"))
    # then
    assert response.status_code == 422
    assert "NOPE" in response.json()["detail"]
    assert _state() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_refused(notify):
    # then
    assert notify(b"event_id=1&order=2").status_code == 422
    assert _state() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_the_purchase_is_audited_with_ids_only(notify):
    # when
    notify(payload())
    # then
    event = AuditEvent.objects.get(action="licensing.purchase.recorded")
    assert event.details["reference"] == "PL-1001"
    assert event.details["account_opened"] is True
    assert BUYER not in str(event.details)
    assert AuditEvent.objects.filter(action="licensing.account.opened").count() == 1
