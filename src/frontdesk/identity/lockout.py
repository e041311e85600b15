"""What a locked-out login attempt gets (placeholder: filled in by the identity work)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("Locked", status=403)
