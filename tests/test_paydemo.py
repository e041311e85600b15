"""Paydemo, the demo payment provider, on its own: its API, its hosted card page, its signed
webhooks with retries, and what it keeps of a card (brand and last four digits only)."""

from __future__ import annotations

import ast
import hashlib
import hmac
import json
import re
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import time_machine

import paydemo
from paydemo.cards import brand, check_card, luhn_valid
from paydemo.config import DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET
from paydemo.testing import running_paydemo, submit_card

CARD = "4242424242424242"
DECLINED = "4000000000000002"


@dataclass
class Receiver:
    """A shop's webhook endpoint: records each delivery, answers the next status in `statuses`
    (then 200)."""

    statuses: list[int] = field(default_factory=list)
    received: list[tuple[str, bytes]] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)  # the Host header of each delivery
    url: str = ""


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append((self.headers.get("Paydemo-Signature", ""), body))
            state.hosts.append(self.headers.get("Host", ""))
            self.send_response(state.statuses.pop(0) if state.statuses else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/payments/webhooks/demo/"
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def provider(tmp_path):
    with running_paydemo(tmp_path, retry_delays=(0.0,)) as url:
        yield url


def _call(
    url: str, payload: dict[str, Any] | None = None, *, key: str = DEFAULT_API_KEY, idem: str = ""
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    if idem:
        headers["Idempotency-Key"] = idem
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _session(provider: str, receiver: Receiver, **overrides: Any) -> Any:
    payload = {
        "amount_minor": 1250,
        "currency": "EUR",
        "description": "2 red roses",
        "reference": "checkout-1",
        "customer_email": "casey@example.test",
        "success_url": "http://127.0.0.1:9/done?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://127.0.0.1:9/cart",
        "webhook_url": receiver.url,
    } | overrides
    status, answer = _call(f"{provider}/v1/sessions", payload, idem=overrides.get("idem", ""))
    assert status == 200, answer
    return answer


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read().decode()


def _state(provider: str, session_id: str) -> str:
    return str(_call(f"{provider}/v1/sessions/{session_id}")[1]["state"])


def _verify(signature: str, body: bytes) -> bool:
    parts = dict(item.split("=", 1) for item in signature.split(","))
    expected = hmac.new(
        DEFAULT_WEBHOOK_SECRET.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - int(parts["t"])) < 300


# --- the API -------------------------------------------------------------------------------


def test_the_api_needs_the_api_key(provider, receiver):
    # when
    status, answer = _call(f"{provider}/v1/sessions", {"amount_minor": 1}, key="guess")
    # then
    assert status == 401
    assert answer["error"]["type"] == "authentication_error"


@pytest.mark.parametrize(
    ("field_name", "value"),
    [
        ("amount_minor", 0),
        ("amount_minor", 12.5),
        ("amount_minor", "1250"),
        ("currency", "eur"),
        ("success_url", "javascript:alert(1)"),
        ("webhook_url", "file:///etc/passwd"),
        ("description", "x" * 501),
    ],
)
def test_a_bad_session_request_is_refused(provider, receiver, field_name, value):
    # given
    payload = {
        "amount_minor": 1250,
        "currency": "EUR",
        "description": "d",
        "reference": "r",
        "customer_email": "",
        "success_url": "http://a.test/",
        "cancel_url": "http://a.test/",
        "webhook_url": receiver.url,
    } | {field_name: value}
    # when
    status, answer = _call(f"{provider}/v1/sessions", payload)
    # then
    assert status == 400
    assert field_name in answer["error"]["message"]


def test_the_same_idempotency_key_gets_the_same_session(provider, receiver):
    # when
    first = _session(provider, receiver, idem="key-1")
    again = _session(provider, receiver, idem="key-1")
    other = _session(provider, receiver, idem="key-2")
    # then
    assert again["id"] == first["id"]
    assert other["id"] != first["id"]


def test_an_idempotency_key_reused_for_another_request_is_refused(provider, receiver):
    # given
    _session(provider, receiver, idem="key-1")
    # when
    payload = {
        "amount_minor": 999,
        "currency": "EUR",
        "description": "d",
        "reference": "r",
        "customer_email": "",
        "success_url": "http://a.test/",
        "cancel_url": "http://a.test/",
        "webhook_url": receiver.url,
    }
    status, answer = _call(f"{provider}/v1/sessions", payload, idem="key-1")
    # then
    assert status == 400
    assert answer["error"]["type"] == "idempotency_error"


# --- the hosted page -----------------------------------------------------------------------


@pytest.mark.promise("QM-4", "JF-5")
def test_the_hosted_page_has_a_strict_csp_and_escapes_everything(provider, receiver):
    # given
    session = _session(provider, receiver, description='<script>alert("x")</script>')
    # when
    status, headers, html = _get(session["url"])
    # then
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "form-action 'self' http://127.0.0.1:9;" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe" not in csp
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'autocomplete="cc-number"' in html
    assert "12.50 EUR" in html


@pytest.mark.promise("JF-5")
def test_the_page_says_it_is_secure_only_over_https(provider, receiver):
    # given
    session = _session(provider, receiver)
    # when
    _, _, plain = _get(session["url"])
    _, _, secure = _get(session["url"], {"X-Forwarded-Proto": "https"})
    # then
    assert "Secure payment page" not in plain
    assert "never a real card" in plain
    assert "Secure payment page" in secure
    assert "encrypted connection (HTTPS)" in secure


@pytest.mark.promise("QL-5")
def test_a_post_without_the_pages_form_token_is_refused(provider, receiver):
    # given: a form posted from elsewhere, without the token of the page
    session = _session(provider, receiver)
    data = f"form_token=guess&name=A&number={CARD}&expiry=12/40&cvc=123".encode()
    request = urllib.request.Request(session["url"], data=data, method="POST")  # noqa: S310
    # when
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    # then
    assert refused.value.code == 403
    assert _state(provider, session["id"]) == "open"
    assert receiver.received == []


@pytest.mark.promise("FD-8")
@pytest.mark.parametrize(
    ("number", "expiry", "cvc", "message"),
    [
        ("4242 4242 4242 4241", "12/40", "123", "not valid"),
        ("5555 5555 5555 4444", "12/40", "123", "test cards only"),
        ("1234", "12/40", "123", "12 to 19 digits"),
        (CARD, "01/20", "123", "expired"),
        (CARD, "13/40", "123", "MM/YY"),
        (CARD, "12/40", "12", "security code"),
    ],
)
def test_a_card_with_a_mistake_comes_back_without_its_number(  # noqa: PLR0917
    provider, receiver, number, expiry, cvc, message
):
    # given
    session = _session(provider, receiver)
    # when
    answer = submit_card(session["url"], number=number, expiry=expiry, cvc=cvc, name="<b>Casey</b>")
    # then
    assert answer.status == 400
    assert message in answer.html
    for name in ("number", "expiry", "cvc"):  # typed again, never sent back
        assert re.search(f'name="{name}"[^>]* value=""', answer.html)
    assert "&lt;b&gt;Casey&lt;/b&gt;" in answer.html
    assert _state(provider, session["id"]) == "open"
    assert receiver.received == []


@pytest.mark.promise("FD-6")
def test_a_paid_card_sends_one_signed_webhook_and_returns_the_browser(provider, receiver):
    # given
    session = _session(provider, receiver)
    # when
    answer = submit_card(session["url"], number="4242 4242 4242 4242")
    # then
    assert answer.status == 303
    assert answer.location == f"http://127.0.0.1:9/done?session={session['id']}"
    [(signature, body)] = receiver.received
    assert _verify(signature, body)
    event = json.loads(body)
    assert set(event) == {
        "id",
        "kind",
        "created",
        "session_id",
        "reference",
        "amount_minor",
        "currency",
    }
    assert (event["kind"], event["session_id"], event["amount_minor"], event["currency"]) == (
        "paid",
        session["id"],
        1250,
        "EUR",
    )
    assert _state(provider, session["id"]) == "paid"


def test_a_second_submit_pays_nothing_more(provider, receiver):
    # given
    session = _session(provider, receiver)
    submit_card(session["url"])
    # when
    again = submit_card(session["url"])
    # then
    assert "Already paid" in again.html
    assert len(receiver.received) == 1


def test_a_declined_card_fails_the_session_and_says_so(provider, receiver):
    # given
    session = _session(provider, receiver)
    # when
    answer = submit_card(session["url"], number=DECLINED)
    # then
    assert answer.status == 200
    assert "Your card was declined" in answer.html
    [(signature, body)] = receiver.received
    assert _verify(signature, body)
    assert json.loads(body)["kind"] == "failed"
    assert _state(provider, session["id"]) == "failed"


@pytest.mark.promise("FD-6", "IN-18")
def test_only_the_brand_and_last_four_digits_are_kept(provider, receiver, tmp_path):
    # given
    session = _session(provider, receiver)
    # when
    submit_card(session["url"], number=CARD, cvc="987")
    # then: nowhere in the database files, the write-ahead log included
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("paydemo.sqlite3*"))
    assert CARD.encode() not in stored
    assert b"4242 4242 4242 4242" not in stored
    import sqlite3

    with sqlite3.connect(tmp_path / "paydemo.sqlite3") as db:
        assert db.execute("SELECT card_brand, card_last4 FROM sessions").fetchall() == [
            ("visa", "4242")
        ]


def test_a_failing_webhook_is_retried_and_every_attempt_recorded(provider, receiver, tmp_path):
    # given: the shop answers 500 twice, then 200
    receiver.statuses = [500, 503]
    session = _session(provider, receiver)
    # when
    submit_card(session["url"])
    # then
    assert len(receiver.received) == 3
    assert len({body for _, body in receiver.received}) == 1  # the same event each time
    import sqlite3

    with sqlite3.connect(tmp_path / "paydemo.sqlite3") as db:
        rows = db.execute("SELECT attempt, status FROM deliveries ORDER BY attempt").fetchall()
        delivered = db.execute("SELECT delivered_at FROM events").fetchone()[0]
    assert rows == [(1, 500), (2, 503), (3, 200)]
    assert delivered is not None


def test_an_unreachable_shop_is_recorded_and_the_browser_still_returns(provider, tmp_path):
    # given: nothing listens at the webhook address
    session = _session(provider, Receiver(url="http://127.0.0.1:9/hook"))
    # when
    answer = submit_card(session["url"])
    # then
    assert answer.status == 303
    import sqlite3

    with sqlite3.connect(tmp_path / "paydemo.sqlite3") as db:
        rows = db.execute("SELECT attempt, status, error FROM deliveries").fetchall()
    assert [(attempt, status) for attempt, status, _ in rows] == [(1, None), (2, None), (3, None)]
    assert all(error for _, _, error in rows)


def _wait_for(receiver: Receiver, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(receiver.received) < count:
        assert time.monotonic() < deadline, "no webhook came"
        time.sleep(0.02)


def test_a_full_refund_by_api_is_idempotent_and_sends_its_webhook(provider, receiver):
    # given
    session = _session(provider, receiver)
    submit_card(session["url"])
    refund_url = f"{provider}/v1/sessions/{session['id']}/refund"
    # when
    first = _call(refund_url, {"amount_minor": 1250}, idem="refund-1")
    again = _call(refund_url, {"amount_minor": 1250}, idem="refund-1")
    # then
    assert first[0] == again[0] == 200
    assert again[1]["state"] == "refunded"
    _wait_for(receiver, 2)
    assert json.loads(receiver.received[1][1])["kind"] == "refunded"
    time.sleep(0.1)
    assert len(receiver.received) == 2


def test_a_partial_or_premature_refund_is_refused(provider, receiver):
    # given
    session = _session(provider, receiver)
    refund_url = f"{provider}/v1/sessions/{session['id']}/refund"
    # when / then: not paid yet
    assert _call(refund_url, {"amount_minor": 1250}, idem="r")[0] == 409
    submit_card(session["url"])
    assert _call(refund_url, {"amount_minor": 100}, idem="r")[0] == 400
    assert _state(provider, session["id"]) == "paid"


def test_a_session_expires_by_api_or_by_time(provider, receiver):
    # given
    by_api = _session(provider, receiver, reference="a")
    by_time = _session(provider, receiver, reference="b")
    # when
    status, answer = _call(f"{provider}/v1/sessions/{by_api['id']}/expire", {})
    with time_machine.travel(time.time() + 31 * 60):
        _, _, page = _get(by_time["url"])
    # then
    assert (status, answer["state"]) == (200, "expired")
    assert "Payment expired" in page
    _wait_for(receiver, 2)
    assert sorted(json.loads(body)["kind"] for _, body in receiver.received) == [
        "expired",
        "expired",
    ]


def test_an_unknown_payment_page_is_not_found(provider):
    with pytest.raises(urllib.error.HTTPError) as missing:
        _get(f"{provider}/pay/ps_nope")
    assert missing.value.code == 404


# --- the card checks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [(CARD, True), (DECLINED, True), ("4242424242424241", False), ("79927398713", True)],
)
def test_luhn(number, valid):
    assert luhn_valid(number) is valid


@pytest.mark.parametrize(
    ("number", "name"),
    [
        (CARD, "visa"),
        ("5555555555554444", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("378282246310005", "amex"),
        ("6011111111111117", "card"),
    ],
)
def test_brand(number, name):
    assert brand(number) == name


def test_a_card_expiring_this_month_is_still_valid():
    result = check_card(name="A", number=CARD, expiry="06/26", cvc="123", today=date(2026, 6, 30))
    assert (result.errors, result.outcome, result.last4) == ({}, "paid", "4242")


# --- its own program -------------------------------------------------------------------------


def test_paydemo_imports_nothing_of_frontdesk_or_django():
    # given: every module of the package
    package = Path(paydemo.__file__).parent
    imported: set[str] = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    # then
    assert not imported & {"frontdesk", "django"}


@pytest.mark.promise("FD-6")
def test_a_webhook_to_a_localhost_name_goes_to_loopback_under_that_name(provider, receiver):
    # given: a shop on a business's demo host, `<slug>.localhost` (loopback, as browsers do)
    port = receiver.url.split(":")[2].split("/")[0]
    own = receiver.url.replace("127.0.0.1", "julie.localhost")
    session = _session(provider, receiver, webhook_url=own)
    # when
    submit_card(session["url"])
    # then: delivered to this machine, with the business's host name as the Host
    assert len(receiver.received) == 1
    assert receiver.hosts == [f"julie.localhost:{port}"]


def test_only_plain_http_localhost_names_are_sent_to_loopback():
    from paydemo.webhooks import loopback_target

    assert loopback_target("http://julie.localhost:8100/w/") == (
        "http://127.0.0.1:8100/w/",
        {"Host": "julie.localhost:8100"},
    )
    assert loopback_target("http://Julie.LOCALHOST/w/") == (
        "http://127.0.0.1/w/",
        {"Host": "julie.localhost"},
    )
    for untouched in (
        "https://julie.localhost/w/",
        "http://shop.example.org/w/",
        "http://localhost.example.org/w/",
        "http://127.0.0.1:8100/w/",
    ):
        assert loopback_target(untouched) == (untouched, {})
