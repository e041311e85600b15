"""Second factor (FD-5): staff must enrol an authenticator and give a code at every sign-in;
customers may opt in."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock
from frontdesk.identity import services
from frontdesk.identity.models import LoginAttempt
from frontdesk.identity.tests.helpers import code_for, confirmed_device, sign_in

SETUP = "/account/otp/setup/"
VERIFY = "/account/otp/verify/"


def _pending(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


@pytest.mark.promise("FD-5")
@pytest.mark.django_db
def test_staff_without_an_authenticator_is_sent_to_enrol(client, staff):
    # given
    sign_in(client, staff.email)
    # when
    response = client.get("/staff/")
    api = client.get("/api/account/me")
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    assert api.status_code == 403
    assert api.json() == {"detail": "Second factor required"}


@pytest.mark.promise("FD-5")
@pytest.mark.django_db
def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client, staff):
    # given
    sign_in(client, staff.email)
    page = client.get(SETUP)
    device = _pending(staff)
    # when
    response = client.post(SETUP, {"code": code_for(device)})
    # then
    body = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body
    assert "@" not in body.split('src="data:')[1].split('"')[0]
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/").get("Location", "").startswith((SETUP, VERIFY)) is False
    assert client.get("/api/account/me").status_code == 200
    assert AuditEvent.objects.filter(action="identity.otp.enrolled", actor_id=staff.pk).exists()


@pytest.mark.promise("FD-5", "FD-8")
@pytest.mark.django_db
def test_a_wrong_code_does_not_enrol(client, staff):
    # given
    sign_in(client, staff.email)
    client.get(SETUP)
    right = code_for(_pending(staff))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    # when
    response = client.post(SETUP, {"code": wrong})
    # then
    assert response.status_code == 400
    assert "not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.get("/staff/")["Location"].startswith(SETUP)


@pytest.mark.promise("FD-5")
@pytest.mark.django_db
def test_every_new_sign_in_must_give_a_code_again(client, staff):
    # given: enrolled in an earlier session
    device = confirmed_device(staff)
    # when
    sign_in(client, staff.email)
    held = client.get("/staff/")
    # then
    assert held.status_code == 302
    assert held["Location"].startswith(VERIFY)
    assert client.get(SETUP).status_code == 302  # cannot enrol a second device instead
    with time_machine.travel(clock.now() + timedelta(seconds=90)):
        response = client.post(VERIFY, {"code": code_for(device)})
        assert response.status_code == 302
        assert not client.get("/staff/").get("Location", "").startswith((SETUP, VERIFY))


@pytest.mark.promise("FD-5")
@pytest.mark.django_db
def test_a_wrong_code_at_sign_in_is_refused_and_recorded(client, staff):
    # given
    device = confirmed_device(staff)
    sign_in(client, staff.email)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    # when
    response = client.post(VERIFY, {"code": wrong})
    # then
    assert response.status_code == 400
    assert client.get("/staff/")["Location"].startswith(VERIFY)
    assert LoginAttempt.objects.filter(user=staff, outcome="otp_failed").count() == 1


@pytest.mark.promise("FD-5")
@pytest.mark.django_db
def test_wrong_codes_are_rate_limited(client, staff, settings):
    # given
    settings.FRONTDESK_OTP_RATE_PER_USER = "2/h"
    device = confirmed_device(staff)
    sign_in(client, staff.email)
    for _ in range(2):
        client.post(VERIFY, {"code": "000000"})
    # when
    response = client.post(VERIFY, {"code": code_for(device)})
    # then
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


@pytest.mark.promise("FD-5")
@pytest.mark.django_db
def test_a_customer_may_opt_in_and_is_then_asked_at_sign_in(client, customer):
    # given
    sign_in(client, customer.email)
    assert client.get("/account/").status_code == 200  # no second factor needed
    client.get(SETUP)
    device = _pending(customer)
    client.post(SETUP, {"code": code_for(device)})
    client.post("/account/logout/")
    # when
    sign_in(client, customer.email)
    response = client.get("/account/")
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


@pytest.mark.promise("FD-5")
@pytest.mark.django_db
def test_otp_reset_removes_the_device_and_is_audited(staff):
    # given
    admin = services.staff_create(actor=None, email="admin@acme.test", full_name="Ada")[0]
    confirmed_device(staff)
    # when
    services.otp_reset(actor=admin, user=staff)
    # then
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEvent.objects.filter(action="identity.otp.reset", actor_id=admin.pk).exists()
