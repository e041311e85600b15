"""Huey tasks of the privacy app: the daily retention sweep (FD-10), with the replay of
erasures after a restore (FD-11)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from frontdesk.privacy.erasure import erasures_replay
from frontdesk.privacy.retention import retention_sweep


# 03:17 (the consumer's clock, UTC by default): a quiet hour, off the round minute that other
# scheduled jobs pick. Both steps are idempotent, so a missed or repeated run does no harm.
@db_periodic_task(crontab(hour=3, minute=17))  # type: ignore[untyped-decorator]
def retention_sweep_task() -> int:
    """Erase again the erased accounts a restored backup brought back (and destroy any erased
    account's key still alive), then run the retention sweep; the number of rows the sweep
    deleted or blanked."""
    erasures_replay()
    return retention_sweep().total
