"""Template helpers of the customer area: whether the signed-in person is on hold, so every
page of the area (and the pages that share its layout) can link to the reinstatement request."""

from __future__ import annotations

from django import template

from frontdesk.licensing.holds import account_held

register = template.Library()


@register.filter
def on_hold(user: object) -> bool:
    return account_held(user)
