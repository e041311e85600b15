"""System checks: refuse a partner-export configuration that would weaken QM-17, at start-up."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from frontdesk.insights.partner import GRIDS

# Below this, "no cell describes fewer than k people" protects next to nobody.
SMALLEST_SENSIBLE_K = 5


@register()
def partner_export_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if settings.FRONTDESK_PARTNER_PERIOD not in GRIDS:
        problems.append(
            Error(f"FRONTDESK_PARTNER_PERIOD must be one of {GRIDS}.", id="insights.E001")
        )
    k = settings.FRONTDESK_PARTNER_MIN_CUSTOMERS
    if not isinstance(k, int) or k < 1:
        problems.append(
            Error(
                "FRONTDESK_PARTNER_MIN_CUSTOMERS must be a whole number of at least 1.",
                id="insights.E002",
            )
        )
    elif k < SMALLEST_SENSIBLE_K:
        problems.append(
            Warning(
                f"FRONTDESK_PARTNER_MIN_CUSTOMERS is {k}: partner figures may describe very few "
                "customers (QM-17).",
                id="insights.W001",
            )
        )
    return problems
