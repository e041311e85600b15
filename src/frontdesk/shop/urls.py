"""Pages of the shop, mounted at the site root: the public shop under /shop/<shop>/, the
customer's Personal Shopping Account under /shop/account/, staff pages under /staff/shop/,
product photos under /media/shop/. Checkouts are addressed by their opaque id only (QL-7);
staff pages by numeric id; photos by their random file name."""

from django.urls import URLPattern, URLResolver, path, re_path

from frontdesk.shop.views import account, cart, catalogue, checkout, media, orderform, staff
from frontdesk.shop.views import staff_products as products

app_name = "shop"

_CHECKOUT = r"^shop/(?P<shop_slug>[-a-z0-9]+)/checkout/(?P<public_id>[A-Za-z0-9_-]{16,64})/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("shop/account/", account.account, name="account"),
    path("shop/account/orders/<int:order_id>/", account.account_order, name="account_order"),
    path(
        "shop/account/baskets/<int:basket_id>/restore",
        account.basket_restore,
        name="basket_restore",
    ),
    path(
        "shop/account/baskets/<int:basket_id>/delete", account.basket_delete, name="basket_delete"
    ),
    path(
        "shop/account/addresses/<int:address_id>/delete",
        account.address_delete,
        name="address_delete",
    ),
    path("shop/<slug:shop_slug>/", catalogue.shop_home, name="home"),
    path("shop/<slug:shop_slug>/p/<slug:product_slug>/", catalogue.product, name="product"),
    path("shop/<slug:shop_slug>/cart/", cart.cart, name="cart"),
    path("shop/<slug:shop_slug>/cart/add", cart.cart_add, name="cart_add"),
    path("shop/<slug:shop_slug>/cart/update", cart.cart_update, name="cart_update"),
    path("shop/<slug:shop_slug>/cart/save", cart.basket_save, name="basket_save"),
    path("shop/<slug:shop_slug>/checkout/", checkout.checkout, name="checkout"),
    re_path(rf"{_CHECKOUT}$", checkout.checkout_status, name="checkout_status"),
    re_path(rf"{_CHECKOUT}cancelled$", checkout.checkout_cancelled, name="checkout_cancelled"),
    path("shop/<slug:shop_slug>/order/", orderform.order_form, name="order_form"),
    path("staff/shop/", staff.index, name="staff_index"),
    path("staff/shop/orders/", staff.orders, name="staff_orders"),
    path("staff/shop/orders/<int:order_id>/", staff.order_detail, name="staff_order"),
    path("staff/shop/orders/<int:order_id>/move", staff.order_move, name="staff_order_move"),
    path("staff/shop/orders/<int:order_id>/refund", staff.order_refund, name="staff_refund"),
    path("staff/shop/vendors/<int:vendor_id>/manifest.csv", staff.manifest, name="manifest"),
    path(
        "staff/shop/vendors/<int:vendor_id>/products/",
        products.vendor_products,
        name="staff_products",
    ),
    path("staff/shop/products/<int:product_id>/", products.product_edit, name="staff_product"),
    path(
        "staff/shop/products/<int:product_id>/images/",
        products.product_image_add,
        name="staff_product_image_add",
    ),
    path(
        "staff/shop/images/<int:image_id>/remove",
        products.product_image_remove,
        name="staff_product_image_remove",
    ),
    path(
        "staff/shop/images/<int:image_id>/first",
        products.product_image_make_first,
        name="staff_product_image_first",
    ),
    path("media/shop/<str:name>", media.product_image, name="product_image"),
]
