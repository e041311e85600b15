"""Infacta's promotions area as a person clicks through it (issue 5, acceptance 1): they open
the offer's page, register with their name, e-mail address and the promotion code, and are
e-mailed an unlock code and the link to their new customer account, where the same code is
shown (IN-24)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.core import clock
from frontdesk.licensing import services as licensing
from frontdesk.licensing.models import Licence
from frontdesk.promotions import services
from frontdesk.promotions.models import Registration

EMAIL = "robin.promo@example.test"
PASSWORD = "a promotional passphrase 91"


def _infacta(live_url) -> str:
    """The live server on Infacta's own host."""
    return str(live_url(Organisation.objects.get(slug="infacta")))


@pytest.fixture
def offer(transactional_db, live_server, tmp_path, settings) -> None:
    settings.SITE_URL = live_server.url
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    organisation = access.organisation_create(name="Infacta", slug="infacta")
    product = licensing.product_create(
        actor=None, organisation=organisation, code="IS-STD", name="InfaSync"
    )
    services.offer_create(
        actor=None,
        organisation=organisation,
        product=product,
        name="InfaSync free for a year",
        code="sync2026",
        uses_limit=10,
        per_person_limit=1,
        starts_at=clock.now() - timedelta(days=1),
        ends_at=clock.now() + timedelta(days=30),
    )


@pytest.mark.promise("IN-24", "QM-4")
def test_a_promotion_registration_emails_a_code(live_url, offer, new_page):
    page = new_page()
    # given: the offer's page
    page.goto(f"{_infacta(live_url)}/promotions/sync2026/")
    expect(page.get_by_role("heading", name="InfaSync free for a year")).to_be_visible()
    expect(page.get_by_label("Promotion code")).to_have_value("sync2026")
    # when: they register
    page.get_by_label("Your name").fill("Robin Promo")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_role("button", name="Register").click()
    # then: they are told to check their e-mail, which holds the unlock code
    expect(page.get_by_role("status")).to_contain_text("We have e-mailed your unlock code")
    code = Licence.objects.get().unlock_code
    [message] = [item for item in mail.outbox if EMAIL in item.to]
    assert code in message.body
    assert Registration.objects.get().ip == "127.0.0.1"
    # when: they open the e-mailed link, choose a password and sign in
    link = re.search(r"(http://\S+/software/welcome/\S+)", str(message.body))
    assert link, message.body
    page.goto(link.group(1))
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # then: the area shows the same code
    expect(page.locator("code.unlock-code")).to_have_text(code)
