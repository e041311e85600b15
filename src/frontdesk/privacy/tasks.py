"""Huey tasks of the privacy app: the daily retention sweep (FD-10)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from frontdesk.privacy.retention import retention_sweep


# 03:17 (the consumer's clock, UTC by default): a quiet hour, off the round minute that other
# scheduled jobs pick. The sweep is idempotent, so a missed or repeated run does no harm.
@db_periodic_task(crontab(hour=3, minute=17))  # type: ignore[untyped-decorator]
def retention_sweep_task() -> int:
    """Run the retention sweep; the number of rows deleted or blanked."""
    return retention_sweep().total
