"""The hosted card page and the short pages around it. Every value is escaped; the page loads
nothing but its own stylesheet (see the CSP in `app.py`) and keeps no card number: a refused
form comes back with the number field empty."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from paydemo.store import Session

SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}"  # as in Stripe's success_url

# Currencies whose minor unit is not a hundredth (ISO 4217 exponents).
EXPONENTS = {
    **dict.fromkeys(
        (
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}

FIELDS = (
    ("name", "Name on the card", "cc-name", "text", ""),
    ("number", "Card number", "cc-number", "text", "numeric"),
    ("expiry", "Expiry (MM/YY)", "cc-exp", "text", "numeric"),
    ("cvc", "Security code (CVC)", "cc-csc", "text", "numeric"),
)


def amount_text(session: Session) -> str:
    exponent = EXPONENTS.get(session.currency, 2)
    amount = Decimal(session.amount_minor).scaleb(-exponent)
    return f"{amount:,.{exponent}f} {session.currency}"


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Paydemo</title>"
        '<link rel="stylesheet" href="/static/paydemo.css"></head>'
        f'<body><main class="box">{body}</main></body></html>'
    )


def _secure_notice(https: bool) -> str:
    if https:
        return (
            '<p class="secure" id="secure">🔒 Secure payment page: your card goes over an encrypted'
            " connection (HTTPS) to Paydemo only. The shop never sees it.</p>"
        )
    return (
        '<p class="insecure" id="secure">Test mode on a local, unencrypted connection: use the'
        " test cards below, never a real card. The shop never sees what you type here.</p>"
    )


def _field(
    name: str, label: str, autocomplete: str, kind: str, inputmode: str, *, value: str, error: str
) -> str:
    mode = f' inputmode="{inputmode}"' if inputmode else ""
    invalid = f' aria-invalid="true" aria-describedby="{name}-error"' if error else ""
    message = f'<p class="error" id="{name}-error">{escape(error)}</p>' if error else ""
    return (
        f'<p class="field"><label for="{name}">{escape(label)}</label>'
        f'<input id="{name}" name="{name}" type="{kind}" autocomplete="{autocomplete}"{mode}'
        f' value="{escape(value)}"{invalid} required>{message}</p>'
    )


def card_form(
    session: Session, *, https: bool, errors: dict[str, str] | None = None, name: str = ""
) -> str:
    errors = errors or {}
    # Only the name comes back into a refused form: the card number, expiry and CVC are typed again.
    fields = "".join(
        _field(*spec, value=name if spec[0] == "name" else "", error=errors.get(spec[0], ""))
        for spec in FIELDS
    )
    body = (
        f"{_secure_notice(https)}"
        f"<h1>Pay {escape(amount_text(session))}</h1>"
        f'<p class="description">{escape(session.description)}</p>'
        f'<form method="post" action="/pay/{escape(session.id)}" autocomplete="on">'
        f'<input type="hidden" name="form_token" value="{escape(session.form_token)}">'
        f"{fields}"
        f'<p><button type="submit">Pay {escape(amount_text(session))}</button></p></form>'
        f'<p><a href="{escape(session.cancel_url)}">Cancel and return to the shop</a></p>'
        '<p class="hint">Test cards: 4242 4242 4242 4242 is paid, 4000 0000 0000 0002 is'
        " declined; any future expiry date and any 3 digits.</p>"
    )
    return _page("Pay", body)


def outcome_page(session: Session, *, title: str, message: str) -> str:
    back = session.success_url if session.state == "paid" else session.cancel_url
    back = back.replace(SESSION_PLACEHOLDER, session.id)
    body = (
        f"<h1>{escape(title)}</h1><p>{escape(message)}</p>"
        f'<p><a href="{escape(back)}">Return to the shop</a></p>'
    )
    return _page(title, body)


def plain_page(title: str, message: str) -> str:
    return _page(title, f"<h1>{escape(title)}</h1><p>{escape(message)}</p>")
