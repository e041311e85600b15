"""Huey tasks of insights: promotions leave the web request here, and the day keys of visits
past their retention are destroyed daily."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from frontdesk.insights.delivery import promotion_deliver
from frontdesk.insights.visits import visit_keys_destroy


@db_task()  # type: ignore[untyped-decorator]
def promotion_deliver_task(promotion_id: int) -> None:
    """Send one queued promotion; safe to run twice (a sent promotion is not sent again)."""
    promotion_deliver(promotion_id=promotion_id)


# 03:29 daily (the consumer's clock), after nothing in particular: idempotent, so a missed or
# repeated run does no harm.
@db_periodic_task(crontab(hour=3, minute=29))  # type: ignore[untyped-decorator]
def visit_keys_destroy_task() -> int:
    """Destroy the data keys of visits past their retention; the number destroyed."""
    return visit_keys_destroy()
