"""The catalogue: a shop's products, by category, and one product's page with its add-to-cart
form. Browsing sets no cart cookie and links nothing to the visitor: the page view is counted
by `frontdesk.insights` with the network only (JF-3, QM-15)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frontdesk.shop import selectors
from frontdesk.shop.forms import QuantityForm
from frontdesk.shop.views.common import render_shop, request_cart, shop_or_404


# Never cached: the header shows this visitor's cart, and the product page's form its CSRF token.
@never_cache
@require_GET
def shop_home(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = shop_or_404(shop_slug)
    categories = list(selectors.categories_of(shop))
    chosen = next((c for c in categories if c.slug == request.GET.get("category")), None)
    products = list(selectors.products_for_sale(shop=shop, category=chosen))
    context = {"categories": categories, "chosen": chosen, "products": products}
    return render_shop(request, "shop/shop.html", shop, context, cart=request_cart(request, shop))


@never_cache
@require_GET
def product(request: HttpRequest, shop_slug: str, product_slug: str) -> HttpResponse:
    shop = shop_or_404(shop_slug)
    found = selectors.product_for_sale(shop=shop, slug=product_slug)
    if found is None:
        raise Http404
    form = QuantityForm(initial={"product_id": found.pk, "quantity": 1})
    return render_shop(
        request,
        "shop/product.html",
        shop,
        {"product": found, "form": form},
        cart=request_cart(request, shop),
    )
