"""The cart cookie (JF-2, QM-14): an opaque random id, signed, that finds a guest's cart on the
server. It holds nothing else — the cart, and any details typed, stay on the server.

HttpOnly, SameSite=Lax, Secure (and `__Host-` named) in production; it lasts
FRONTDESK_CART_DAYS after the cart last changed, and is set only when a visitor first adds
something (browsing sets no cart cookie). A cookie whose signature or age does not check out is
ignored, as if there were none.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

SALT = "frontdesk.shop.cart"


def _max_age() -> int:
    return int(settings.FRONTDESK_CART_DAYS) * 24 * 3600


def cart_token(request: HttpRequest) -> str | None:
    """The cart id in the request's cart cookie, when it is genuine and not too old."""
    value = request.get_signed_cookie(
        settings.FRONTDESK_CART_COOKIE_NAME, default=None, salt=SALT, max_age=_max_age()
    )
    return value or None


def cart_cookie_set(response: HttpResponse, token: str) -> None:
    """(Re)set the cookie, so it lasts FRONTDESK_CART_DAYS from this change of the cart."""
    response.set_signed_cookie(
        settings.FRONTDESK_CART_COOKIE_NAME,
        token,
        salt=SALT,
        max_age=_max_age(),
        path="/",
        secure=bool(settings.FRONTDESK_CART_COOKIE_SECURE),
        httponly=True,
        samesite="Lax",
    )
