"""Changing the shop (writes). Other apps and the shop's views call these; each function's
docstring says its rules. Split by concern: catalogue, carts (and the Personal Shopping
Account), checkout, paying, orders, staff reads, product photos."""

from frontdesk.shop.services.carts import (
    address_delete,
    address_remember,
    basket_delete,
    basket_restore,
    basket_save,
    cart_add,
    cart_details_save,
    cart_find,
    cart_merge,
    cart_obtain,
    cart_set_quantity,
)
from frontdesk.shop.services.catalogue import (
    category_create,
    product_create,
    product_update,
    shop_create,
    vendor_create,
)
from frontdesk.shop.services.checkout import checkout_cancel, checkout_place, orders_expire
from frontdesk.shop.services.images import (
    product_image_add,
    product_image_make_first,
    product_image_orphans_delete,
    product_image_remove,
)
from frontdesk.shop.services.orders import (
    STAFF_MOVES,
    order_deliver,
    order_move,
    order_ship,
    order_start_fulfilment,
)
from frontdesk.shop.services.paying import (
    PURPOSE,
    checkout_pay,
    checkout_payment,
    checkout_refund,
    payment_outcome,
)
from frontdesk.shop.services.staff import manifest_export, order_open, orders_list_open

__all__ = [
    "PURPOSE",
    "STAFF_MOVES",
    "address_delete",
    "address_remember",
    "basket_delete",
    "basket_restore",
    "basket_save",
    "cart_add",
    "cart_details_save",
    "cart_find",
    "cart_merge",
    "cart_obtain",
    "cart_set_quantity",
    "category_create",
    "checkout_cancel",
    "checkout_pay",
    "checkout_payment",
    "checkout_place",
    "checkout_refund",
    "manifest_export",
    "order_deliver",
    "order_move",
    "order_open",
    "order_ship",
    "order_start_fulfilment",
    "orders_expire",
    "orders_list_open",
    "payment_outcome",
    "product_create",
    "product_image_add",
    "product_image_make_first",
    "product_image_orphans_delete",
    "product_image_remove",
    "product_update",
    "shop_create",
    "vendor_create",
]
