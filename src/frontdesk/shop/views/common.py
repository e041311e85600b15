"""What the public shop pages share: the visitor's cart (see `frontdesk.shop.visitor`) and the
cart link in the header."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontdesk.shop import selectors
from frontdesk.shop.models import Cart, Shop
from frontdesk.shop.visitor import (
    cart_for_adding,
    request_cart,
    shop_or_404,
    signed_in,
    with_cart_cookie,
)

__all__ = [
    "cart_for_adding",
    "render_shop",
    "request_cart",
    "shop_or_404",
    "signed_in",
    "with_cart_cookie",
]


def render_shop(
    request: HttpRequest,
    template: str,
    shop: Shop,
    context: dict[str, Any],
    *,
    cart: Cart | None = None,
    cart_count: int | None = None,
    status: int = 200,
) -> HttpResponse:
    """A shop page, with the cart's item count for the header: `cart_count` when the caller
    knows it (it built the cart's view), else counted in one query."""
    count = selectors.cart_count(cart=cart) if cart_count is None else cart_count
    return render(
        request,
        template,
        {"shop": shop, "cart_count": count, **context},
        status=status,
    )
