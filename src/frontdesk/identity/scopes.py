"""What an API token may be allowed to do. A token carries a subset of these scopes."""

from __future__ import annotations

SCOPES: dict[str, str] = {
    "queues:read": "Read queues, waiting lists and reports",
    "queues:write": "Summon, mark, add and remove customers; open, close, set up and edit queues",
    "account:read": "Read the token owner's own account",
    "shop:read": "Read the shop orders the token owner may see (only the fields of their job)",
    "shop:manifest": "Read shipping manifests (a carrier integration)",
    "shop:partner": "Read aggregate sales figures for partners (small cells suppressed)",
}


def validate(scopes: list[str]) -> list[str]:
    """The scopes sorted and de-duplicated; ValueError naming any unknown one."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ValueError(f"Unknown API token scopes: {', '.join(unknown)}")
    return sorted(set(scopes))
