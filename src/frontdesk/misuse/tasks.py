"""Huey tasks of misuse detection (IN-10, IN-12).

The analysis runs on the worker every minute rather than on_commit after each sign-in and
download: it stays out of the request (sign-in and download are not slowed, and cannot fail
because of it), it needs no hook inside identity's or licensing's services, and each pass is
incremental — for each business that uses misuse detection, it reads only that business's
events since its high-water mark (`ScanMark`, one per business) through the `created_at`
indexes, then each active account's window through its `(user, …)` indexes. A
finding is at most a minute late; a repeated or missed pass does no harm (cases are opened
once)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from frontdesk.misuse.services import misuse_scan


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def misuse_scan_task() -> int:
    """One incremental pass over every business; the number of cases opened."""
    return misuse_scan()
