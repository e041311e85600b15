"""Queue reports (QL-17 "access reports"): what happened to the customers who joined in a
period. Everything is counted over the tickets that *joined* in the period, so a report never
changes once the period is over and its tickets have ended."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from frontdesk.core import clock
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.states import State

MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """Whole local days, `first` to `last` included."""

    first: date
    last: date

    @classmethod
    def last_days(cls, days: int = 7) -> Period:
        today = timezone.localdate(clock.now())
        return cls(first=today - timedelta(days=days - 1), last=today)

    @property
    def start(self) -> datetime:
        return _midnight(self.first)

    @property
    def end(self) -> datetime:
        return _midnight(self.last + timedelta(days=1))


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class QueueReport:
    start: datetime
    end: datetime
    joined: int
    served: int
    no_shows: int
    left: int
    removed: int
    avg_wait_seconds: float | None  # join → summon
    p90_wait_seconds: float | None
    avg_service_seconds: float | None  # arrived → served
    arrivals_by_hour: list[int]  # customers joining, by local hour of day 0..23

    @property
    def busiest_hour(self) -> int | None:
        peak = max(self.arrivals_by_hour)
        return self.arrivals_by_hour.index(peak) if peak else None


def percentile(values: list[float], pct: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least pct % of values at or
    below it (so it is always one of the observed values)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def queue_report(*, queues: Iterable[Queue], start: datetime, end: datetime) -> QueueReport:
    """Figures over the tickets of `queues` that joined in [start, end): one query, streamed."""
    rows = (
        Ticket.objects.filter(
            queue__in=[queue.pk for queue in queues], joined_at__gte=start, joined_at__lt=end
        )
        .order_by()
        .values_list("state", "joined_at", "summoned_at", "arrived_at", "served_at")
    )
    counts = dict.fromkeys(State.values, 0)
    waits: list[float] = []
    services: list[float] = []
    by_hour = [0] * 24
    for state, joined, summoned, arrived, served in rows.iterator(chunk_size=2000):
        counts[state] += 1
        by_hour[timezone.localtime(joined).hour] += 1
        if summoned is not None:
            waits.append((summoned - joined).total_seconds())
        if state == State.SERVED and arrived is not None and served is not None:
            services.append((served - arrived).total_seconds())
    return QueueReport(
        start=start,
        end=end,
        joined=sum(counts.values()),
        served=counts[State.SERVED],
        no_shows=counts[State.NO_SHOW],
        left=counts[State.LEFT],
        removed=counts[State.REMOVED],
        avg_wait_seconds=_mean(waits),
        p90_wait_seconds=percentile(waits, 90),
        avg_service_seconds=_mean(services),
        arrivals_by_hour=by_hour,
    )
