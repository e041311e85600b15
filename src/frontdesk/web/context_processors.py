from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from frontdesk.access import selectors as access_selectors


def site(request: HttpRequest) -> dict[str, Any]:
    """The name and colour every page shows: the business's on its host, the platform's on
    the platform host."""
    business = getattr(request, "business", None)
    return {
        "site_name": business.name if business else settings.FRONTDESK_SITE_NAME,
        "business": business,
        "production": settings.PRODUCTION,
        # Called by the template only where it shows the staff link (no query otherwise).
        "is_staff_member": lambda: access_selectors.is_staff_member(request.user),
    }
