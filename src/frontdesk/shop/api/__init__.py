"""JSON API of the shop (mounted at /api/shop/ by frontdesk.config.api).

Public: the catalogue (no login), and the visitor's own cart, bound to the same cart cookie
(or account) as the pages — changing it needs the session's CSRF token, like a form. Customer:
the signed-in person's orders (session, or a token with `account:read`). Staff (`staff`
module): orders by grant and need-to-know, and the shipping manifest for a carrier
integration (a token with `shop:manifest`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router
from ninja.errors import HttpError
from ninja.utils import check_csrf

from frontdesk.identity.apiauth import API_AUTH, require_scope
from frontdesk.shop import selectors, services
from frontdesk.shop.api import staff
from frontdesk.shop.api.schemas import (
    CartLineIn,
    CartLineOut,
    CartOut,
    CustomerOrderOut,
    ErrorOut,
    OrderLineOut,
    ProductImageOut,
    ProductOut,
    VendorBasketOut,
)
from frontdesk.shop.errors import ShopError
from frontdesk.shop.models import Cart, Order, Product, Shop
from frontdesk.shop.visitor import (
    cart_for_adding,
    request_cart,
    shop_or_404,
    with_cart_cookie,
)

router = Router(tags=["shop"])
router.add_router("/", staff.router)


def _product_out(product: Product) -> ProductOut:
    return ProductOut(
        id=product.pk,
        slug=product.slug,
        name=product.name,
        description=product.description,
        vendor=product.vendor.name,
        category=product.category.name if product.category else None,
        price=product.price,
        currency=product.shop.currency,
        in_stock=product.stock,
        shipped=product.is_physical,
        url=reverse(
            "shop:product",
            kwargs={"shop_slug": product.shop.slug, "product_slug": product.slug},
        ),
        images=[
            ProductImageOut(url=image.url, width=image.width, height=image.height, alt=image.alt())
            for image in product.images.all()
        ],
    )


def _cart_out(shop: Shop, cart: Cart | None) -> CartOut:
    view = selectors.cart_view(shop=shop, cart=cart)
    return CartOut(
        shop=shop.name,
        currency=shop.currency,
        baskets=[
            VendorBasketOut(
                vendor_id=basket.vendor.pk,
                vendor=basket.vendor.name,
                lines=[
                    CartLineOut(
                        product_id=line.product.pk,
                        name=line.product.name,
                        quantity=line.quantity,
                        unit_price=line.product.price,
                        line_total=line.line_total,
                    )
                    for line in basket.lines
                ],
                subtotal=basket.subtotal,
            )
            for basket in view.baskets
        ],
        total=view.total,
        count=view.count,
    )


@router.get("/{shop_slug}/products", auth=None, response=list[ProductOut])
def product_list(request: HttpRequest, shop_slug: str) -> list[ProductOut]:
    """The products on sale in the shop."""
    shop = shop_or_404(shop_slug)
    return [_product_out(p) for p in selectors.products_for_sale(shop=shop).select_related("shop")]


@router.get("/{shop_slug}/products/{product_slug}", auth=None, response=ProductOut)
def product_detail(request: HttpRequest, shop_slug: str, product_slug: str) -> ProductOut:
    shop = shop_or_404(shop_slug)
    product = selectors.product_for_sale(shop=shop, slug=product_slug)
    if product is None:
        raise Http404
    return _product_out(product)


@router.get("/{shop_slug}/cart", auth=None, response=CartOut)
def cart_get(request: HttpRequest, shop_slug: str) -> CartOut:
    """The visitor's cart, grouped in vendor baskets (the cart cookie, or the account)."""
    shop = shop_or_404(shop_slug)
    return _cart_out(shop, request_cart(request, shop))


@router.post(
    "/{shop_slug}/cart/lines", auth=None, response={200: CartOut, 403: ErrorOut, 409: ErrorOut}
)
def cart_line_set(
    request: HttpRequest, response: HttpResponse, shop_slug: str, payload: CartLineIn
) -> CartOut:
    """Add `quantity` of a product to the cart (quantity 0: nothing). Needs the session's CSRF
    token (X-CSRFToken), as the cart is the visitor's own; the first add sets the cookie."""
    if check_csrf(request) is not None:
        raise HttpError(403, "CSRF check failed: send the page's CSRF token as X-CSRFToken.")
    shop = shop_or_404(shop_slug)
    product = Product.objects.filter(shop=shop, pk=payload.product_id).first()
    if product is None:
        raise Http404
    if not payload.quantity:
        return _cart_out(shop, request_cart(request, shop))
    current, token = cart_for_adding(request, shop)
    try:
        services.cart_add(cart=current, product=product, quantity=payload.quantity)
    except ShopError as error:
        raise HttpError(error.status_code, str(error)) from None
    with_cart_cookie(response, token)
    return _cart_out(shop, current)


def _customer_order_out(order: Order) -> CustomerOrderOut:
    return CustomerOrderOut(
        id=order.pk,
        number=order.number,
        shop=order.shop.name,
        vendor=order.vendor.name,
        state=order.state,
        state_label=order.state_label,
        placed_at=order.placed_at,
        total=order.total,
        currency=order.currency,
        lines=[
            OrderLineOut(name=line.product_name, quantity=line.quantity, unit_price=line.unit_price)
            for line in order.lines.all()
        ],
    )


@router.get("/orders", auth=API_AUTH, response=list[CustomerOrderOut])
def my_orders(request: HttpRequest) -> list[CustomerOrderOut]:
    """The signed-in customer's own orders and their state, newest first."""
    require_scope(request, "account:read")
    return [_customer_order_out(order) for order in selectors.orders_of(user=request.user)]
