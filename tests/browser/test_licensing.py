"""Infacta's customer area as people click through it (issue 5, acceptance 1): a partner's
signed purchase notification opens a customer account; the customer chooses a password from
the e-mailed link, signs in, sees the unlock code, downloads a file (its checksum matches the
one shown, and the downloads left drop), and finds that sign-in and that download in their
history. A browser that refuses cookies is told so on the area's sign-in page (IN-14)."""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.core import clock
from frontdesk.licensing import cookies, services, signing
from frontdesk.licensing.models import Download, Licence, Partner
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

BUYER = "lin.buyer@example.test"
PASSWORD = "my own long passphrase 57"


def _infacta(live_url) -> str:
    """The live server on Infacta's own host."""
    return str(live_url(Organisation.objects.get(slug="infacta")))


@pytest.fixture
def infacta(transactional_db, live_server, tmp_path, settings) -> tuple[Partner, str]:
    """A product with a release and its file, and a partner with its secret."""
    settings.SITE_URL = live_server.url
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    settings.FRONTDESK_DOWNLOADS_ACCEL_PREFIX = ""
    organisation = access.organisation_create(name="Infacta", slug="infacta")
    product = services.product_create(
        actor=None,
        organisation=organisation,
        code="GM-PRO",
        name="Group Mail Pro",
        downloads_per_release=3,
    )
    release = services.release_create(
        actor=None, product=product, version="5.1", released_at=clock.now() - timedelta(days=3)
    )
    source = tmp_path / "groupmail-5.1-setup.exe"
    source.write_bytes(b"Group Mail Pro 5.1\n" * 4000)
    services.release_file_add(actor=None, release=release, source=source)
    return services.partner_create(
        actor=None, organisation=organisation, code="plimus", name="Plimus"
    )


