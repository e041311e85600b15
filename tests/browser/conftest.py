"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("FRONTDESK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary blocking calls, which Django must be told are fine here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test-deps`.")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser):
    """A factory of isolated browser contexts (one per person in the test). Every page is
    watched for Content-Security-Policy violations: any one fails the test (QM-4)."""
    contexts = []
    violations: list[str] = []

    def watch(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watch)
        return page

    yield make
    for context in contexts:
        context.close()
    assert violations == [], violations


@pytest.fixture
def live_url(live_server):
    """live_url(business=None): the live server's address on a business's own host
    (`<slug>.localhost:<port>`, which Chromium resolves to loopback), Acme's by default; the
    platform's with `platform=True`. Each business is its own site, so a browser test goes to
    the host of the business it is about."""
    from urllib.parse import urlsplit

    from conftest import default_business

    port = urlsplit(live_server.url).port

    def url(business=None, *, platform: bool = False) -> str:
        if platform:
            return f"http://localhost:{port}"
        business = business or default_business()
        names = list(business.hosts.values_list("hostname", flat=True))
        host = next((name for name in names if name.endswith(".localhost")), names[0])
        return f"http://{host}:{port}"

    return url
