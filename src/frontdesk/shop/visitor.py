"""The visitor of a shop request (pages and API alike): the shop of the URL, and the visitor's
cart — found by the cart cookie or the account, and merged at sign-in."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from frontdesk.core.tokens import new_token
from frontdesk.shop import cookies, selectors, services
from frontdesk.shop.models import Cart, Shop


def shop_or_404(slug: str) -> Shop:
    shop = selectors.shop_by_slug(slug)
    if shop is None:
        raise Http404
    return shop


def signed_in(request: HttpRequest) -> Any:
    """The account of the request, or None for a guest."""
    return request.user if request.user.is_authenticated else None


def request_cart(request: HttpRequest, shop: Shop) -> Cart | None:
    """The visitor's cart in `shop`, without creating one.

    The merge at sign-in happens here, the way django-oscar's basket middleware does it: the
    first shop request of a signed-in person whose browser still holds a guest cart's cookie
    merges that cart into the account's (`services.cart_merge`). Identity's sign-in stays
    unaware of the shop (it is the lower layer), and no signal is needed."""
    token = cookies.cart_token(request)
    user = signed_in(request)
    if user is None:
        return services.cart_find(shop=shop, token=token)
    if token and services.cart_find(shop=shop, token=token) is not None:
        return services.cart_merge(user=user, shop=shop, token=token)
    return services.cart_find(shop=shop, user=user)


def cart_for_adding(request: HttpRequest, shop: Shop) -> tuple[Cart, str | None]:
    """The cart to add to (created when there is none) and, for a guest, the cart id to
    (re)set in the cookie: this is the moment the cart cookie is first set."""
    cart = request_cart(request, shop)
    user = signed_in(request)
    if user is not None:
        return cart or services.cart_obtain(shop=shop, user=user), None
    if cart is not None:
        return cart, cart.token
    token = new_token()
    return services.cart_obtain(shop=shop, token=token), token


def with_cart_cookie(response: HttpResponse, token: str | None) -> HttpResponse:
    if token:
        cookies.cart_cookie_set(response, token)
    return response
