"""Running Paydemo inside a test, and paying through its card page as a browser would.

with running_paydemo(tmp_path) as url:
    settings.FRONTDESK_PAYDEMO_URL = url
    ...
    submit_card(redirect_url)   # the hosted page, 4242 4242 4242 4242
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from paydemo.app import PaydemoApp
from paydemo.cards import SUCCEEDS
from paydemo.config import Config
from paydemo.server import build_server

_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


@contextmanager
def running_paydemo(tmp_path: Path, **options: Any) -> Iterator[str]:
    """Paydemo on a free port of 127.0.0.1, in a thread, with its database in `tmp_path`;
    yields its base URL. `options` override the `Config` (api_key, webhook_secret, …)."""
    config = Config(db_path=Path(tmp_path) / "paydemo.sqlite3", **options)
    server = build_server(PaydemoApp(config), "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="paydemo", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass(frozen=True)
class Submitted:
    status: int
    location: str  # where the browser is sent next ("" when a page is shown)
    html: str


def submit_card(
    pay_url: str,
    *,
    number: str = SUCCEEDS,
    expiry: str = "12/40",
    cvc: str = "123",
    name: str = "Casey Customer",
) -> Submitted:
    """Open the hosted page and submit the card form over real HTTP, like a browser."""
    with urllib.request.urlopen(pay_url, timeout=10) as response:  # noqa: S310 - test URL
        page = response.read().decode("utf-8")
    match = _TOKEN.search(page)
    if match is None:  # the session is closed: paid, declined, expired or refunded
        return Submitted(200, "", page)
    form = {
        "form_token": unescape(match[1]),
        "name": name,
        "number": number,
        "expiry": expiry,
        "cvc": cvc,
    }
    request = urllib.request.Request(  # noqa: S310 - test URL
        pay_url, data=urllib.parse.urlencode(form).encode("utf-8"), method="POST"
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as answer:
            return Submitted(answer.status, "", answer.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8")
        return Submitted(error.code, error.headers.get("Location", ""), body)
