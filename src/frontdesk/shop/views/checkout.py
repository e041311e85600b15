"""Checkout (JF-1, QM-12, FD-6): the order form asks only what the order needs, the orders are
placed (one per vendor), and the customer goes to the payment provider's hosted page. The
provider sends them back to the checkout's status page, which says "payment received" once the
signed webhook has arrived, and "waiting for confirmation" until then."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from frontdesk.access.hosts import absolute_url
from frontdesk.core.net import client_ip
from frontdesk.payments.csp import allow_payment_form_action
from frontdesk.shop import selectors, services
from frontdesk.shop.details import OrderDetails
from frontdesk.shop.errors import ShopError
from frontdesk.shop.forms import DetailsForm, prefill
from frontdesk.shop.models import Cart, Checkout, Shop
from frontdesk.shop.selectors import CartView
from frontdesk.shop.states import OrderState
from frontdesk.shop.views.common import render_shop, request_cart, shop_or_404, signed_in


def return_urls(shop: Shop, checkout: Checkout) -> tuple[str, str]:
    """Where the payment provider sends the customer back: paid, or given up. Always the
    shop's business's own address (not whatever host the request named), where the customer's
    cart and session are."""
    kwargs = {"shop_slug": shop.slug, "public_id": checkout.public_id}
    return (
        absolute_url(reverse("shop:checkout_status", kwargs=kwargs), shop.organisation),
        absolute_url(reverse("shop:checkout_cancelled", kwargs=kwargs), shop.organisation),
    )


def _kept_details(request: HttpRequest, cart: Cart | None) -> OrderDetails | None:
    user = signed_in(request)
    if user is not None:
        return selectors.details_for_account(user=user)
    if cart is not None and cart.email:
        return OrderDetails.of(cart)
    return None


def _page(
    request: HttpRequest, shop: Shop, view: CartView, form: DetailsForm, status: int = 200
) -> HttpResponse:
    response = render_shop(
        request,
        "shop/checkout.html",
        shop,
        {"view": view, "form": form},
        cart_count=view.count,
        status=status,
    )
    allow_payment_form_action(response)  # the redirect after the post goes to the provider
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = shop_or_404(shop_slug)
    current = request_cart(request, shop)
    view = selectors.cart_view(shop=shop, cart=current)
    if view.is_empty:
        messages.info(request, "Your cart is empty: add something first.")
        return redirect("shop:cart", shop_slug=shop.slug)
    if request.method == "GET":
        initial = prefill(_kept_details(request, current))
        return _page(
            request, shop, view, DetailsForm(initial=initial, needs_shipping=view.needs_shipping)
        )
    form = DetailsForm(request.POST, needs_shipping=view.needs_shipping)
    if not form.is_valid() or form.details is None:
        return _page(request, shop, view, form, status=400)
    try:
        placed = services.checkout_place(
            shop=shop,
            items=view.items(),
            details=form.details,
            buyer_ip=client_ip(request),
            user=signed_in(request),
            cart=current,
        )
        success_url, cancel_url = return_urls(shop, placed)
        pay_url = services.checkout_pay(
            actor=signed_in(request),
            checkout=placed,
            success_url=success_url,
            cancel_url=cancel_url,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, shop, view, form, status=400)
    except ShopError as error:
        form.add_error(None, str(error))
        view = selectors.cart_view(shop=shop, cart=current)
        return _page(request, shop, view, form, status=error.status_code)
    return redirect(pay_url)


def _checkout_or_404(shop: Shop, public_id: str) -> Checkout:
    found = selectors.checkout_by_public_id(shop=shop, public_id=public_id)
    if found is None:
        raise Http404
    return found


@never_cache
@require_GET
def checkout_status(request: HttpRequest, shop_slug: str, public_id: str) -> HttpResponse:
    """Where the provider sends the customer back after paying (and the link of the e-mails):
    the orders of the checkout and their state. Addressed by the checkout's opaque id only."""
    shop = shop_or_404(shop_slug)
    found = _checkout_or_404(shop, public_id)
    orders = list(found.orders.all())
    states = {order.state for order in orders}
    context = {
        "checkout": found,
        "orders": orders,
        "waiting": states == {OrderState.PENDING_PAYMENT},
        "cancelled": states == {OrderState.CANCELLED},
    }
    return render_shop(
        request, "shop/checkout_status.html", shop, context, cart=request_cart(request, shop)
    )


@never_cache
@require_GET
def checkout_cancelled(request: HttpRequest, shop_slug: str, public_id: str) -> HttpResponse:
    """The customer came back from the payment page without paying. Nothing changes on this
    visit (a GET): the orders wait for payment until they expire, or until the cart is checked
    out again, which replaces them."""
    shop = shop_or_404(shop_slug)
    found = _checkout_or_404(shop, public_id)
    return render_shop(
        request,
        "shop/checkout_cancelled.html",
        shop,
        {"checkout": found, "orders": list(found.orders.all())},
        cart=request_cart(request, shop),
    )
