"""Tenancy (issue 9, acceptance 1) as people click through it, over each demo business's own
host (`<slug>.localhost`, which Chromium resolves to loopback):

- a customer of Julie Floral and a customer of QMobility with the same e-mail address have
  separate accounts and separate data downloads;
- each business's /privacy names that business, and no other, as controller;
- a privacy request filed at Infacta is handled by Infacta's staff, and is invisible (404, and
  absent from every list) to every other business's staff.
"""

from __future__ import annotations

import re

import pytest
from conftest import make_user
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import Scope
from frontdesk.ops.demo import DEMO_PASSWORD, seed_demo
from frontdesk.privacy.models import PrivacyRequest
from tests.browser.test_privacy_centre import show_my_data
from tests.browser.test_queue_flow import sign_in_with_totp

SAME_ADDRESS = "sam.same@example.test"
SAM_PASSWORD = "a passphrase of my own 2026"


@pytest.fixture
def demo(transactional_db, settings, tmp_path) -> dict[str, Organisation]:
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    settings.FRONTDESK_MEDIA_ROOT = str(tmp_path / "media")
    seed_demo()
    return {organisation.slug: organisation for organisation in Organisation.objects.all()}


def _register(page, base: str) -> None:
    page.goto(f"{base}/account/register/")
    page.get_by_label("E-mail").fill(SAME_ADDRESS)
    page.get_by_label("Password").fill(SAM_PASSWORD)
    page.get_by_role("button", name=re.compile("account", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/account/$"))


def _download_my_data(page, base: str) -> str:
    show_my_data(page, base, SAM_PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as JSON").click()
    return str(download.value.path().read_text())


def _shop_business(demo: dict[str, Organisation], name: str) -> Organisation:
    return next(organisation for organisation in demo.values() if organisation.name == name)


@pytest.mark.promise("FD-16", "FD-9")
def test_the_same_address_at_two_shops_is_two_accounts_with_two_downloads(live_url, new_page, demo):
    # given: Sam registers at Julie Floral and, with the same address, at QMobility
    julie = _shop_business(demo, "Julie Floral")
    qmobility = _shop_business(demo, "QMobility")
    at_julie, at_qmobility = new_page(), new_page()
    _register(at_julie, live_url(julie))
    _register(at_qmobility, live_url(qmobility))
    # when: each downloads their data at each shop
    julie_data = _download_my_data(at_julie, live_url(julie))
    qmobility_data = _download_my_data(at_qmobility, live_url(qmobility))
    # then: two accounts, each download about its own business only
    assert julie_data != qmobility_data
    assert "Julie Floral" in julie_data
    assert "QMobility" not in julie_data
    assert "QMobility" in qmobility_data
    assert "Julie Floral" not in qmobility_data


@pytest.mark.promise("FD-16")
def test_each_business_policy_names_itself_as_controller(live_url, new_page, demo):
    page = new_page()
    for organisation in demo.values():
        # when
        page.goto(f"{live_url(organisation)}/privacy")
        text = page.locator("main").inner_text()
        # then
        assert organisation.name in text
        for other in demo.values():
            if other.pk != organisation.pk:
                assert other.name not in text, f"{other.name} on {organisation.name}'s policy"


@pytest.mark.promise("FD-16", "QM-16")
def test_a_request_filed_at_infacta_is_handled_by_infacta_alone(live_url, new_page, demo):
    # given: an Infacta customer asks for a correction
    infacta = demo["infacta"]
    customer = new_page()
    customer.goto(f"{live_url(infacta)}/account/login/")
    customer.get_by_label("E-mail").fill("customer@infacta.demo")
    customer.get_by_label("Password").fill(DEMO_PASSWORD)
    customer.get_by_role("button", name="Sign in").click()
    customer.goto(f"{live_url(infacta)}/account/privacy/correction/")
    customer.get_by_label(re.compile("What is wrong", re.IGNORECASE)).fill(
        "My company is now Lovelace Analytical Engines Ltd"
    )
    customer.get_by_role("button", name=re.compile("Send", re.IGNORECASE)).click()
    request = PrivacyRequest.objects.unscoped().get(organisation=infacta)
    # when: every other business's owner looks for it
    for slug, organisation in demo.items():
        if slug == "infacta":
            continue
        owner = new_page()
        sign_in_with_totp(owner, live_url(organisation), _owner_of(organisation))
        owner.goto(f"{live_url(organisation)}/privacy/staff/requests/")
        # then: absent from the list, and 404 at its address
        expect(owner.locator("main")).not_to_contain_text("Lovelace Analytical")
        answer = owner.goto(f"{live_url(organisation)}/privacy/staff/requests/{request.pk}/")
        assert answer is not None
        assert answer.status == 404
    # and Infacta's privacy handler works it
    handler = new_page()
    sign_in_with_totp(handler, live_url(infacta), _owner_of(infacta))
    handler.goto(f"{live_url(infacta)}/privacy/staff/requests/")
    handler.get_by_role("link", name=str(request.pk), exact=True).click()
    expect(handler.locator("main")).to_contain_text("Lovelace Analytical")


def _owner_of(organisation: Organisation):
    """A member of the business holding every capability on it, with an authenticator."""
    user = make_user(
        f"officer@{organisation.slug}.test",
        staff=True,
        full_name="Pat Officer",
        organisation=organisation,
    )
    role = access.role_create(
        actor=None,
        organisation=organisation,
        name="Privacy officer (test)",
        capabilities=list(caps.CAPABILITIES),
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope("organisation", organisation.pk))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user
