"""Global Privacy Control (FD-12, IN-1): a browser sending `Sec-GPC: 1` opts its person out of
marketing and of sharing. The flag rides on the request; services that market or share read it
through `frontdesk.privacy.selectors.gpc_opt_out(request)`."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class GpcMiddleware:
    """Sets `request.gpc`: True when the request carries `Sec-GPC: 1`, else False."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The GPC specification defines "1" as the only value that expresses the preference.
        request.gpc = request.headers.get("Sec-GPC", "").strip() == "1"  # type: ignore[attr-defined]
        return self.get_response(request)
