"""A new staff member's first sign-in as they click through it in Chromium: temporary
password, forced change (QL-14), authenticator enrolment from the page (FD-5), with no
Content-Security-Policy violation on the way (QM-4)."""

from __future__ import annotations

import asyncio
import os
import re
from base64 import b32decode
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright, expect

from frontdesk.identity import services
from frontdesk.identity.tests.helpers import code_for

CHROMIUM = Path(os.environ.get("FRONTDESK_CHROMIUM", "/usr/bin/chromium"))
NEW_PASSWORD = "my own long passphrase 42"

pytestmark = pytest.mark.browser


class _Key:
    """Stands in for the device when computing a code from the key shown on the page."""

    step, t0, digits, drift = 30, 0, 6, 0

    def __init__(self, base32: str) -> None:
        self.bin_key = b32decode(base32)


async def _first_sign_in(page: Page, base_url: str, temporary: str) -> None:
    await page.goto(f"{base_url}/account/login/")
    await page.get_by_label("E-mail").fill("nia@acme.test")
    await page.get_by_label("Password").fill(temporary)
    await page.get_by_role("button", name="Sign in").click()
    # the password change comes first
    await expect(page).to_have_url(re.compile(r"/account/password/"))
    await page.get_by_label("Current password").fill(temporary)
    await page.get_by_label(re.compile(r"^New password:?$")).fill(NEW_PASSWORD)
    await page.get_by_label("New password again").fill(NEW_PASSWORD)
    await page.get_by_role("button", name="Change password").click()
    # then the authenticator, with a QR code that loads under the CSP
    await expect(page).to_have_url(re.compile(r"/account/otp/setup/"))
    await expect(page.locator("img.otp-qr")).to_be_visible()
    assert await page.evaluate("document.querySelector('img.otp-qr').naturalWidth") > 0
    secret = await page.locator("code.otp-secret").inner_text()
    await page.get_by_label("Code from your authenticator app").fill(code_for(_Key(secret)))
    await page.get_by_role("button", name="Confirm").click()
    await expect(page).to_have_url(re.compile(r"/staff/"))


async def _run(base_url: str, temporary: str) -> list[str]:
    """The flow in its own browser; returns the CSP violations Chromium reported."""
    violations: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = await browser.new_context()
        context.set_default_timeout(10_000)
        page = await context.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        try:
            await _first_sign_in(page, base_url, temporary)
        finally:
            await browser.close()
    return violations


@pytest.mark.promise("QL-14", "FD-5", "QM-4")
@pytest.mark.django_db(transaction=True)
def test_new_staff_member_changes_password_and_enrols_an_authenticator(live_server):
    # given
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser-deps`.")
    _, temporary = services.staff_create(actor=None, email="nia@acme.test", full_name="Nia")
    # when: in a thread of its own, so it never meets another test's Playwright event loop
    with ThreadPoolExecutor(max_workers=1) as pool:
        violations = pool.submit(asyncio.run, _run(live_server.url, temporary)).result()
    # then
    assert violations == []
