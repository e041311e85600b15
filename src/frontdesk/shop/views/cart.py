"""The cart (JF-2, QM-14): the visitor's items grouped in vendor baskets, quantities changed,
a vendor's basket saved for later in the Personal Shopping Account."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from frontdesk.shop import selectors, services
from frontdesk.shop.errors import ShopError
from frontdesk.shop.forms import QuantityForm
from frontdesk.shop.models import Product, Vendor
from frontdesk.shop.views.common import (
    cart_for_adding,
    render_shop,
    request_cart,
    shop_or_404,
    signed_in,
    with_cart_cookie,
)


@never_cache
@require_GET
def cart(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = shop_or_404(shop_slug)
    current = request_cart(request, shop)
    view = selectors.cart_view(shop=shop, cart=current)
    return render_shop(request, "shop/cart.html", shop, {"view": view}, cart_count=view.count)


def _product_page(
    request: HttpRequest, shop_slug: str, product: Product, form: QuantityForm, error: str
) -> HttpResponse:
    shop = product.shop
    context = {"product": product, "form": form, "error": error}
    return render_shop(
        request, "shop/product.html", shop, context, cart=request_cart(request, shop), status=409
    )


@never_cache
@require_POST
def cart_add(request: HttpRequest, shop_slug: str) -> HttpResponse:
    """Add to the cart; the first add is what sets the cart cookie (for a guest)."""
    shop = shop_or_404(shop_slug)
    form = QuantityForm(request.POST)
    raw = str(request.POST.get("product_id", ""))
    product = (
        Product.objects.filter(shop=shop, pk=int(raw)).select_related("shop", "vendor").first()
        if raw.isdigit()
        else None
    )
    if product is None:
        messages.error(request, "This product is not sold here.")
        return redirect("shop:home", shop_slug=shop.slug)
    if not form.is_valid() or form.cleaned_data["quantity"] < 1:
        return _product_page(request, shop_slug, product, form, "Choose a quantity of 1 to 99.")
    current, token = cart_for_adding(request, shop)
    try:
        services.cart_add(cart=current, product=product, quantity=form.cleaned_data["quantity"])
    except ShopError as error:
        return with_cart_cookie(_product_page(request, shop_slug, product, form, str(error)), token)
    messages.success(request, f"{product.name} is in your cart.")
    return with_cart_cookie(redirect("shop:cart", shop_slug=shop.slug), token)


@never_cache
@require_POST
def cart_update(request: HttpRequest, shop_slug: str) -> HttpResponse:
    """Change one line's quantity (0 removes it)."""
    shop = shop_or_404(shop_slug)
    current = request_cart(request, shop)
    form = QuantityForm(request.POST)
    if current is None or not form.is_valid():
        messages.error(request, "Enter a quantity from 0 to 99.")
        return redirect("shop:cart", shop_slug=shop.slug)
    try:
        services.cart_set_quantity(
            cart=current,
            product_id=form.cleaned_data["product_id"],
            quantity=form.cleaned_data["quantity"],
        )
    except ShopError as error:
        messages.error(request, str(error))
    return redirect("shop:cart", shop_slug=shop.slug)


@never_cache
@require_POST
def basket_save(request: HttpRequest, shop_slug: str) -> HttpResponse:
    """Save one vendor's basket for later (signed in: it goes to the Personal Shopping
    Account); a guest is asked to sign in first, and their cart merges when they do."""
    shop = shop_or_404(shop_slug)
    if signed_in(request) is None:
        login = reverse("identity:login")
        cart_url = reverse("shop:cart", kwargs={"shop_slug": shop.slug})
        return redirect(f"{login}?{urlencode({'next': cart_url})}")
    current = request_cart(request, shop)
    raw = request.POST.get("vendor_id", "")
    vendor = Vendor.objects.filter(shop=shop, pk=int(raw)).first() if raw.isdigit() else None
    if current is None or vendor is None:
        messages.error(request, "There is nothing of this vendor in your cart.")
        return redirect("shop:cart", shop_slug=shop.slug)
    try:
        services.basket_save(actor=request.user, cart=current, vendor=vendor)
    except ShopError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Your {vendor.name} basket is saved in your shopping account.")
    return redirect("shop:cart", shop_slug=shop.slug)
