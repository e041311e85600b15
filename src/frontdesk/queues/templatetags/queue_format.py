"""Template filters of the queue pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def duration(seconds: float | None) -> str:
    """Seconds as a person reads them: "45 s", "12 min", "1 h 05 min"; "—" when unknown."""
    if seconds is None:
        return "—"
    total = round(seconds)
    if total < 60:  # noqa: PLR2004
        return f"{total} s"
    minutes = round(total / 60)
    if minutes < 60:  # noqa: PLR2004
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
