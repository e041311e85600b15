"""The one-page order form, for visitors who refuse cookies (JF-2, QM-14): the chosen items
travel in the form itself (a quantity field per product), with the contact and addresses, and
the order is placed from that one post. No cookie is set or read, nothing is remembered.

Why CSRF protection looks different here: Django's CSRF token lives in the session
(CSRF_USE_SESSIONS), and without cookies there is no session, so this one view is exempt from
the middleware and protected instead by
  1. acting with no ambient authority: the view never reads the session, the account or any
     cookie — the order is placed as a guest's — so a forged cross-site post could do nothing
     its author could not do by filling in the form themselves (the harm CSRF tokens prevent
     is a site acting on the victim's credentials);
  2. refusing posts whose Origin (or Sec-Fetch-Site) says they came from another site;
  3. a signed, timestamped form token (django.core.signing) bound to this shop: only a form
     this site served in the last FRONTDESK_ORDER_FORM_MINUTES is taken, and each one places
     at most one checkout (sending it twice shows the first one's status).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from frontdesk.core.net import client_ip
from frontdesk.core.tokens import new_token
from frontdesk.payments.csp import allow_payment_form_action
from frontdesk.shop import selectors, services
from frontdesk.shop.catalogue import LINE_QUANTITY_MAX
from frontdesk.shop.details import OrderDetails
from frontdesk.shop.errors import ShopError
from frontdesk.shop.forms import DetailsForm, prefill
from frontdesk.shop.models import Product, Shop
from frontdesk.shop.views.checkout import return_urls
from frontdesk.shop.views.common import shop_or_404

SALT = "frontdesk.shop.orderform"
STALE = "This form is too old or was not made by this shop: please fill it in again."
FOREIGN = "This order form was sent from another site, so it was refused."
SENT_ALREADY = "This order is being placed already."
BAD_QUANTITY = f"Enter quantities as whole numbers from 0 to {LINE_QUANTITY_MAX}."


def form_token(shop: Shop) -> str:
    return signing.dumps({"shop": shop.pk, "nonce": new_token(12)}, salt=SALT)


def _nonce(shop: Shop, token: str) -> str | None:
    """The form's one-time nonce, when the token is genuine, fresh and for this shop."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.FRONTDESK_ORDER_FORM_MINUTES * 60)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(data, dict) or data.get("shop") != shop.pk:
        return None
    nonce = data.get("nonce")
    return nonce if isinstance(nonce, str) else None


def _from_another_site(request: HttpRequest) -> bool:
    own = f"{request.scheme}://{request.get_host()}"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS
    return request.headers.get("Sec-Fetch-Site", "same-origin") not in {"same-origin", "none"}


def _quantities(post: Any, products: list[Product]) -> list[tuple[int, int]]:
    """(product id, quantity) for each product given a quantity; ValidationError otherwise."""
    chosen = []
    for product in products:
        raw = str(post.get(f"qty_{product.pk}", "") or "0").strip()
        if not raw.isdigit() or int(raw) > LINE_QUANTITY_MAX:
            raise ValidationError(BAD_QUANTITY)
        if int(raw):
            chosen.append((product.pk, int(raw)))
    return chosen


def _page(
    request: HttpRequest,
    shop: Shop,
    products: list[Product],
    form: DetailsForm,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    quantities = {p.pk: request.POST.get(f"qty_{p.pk}", "0") for p in products}
    rows = [(product, quantities[product.pk]) for product in products]
    context = {
        "shop": shop,
        "rows": rows,
        "form": form,
        "error": error,
        "token": form_token(shop),
        "max_quantity": LINE_QUANTITY_MAX,
    }
    response = render(request, "shop/order_form.html", context, status=status)
    allow_payment_form_action(response)
    return response


@csrf_exempt  # protected as the module docstring explains
@never_cache
@require_http_methods(["GET", "POST"])
def order_form(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = shop_or_404(shop_slug)
    products = list(selectors.products_for_sale(shop=shop))
    any_shipped = any(product.is_physical for product in products)
    if request.method == "GET":
        form = DetailsForm(initial=prefill(None), needs_shipping=any_shipped)
        return _page(request, shop, products, form)
    if _from_another_site(request):
        form = DetailsForm(initial=prefill(None), needs_shipping=any_shipped)
        return _page(request, shop, products, form, error=FOREIGN, status=403)
    return _place(request, shop, products, any_shipped)


def _place(
    request: HttpRequest, shop: Shop, products: list[Product], any_shipped: bool
) -> HttpResponse:
    nonce = _nonce(shop, str(request.POST.get("form_token", "")))
    try:
        items = _quantities(request.POST, products)
    except ValidationError as error:
        form = DetailsForm(request.POST, needs_shipping=any_shipped)
        return _page(request, shop, products, form, error=error.messages[0], status=400)
    by_id = {product.pk: product for product in products}
    shipped = any(by_id[product_id].is_physical for product_id, _ in items)
    form = DetailsForm(request.POST, needs_shipping=shipped)
    if nonce is None:
        return _page(request, shop, products, form, error=STALE, status=400)
    if not form.is_valid() or form.details is None:
        return _page(request, shop, products, form, status=400)
    return _place_once(
        request,
        shop=shop,
        products=products,
        form=form,
        details=form.details,
        items=items,
        nonce=nonce,
    )


def _place_once(
    request: HttpRequest,
    *,
    shop: Shop,
    products: list[Product],
    form: DetailsForm,
    details: OrderDetails,
    items: list[tuple[int, int]],
    nonce: str,
) -> HttpResponse:
    """Place the checkout of one form once: sent again, it shows the first one's status."""
    key = f"shop:orderform:{nonce}"
    if not cache.add(key, "", timeout=settings.FRONTDESK_ORDER_FORM_MINUTES * 60):
        placed_id = cache.get(key)
        if placed_id:
            return redirect("shop:checkout_status", shop_slug=shop.slug, public_id=placed_id)
        return _page(request, shop, products, form, error=SENT_ALREADY, status=409)
    try:
        placed = services.checkout_place(
            shop=shop, items=items, details=details, buyer_ip=client_ip(request)
        )
        cache.set(key, placed.public_id, timeout=settings.FRONTDESK_ORDER_FORM_MINUTES * 60)
        success_url, cancel_url = return_urls(shop, placed)
        pay_url = services.checkout_pay(
            actor=None, checkout=placed, success_url=success_url, cancel_url=cancel_url
        )
    except (ShopError, ValidationError) as error:
        cache.delete(key)  # nothing was placed: the same form may be corrected and sent again
        message = error.messages[0] if isinstance(error, ValidationError) else str(error)
        return _page(request, shop, products, form, error=message, status=400)
    return redirect(pay_url)
