"""Huey tasks of insights: promotions leave the web request here."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from frontdesk.insights.delivery import promotion_deliver


@db_task()  # type: ignore[untyped-decorator]
def promotion_deliver_task(promotion_id: int) -> None:
    """Send one queued promotion; safe to run twice (a sent promotion is not sent again)."""
    promotion_deliver(promotion_id=promotion_id)
