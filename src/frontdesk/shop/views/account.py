"""The Personal Shopping Account (QM-14, JF-4): the customer's orders and their state, the
vendor baskets they saved for later, and the addresses kept to pre-fill their order form.
Everything here is the signed-in person's own; anyone else's answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from frontdesk.shop import selectors, services
from frontdesk.shop.models import SavedBasket


@never_cache
@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    context = {
        "orders": list(selectors.orders_of(user=request.user)),
        "baskets": list(selectors.saved_baskets_of(user=request.user)),
        "addresses": list(selectors.addresses_of(user=request.user)),
    }
    return render(request, "shop/account.html", context)


@never_cache
@login_required
@require_GET
def account_order(request: HttpRequest, order_id: int) -> HttpResponse:
    order = selectors.customer_order(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    return render(request, "shop/account_order.html", {"order": order})


def _own_basket(request: HttpRequest, basket_id: int) -> SavedBasket:
    basket = selectors.saved_baskets_of(user=request.user).filter(pk=basket_id).first()
    if basket is None:
        raise Http404
    return basket


@never_cache
@login_required
@require_POST
def basket_restore(request: HttpRequest, basket_id: int) -> HttpResponse:
    basket = _own_basket(request, basket_id)
    services.basket_restore(actor=request.user, basket=basket)
    messages.success(request, f"Your {basket.vendor.name} basket is back in your cart.")
    return redirect("shop:cart", shop_slug=basket.shop.slug)


@never_cache
@login_required
@require_POST
def basket_delete(request: HttpRequest, basket_id: int) -> HttpResponse:
    basket = _own_basket(request, basket_id)
    services.basket_delete(actor=request.user, basket=basket)
    messages.success(request, "The saved basket is deleted.")
    return redirect("shop:account")


@never_cache
@login_required
@require_POST
def address_delete(request: HttpRequest, address_id: int) -> HttpResponse:
    address = selectors.addresses_of(user=request.user).filter(pk=address_id).first()
    if address is None:
        raise Http404
    services.address_delete(actor=request.user, address=address)
    messages.success(request, "The address is deleted.")
    return redirect("shop:account")
