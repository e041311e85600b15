"""The request log of the shop's public pages (QM-15, JF-3), as a middleware: the shop's views
stay unaware of it.

After a public shop page has been answered (GET, 200), one page view is kept with only what
`traffic.page_view` keeps, and a visit's source is left in the visitor's existing session; after
a checkout post that sent the visitor to the payment page, the checkout's source is held
(`attribution`). Nothing else is looked at: not the Personal Shopping Account, not staff pages,
not the API.

Recording never breaks a page: any error is logged and the response goes out unchanged. It costs
one query and one INSERT per page view (and one read of the day's data key); were that ever
too much, the views could be queued and written in batches.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.http import HttpRequest, HttpResponse

from frontdesk.core import clock
from frontdesk.insights.attribution import checkout_attribute, source_remember
from frontdesk.insights.traffic import page_view, public_page
from frontdesk.insights.visits import visit_record

logger = logging.getLogger(__name__)

_REDIRECTS = frozenset({302, 303})


class VisitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = clock.now()
        response = self.get_response(request)
        try:
            self._observe(request, response, started)
        except Exception:
            logger.exception("Could not record a view of %s.", request.path)
        return response

    def _observe(self, request: HttpRequest, response: HttpResponse, started: datetime) -> None:
        shop_slug = public_page(request)
        if shop_slug is None:
            return
        if request.method == "GET" and response.status_code == 200:  # noqa: PLR2004
            view = page_view(request, shop_slug)
            visit_record(view=view)
            source_remember(request, view)
        elif (
            request.method == "POST"
            and request.resolver_match is not None
            and request.resolver_match.url_name == "checkout"
            and response.status_code in _REDIRECTS
        ):
            checkout_attribute(request, shop_slug, started)
