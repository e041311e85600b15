"""Huey tasks of the shop: cancelling orders left unpaid (their stock comes back); deleting
photo files left by uploads that were rolled back."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from frontdesk.shop.services import orders_expire, product_image_orphans_delete


# Every five minutes: an unpaid order holds its stock at most FRONTDESK_ORDER_UNPAID_MINUTES
# plus five. Idempotent: a missed or repeated run does no harm.
@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def orders_expire_task() -> int:
    """Cancel the orders unpaid past their time; the number cancelled."""
    return orders_expire()


@db_periodic_task(crontab(hour="4", minute="41"))  # type: ignore[untyped-decorator]
def product_image_orphans_task() -> int:
    """Delete photo files no product photo names; the number deleted."""
    return product_image_orphans_delete()
