"""How long customers wait: from the real service times of recent customers."""

from __future__ import annotations

import math

from django.conf import settings

from frontdesk.queues.models import Ticket
from frontdesk.queues.states import State


def service_seconds(*, queue_id: int, expected_minutes: int) -> float:
    """The average service time (arrived → served) of the queue's last
    `settings.FRONTDESK_WAIT_SAMPLE` served customers; the queue's expected service time while
    nobody has been served yet. One query."""
    sample = Ticket.objects.filter(
        queue_id=queue_id,
        state=State.SERVED,
        arrived_at__isnull=False,
        served_at__isnull=False,
    ).order_by("-served_at")[: settings.FRONTDESK_WAIT_SAMPLE]
    durations = [
        max(0.0, (served - arrived).total_seconds())
        for arrived, served in sample.values_list("arrived_at", "served_at")
        if arrived is not None and served is not None
    ]
    if not durations:
        return expected_minutes * 60.0
    return sum(durations) / len(durations)


def wait_minutes(*, ahead: int, service_seconds: float) -> int:
    """Estimated wait: the customers ahead times the service time, rounded up to a minute."""
    return math.ceil(ahead * service_seconds / 60)
