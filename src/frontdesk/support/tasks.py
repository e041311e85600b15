"""Huey tasks of support: destroying the details of requests dealt with (IN-4, IN-5, IN-13)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from frontdesk.support.retention import tickets_discard_due


# 03:29 daily (the consumer's clock): off the sweep's minute. Idempotent: a missed or repeated
# run does no harm, and a request is never destroyed before its period is over.
@db_periodic_task(crontab(hour=3, minute=29))  # type: ignore[untyped-decorator]
def tickets_discard_task() -> int:
    """Destroy the details of every resolved request past its period; how many."""
    return tickets_discard_due()