def _partner_notifies(base_url: str, secret: str) -> dict[str, str]:
    """What the partner's server does after a sale: POST the signed notification."""
    body = json.dumps(
        {
            "event_id": "evt-browser-1",
            "contact": {"name": "Lin Buyer", "email": BUYER},
            "order": {
                "reference": "PL-555",
                "date": clock.now().isoformat(),
                "product_code": "GM-PRO",
                "quantity": 1,
                "price": "49.00",
                "currency": "USD",
            },
        }
    ).encode()
    headers = signing.headers_for(secret=secret, timestamp=int(time.time()), body=body)
    # To the live server on loopback, naming Infacta's host (as a resolver would for
    # `infacta.localhost`; Python's does not resolve *.localhost).
    parts = urlsplit(base_url)
    request = urllib.request.Request(
        f"http://127.0.0.1:{parts.port}/licensing/partners/plimus/purchases",
        data=body,
        headers={"Content-Type": "application/json", "Host": str(parts.netloc), **headers},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        answer: dict[str, str] = json.loads(response.read())
    return answer


def _welcome_link() -> str:
    [message] = [m for m in mail.outbox if BUYER in m.to]
    found = re.search(r"(http://\S+/software/welcome/\S+)", str(message.body))
    assert found, message.body
    return found.group(1)


@pytest.mark.promise("IN-3", "IN-11", "IN-20", "QL-9", "IN-17", "QM-4")
def test_a_partner_sale_becomes_an_account_a_download_and_a_history(
    live_url, infacta, new_page, tmp_path
):
    _, secret = infacta
    # given: the partner notifies the sale
    assert _partner_notifies(_infacta(live_url), secret) == {"outcome": "recorded"}
    code = Licence.objects.get().unlock_code
    page = new_page(accept_downloads=True)
    # when: the buyer opens the e-mailed link and chooses a password
    page.goto(_welcome_link())
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    # then: they sign in on the area's page with it
    expect(page).to_have_url(re.compile(r"/software/login/$"))
    expect(page.get_by_text("Your password is set")).to_be_visible()
    page.get_by_label("E-mail").fill(BUYER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/software/$"))
    expect(page.get_by_role("heading", name="Welcome back, Lin")).to_be_visible()
    # and hold a temporary, HttpOnly authentication cookie beside the session cookie
    held = {cookie["name"]: cookie for cookie in page.context.cookies()}
    authentication = held[cookies.AUTHENTICATION]
    assert (authentication["expires"], authentication["httpOnly"]) == (-1, True)
    assert authentication["path"] == "/"
    assert settings.SESSION_COOKIE_NAME in held
    # and see the unlock code, and the downloads left
    expect(page.locator("code.unlock-code")).to_have_text(code)
    expect(page.locator(".remaining .badge")).to_have_text("3 of 3 downloads left")
    shown_sha = page.locator("code.sha256").inner_text()
    # when: they download the file
    with page.expect_download() as taken:
        page.get_by_role("button", name="Download groupmail-5.1-setup.exe").click()
    saved = tmp_path / "saved.exe"
    taken.value.save_as(saved)
    # then: what arrived is what the page vouched for, and one download fewer is left
    assert taken.value.suggested_filename == "groupmail-5.1-setup.exe"
    assert hashlib.sha256(Path(saved).read_bytes()).hexdigest() == shown_sha
    page.goto(f"{_infacta(live_url)}/software/")
    expect(page.locator(".remaining .badge")).to_have_text("2 of 3 downloads left")
    assert Download.objects.count() == 1
    # and their history shows that sign-in and that download
    page.get_by_role("link", name="Sign-ins and downloads").click()
    sign_ins = page.locator("table.sign-ins tbody tr")
    expect(sign_ins).to_have_count(1)
    expect(sign_ins.first).to_contain_text("127.0.0.1")
    expect(sign_ins.first).to_contain_text(re.compile(r"Chrome \d+ on Linux"))
    expect(sign_ins.first).to_contain_text("Succeeded")
    downloads = page.locator("table.downloads tbody tr")
    expect(downloads).to_have_count(1)
    expect(downloads.first).to_contain_text("groupmail-5.1-setup.exe")
    expect(downloads.first).to_contain_text("Group Mail Pro 5.1")
    # and the area's navigation leads to support and feedback
    expect(page.get_by_role("link", name="Support", exact=True)).to_have_attribute(
        "href", "/support/"
    )
    expect(page.get_by_role("link", name="Feedback")).to_have_attribute(
        "href", "/support/feedback/"
    )
    # when / then: a copy of the session cookie alone is worth nothing
    _a_copied_session_cookie_alone_is_refused(_infacta(live_url), new_page, page)


def _a_copied_session_cookie_alone_is_refused(base_url: str, new_page, page) -> None:
    """Another browser gets a copy of the session cookie, but not the authentication cookie
    (IN-17): it is sent to sign in, and the session is over for its owner too."""
    [session] = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    thief = new_page()
    thief.context.add_cookies(
        [{"name": session["name"], "value": session["value"], "url": base_url}]
    )
    thief.goto(f"{base_url}/software/")
    expect(thief).to_have_url(re.compile(r"/software/login/"))
    page.goto(f"{base_url}/software/")
    expect(page).to_have_url(re.compile(r"/software/login/"))


@pytest.fixture
def cookies_refused(browser, tmp_path):
    """A Chromium profile set to block all cookies (the browser's own content setting)."""
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    preferences = {"profile": {"default_content_setting_values": {"cookies": 2}}}
    (profile / "Default" / "Preferences").write_text(json.dumps(preferences))
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.promise("IN-14", "IN-17")
def test_a_browser_refusing_cookies_is_told_on_the_sign_in_page(live_url, infacta, cookies_refused):
    # given
    page = cookies_refused
    page.goto(f"{_infacta(live_url)}/software/login/")
    # when
    page.get_by_label("E-mail").fill(BUYER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # then
    expect(page.get_by_role("alert")).to_contain_text("refuses cookies")
    assert page.context.cookies() == []
