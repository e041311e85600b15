"""The hosted card page: GET shows the form, POST checks the card, settles the session, tells the
shop by a signed webhook, then sends the browser back to the shop.

The form is protected by the session's own form token (there are no cookies here): a page on
another site cannot read it, so it cannot post a card into someone's session. The page allows
nothing but its own stylesheet, and forms may go only here and, by the redirect that follows a
payment, to the shop's return address."""

from __future__ import annotations

import hmac
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from paydemo import pages
from paydemo.cards import check_card
from paydemo.config import Config
from paydemo.pages import SESSION_PLACEHOLDER
from paydemo.store import Session, Store
from paydemo.web import Request, Response, html_response, redirect
from paydemo.webhooks import deliver


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def csp(session: Session | None = None) -> str:
    form_action = "'self'"
    if session is not None:
        form_action += f" {_origin(session.success_url)}"
    return (
        "default-src 'none'; style-src 'self'; img-src 'self'; "
        f"form-action {form_action}; frame-ancestors 'none'; base-uri 'none'"
    )


def _https(request: Request) -> bool:
    return request.scheme == "https"


def _expire_if_due(store: Store, config: Config, session: Session) -> Session:
    if session.state == "open" and time.time() > session.expires_at:
        event = store.session_move(session.id, to="expired")
        if event is not None:
            deliver(store=store, config=config, url=session.webhook_url, event=event)
        return store.session_get(session.id) or session
    return session


_CLOSED = {
    "paid": ("Already paid", "This payment is complete."),
    "failed": ("Payment declined", "This payment was declined. Return to the shop to try again."),
    "expired": (
        "Payment expired",
        "This payment page has expired. Return to the shop to try again.",
    ),
    "refunded": ("Refunded", "This payment was refunded."),
}


def _closed(session: Session) -> Response:
    title, message = _CLOSED[session.state]
    return html_response(
        200, pages.outcome_page(session, title=title, message=message), csp=csp(session)
    )


def page(request: Request, store: Store, config: Config, session: Session) -> Response:
    session = _expire_if_due(store, config, session)
    if session.state != "open":
        return _closed(session)
    return html_response(200, pages.card_form(session, https=_https(request)), csp=csp(session))


def pay(request: Request, store: Store, config: Config, session: Session) -> Response:
    session = _expire_if_due(store, config, session)
    if session.state != "open":
        return _closed(session)
    form = request.form()
    if not hmac.compare_digest(form.get("form_token", "").encode(), session.form_token.encode()):
        html = pages.plain_page("Refused", "This form has expired: open the payment page again.")
        return html_response(403, html, csp=csp())
    result = check_card(
        name=form.get("name", ""),
        number=form.get("number", ""),
        expiry=form.get("expiry", ""),
        cvc=form.get("cvc", ""),
        today=datetime.now(UTC).date(),
    )
    if result.errors:
        html = pages.card_form(
            session, https=_https(request), errors=result.errors, name=form.get("name", "")
        )
        return html_response(400, html, csp=csp(session))
    target = "paid" if result.outcome == "paid" else "failed"
    event = store.session_move(session.id, to=target, card=(result.brand, result.last4))
    if event is not None:
        deliver(store=store, config=config, url=session.webhook_url, event=event)
    settled = store.session_get(session.id) or session
    if settled.state == "paid":
        return redirect(
            settled.success_url.replace(SESSION_PLACEHOLDER, settled.id), csp=csp(settled)
        )
    if settled.state == "failed" and target == "failed":
        html = pages.outcome_page(
            settled, title="Card declined", message="Your card was declined. Nothing was charged."
        )
        return html_response(200, html, csp=csp(settled))
    return _closed(settled)
