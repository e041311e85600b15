"""A new staff member's first sign-in as they click through it: the temporary password an
administrator handed over, the forced change (QL-14), then enrolling an authenticator from the
QR code and secret on the page (FD-5) — with no CSP violation on the way (QM-4)."""

from __future__ import annotations

import re
from base64 import b32decode
from types import SimpleNamespace

import pytest
from conftest import default_business
from playwright.sync_api import expect

from frontdesk.identity import services
from frontdesk.identity.tests.helpers import code_for

NEW_PASSWORD = "my own long passphrase 42"


@pytest.mark.promise("QL-14", "FD-5", "QM-4")
@pytest.mark.django_db(transaction=True)
def test_new_staff_member_changes_password_and_enrols_an_authenticator(live_url, new_page):
    # given: an account an administrator created
    _, temporary = services.staff_create(
        actor=None,
        email="nia@acme.test",
        full_name="Nia",
        organisation_id=default_business().pk,
    )
    page = new_page()
    # when: she signs in with the temporary password
    page.goto(f"{live_url()}/account/login/")
    page.get_by_label("E-mail").fill("nia@acme.test")
    page.get_by_label("Password").fill(temporary)
    page.get_by_role("button", name="Sign in").click()
    # then: the password change comes before anything else
    expect(page).to_have_url(re.compile(r"/account/password/"))
    page.goto(f"{live_url()}/staff/")
    expect(page).to_have_url(re.compile(r"/account/password/"))
    page.get_by_label("Current password").fill(temporary)
    page.get_by_label(re.compile(r"^New password:?$")).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    # and then the authenticator, with a QR code that loads under the CSP
    expect(page).to_have_url(re.compile(r"/account/otp/setup/"))
    expect(page.locator("img.otp-qr")).to_be_visible()
    assert page.evaluate("document.querySelector('img.otp-qr').naturalWidth") > 0
    secret = page.locator("code.otp-secret").inner_text()
    app = SimpleNamespace(bin_key=b32decode(secret), step=30, t0=0, digits=6, drift=0)
    page.get_by_label("Code from your authenticator app").fill(code_for(app))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/staff/"))
