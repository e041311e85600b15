"""The provider API the shop calls (Bearer API key): open a hosted session, read it, refund it,
expire it. JSON in, JSON out, errors as {"error": {"type", "message"}}."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from typing import Any

from paydemo.config import Config
from paydemo.store import IdempotencyMismatchError, Session, Store
from paydemo.web import Request, Response, api_error, json_response
from paydemo.webhooks import deliver_later

CURRENCY = re.compile(r"[A-Z]{3}")
MAX_AMOUNT_MINOR = 99_999_999
TEXT_LIMITS = {"description": 500, "reference": 200, "customer_email": 254}
URL_FIELDS = ("success_url", "cancel_url", "webhook_url")
MAX_URL = 2000


def authorised(request: Request, config: Config) -> bool:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        key.strip().encode(), config.api_key.encode()
    )


def _problems(data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        return {"body": "a JSON object"}
    problems: dict[str, str] = {}
    amount = data.get("amount_minor")
    if type(amount) is not int or not 0 < amount <= MAX_AMOUNT_MINOR:
        problems["amount_minor"] = "a positive whole number of minor units"
    if not isinstance(data.get("currency"), str) or not CURRENCY.fullmatch(data["currency"]):
        problems["currency"] = "an ISO 4217 code in capitals"
    for name, limit in TEXT_LIMITS.items():
        if not isinstance(data.get(name), str) or len(data[name]) > limit:
            problems[name] = f"a string of at most {limit} characters"
    for name in URL_FIELDS:
        value = data.get(name)
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            problems[name] = "an http(s) URL"
        elif len(value) > MAX_URL:
            problems[name] = f"at most {MAX_URL} characters"
    return problems


def session_create(request: Request, store: Store, config: Config) -> Response:
    try:
        data = request.json()
    except ValueError:
        return api_error(400, "invalid_request", "The body must be JSON.")
    problems = _problems(data)
    if problems:
        detail = "; ".join(f"{name} must be {what}" for name, what in problems.items())
        return api_error(400, "invalid_request", detail)
    fields = {name: data[name] for name in ("amount_minor", "currency", *TEXT_LIMITS, *URL_FIELDS)}
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()
    try:
        session, _ = store.session_create(
            fields=fields,
            idempotency_key=request.headers.get("idempotency-key", "")[:255],
            request_hash=digest,
            minutes=config.session_minutes,
        )
    except IdempotencyMismatchError:
        return api_error(
            400, "idempotency_error", "This Idempotency-Key was used with a different request."
        )
    return json_response(200, {**session.public(), "url": _hosted_url(request, config, session)})


def _hosted_url(request: Request, config: Config, session: Session) -> str:
    base = config.public_url.rstrip("/") or f"{request.scheme}://{request.host}"
    return f"{base}/pay/{session.id}"


def session_read(session: Session) -> Response:
    return json_response(200, session.public())


def session_refund(request: Request, store: Store, config: Config, session: Session) -> Response:
    """A full refund of a paid session. The same Idempotency-Key answers the same again."""
    key = request.headers.get("idempotency-key", "")[:255]
    if session.state == "refunded" and key and session.refund_key == key:
        return json_response(200, session.public())
    try:
        amount = request.json().get("amount_minor")
    except (ValueError, AttributeError):
        return api_error(400, "invalid_request", "The body must be a JSON object.")
    if amount != session.amount_minor:
        return api_error(400, "invalid_request", "Only a full refund is possible here.")
    event = store.session_move(session.id, to="refunded", refund_key=key)
    if event is None:
        return api_error(409, "invalid_state", f"The session is {session.state}, not paid.")
    deliver_later(store=store, config=config, url=session.webhook_url, event=event)
    return json_response(200, {**session.public(), "state": "refunded"})


def session_expire(store: Store, config: Config, session: Session) -> Response:
    event = store.session_move(session.id, to="expired")
    if event is None:
        return api_error(409, "invalid_state", f"The session is {session.state}, not open.")
    deliver_later(store=store, config=config, url=session.webhook_url, event=event)
    return json_response(200, {**session.public(), "state": "expired"})
