"""The shop's transactional e-mails (JF-1, JF-4): the order confirmation once it is paid, and
the shipping notice. Sent through messaging's `email_send` with the "order" purpose, so they
are recorded, delivered after the transaction commits, and never sent to an account its owner
made inactive (QM-11).

They are the business's e-mails (FD-16): the links go to the business's own address, and they
are sent bound to the order's business, whatever the caller runs in (a webhook arriving on the
platform host, a worker task), so messaging finds that business's account and sender."""

from __future__ import annotations

import logging

from django.urls import reverse

from frontdesk.access.hosts import absolute_url
from frontdesk.core import tenancy
from frontdesk.messaging.email import email_send
from frontdesk.messaging.errors import EmailRefusedError
from frontdesk.shop.models import Order

logger = logging.getLogger(__name__)


def _status_url(order: Order) -> str:
    path = reverse(
        "shop:checkout_status",
        kwargs={"shop_slug": order.shop.slug, "public_id": order.checkout.public_id},
    )
    return absolute_url(path, order.organisation)


def _lines(order: Order) -> str:
    return "\n".join(
        f"  {line.quantity} x {line.product_name}: {line.line_total} {order.currency}"
        for line in order.lines.all()
    )


def _send(order: Order, subject: str, body: str) -> None:
    if not order.email:  # erased, or never given
        return
    try:
        with tenancy.bound(order.organisation.tenant):
            email_send(
                to=order.email,
                purpose="order",
                subject=subject,
                body_text=body,
                transactional=True,
            )
    except EmailRefusedError:
        logger.info("Order e-mail for order %s not sent: the account is inactive.", order.pk)


def order_confirmation_send(order: Order) -> None:
    """Tell the customer the order is paid and what happens next."""
    shipping = (
        f"We will send it to {order.shipping_name}, {order.shipping_city}.\n"
        if order.needs_shipping
        else ""
    )
    body = (
        f"Dear {order.contact_name},\n\n"
        f"Thank you for your order {order.number} at {order.shop.name}, sold by "
        f"{order.vendor.name}. We have received your payment of {order.total} "
        f"{order.currency}.\n\n{_lines(order)}\n\n{shipping}"
        f"Follow your order here: {_status_url(order)}\n\n"
        "If there is a problem with your order, we will contact you at this address."
    )
    _send(order, f"Order {order.number} confirmed", body)


def order_shipped_send(order: Order) -> None:
    """Tell the customer the order has left with the shipping company."""
    body = (
        f"Dear {order.contact_name},\n\n"
        f"Your order {order.number} from {order.vendor.name} is on its way to "
        f"{order.shipping_name}, {order.shipping_city}.\n\n{_lines(order)}\n\n"
        f"Follow your order here: {_status_url(order)}"
    )
    _send(order, f"Order {order.number} shipped", body)
