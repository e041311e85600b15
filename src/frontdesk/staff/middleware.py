"""The security-policy gate (QM-6): nobody opens customer data on a policy they have not accepted.

A person holding a capability that opens customer data in an organisation whose newest
security policy they have not acknowledged is sent, from any staff page, to the page where
they accept it; the staff endpoints of the JSON API answer them 403. The policy pages
themselves stay open, and so does everything outside the staff area (public pages, the
account, the privacy centre, the customers' own API endpoints).

One rule says what is gated (`gated`): the staff area as a whole, pages and API, by path
prefix, so a new staff page or endpoint under one of the prefixes is gated without a change
here; `staff/tests/test_policy_gate_coverage.py` walks every URL and fails on a staff route
outside it.

Cost: requests outside the gated paths, and people without a customer-data capability, cost
nothing (the grants are the ones the access helper reads for the view anyway); the others cost
one cache round trip (`policy_pending`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from frontdesk.identity.selectors import apitoken_find
from frontdesk.staff.selectors.policy import policy_pending

# The staff pages: the staff area (frontdesk.config.urls mounts it and the apps' staff pages
# under /staff/) and the privacy-request queue, which lives under /privacy/ (frontdesk.privacy).
STAFF_PAGE_PREFIXES = ("/staff/", "/privacy/staff/")
# The staff endpoints of the JSON API (frontdesk.config.api mounts the routers under /api/):
# the queues (boards with customers' names), the shop's customers' orders and shipping
# manifests, and the partner figures of insights (as its pages under /staff/shop/insights/).
STAFF_API_PREFIXES = ("/api/queues/", "/api/shop/staff/", "/api/shop/vendors/", "/api/insights/")
# Customers' endpoints inside those prefixes: never gated.
CUSTOMER_API_PREFIXES = ("/api/queues/public/",)
# The pages a held person must still reach: where they accept the policy, and where it is
# published and its acknowledgements are listed.
OPEN_VIEWS = frozenset({"staff:policy_acknowledge", "staff:policy"})

ACKNOWLEDGE_FIRST = "Acknowledge the security policy first"

Gate = Literal["page", "api"]
PAGE: Gate = "page"
API: Gate = "api"


def gated(path: str) -> Gate | None:
    """`PAGE` for a staff page, `API` for a staff endpoint of the JSON API, else None: the
    one place that says which requests the gate holds."""
    if path.startswith(STAFF_PAGE_PREFIXES):
        return PAGE
    if path.startswith(STAFF_API_PREFIXES) and not path.startswith(CUSTOMER_API_PREFIXES):
        return API
    return None


def _bearer_user(request: HttpRequest) -> Any:
    """The owner of the API token the request presents, found as the API's own TokenAuth
    finds it, so a token cannot open what its owner's session may not."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    api_token = apitoken_find(token.strip())
    return None if api_token is None else api_token.user


class SecurityPolicyGateMiddleware:
    """Holds people at the policy acknowledgement before any customer data (after the
    account gate, so the person has signed in fully)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        kind = gated(request.path)
        if kind == API:
            user = _bearer_user(request) or request.user
            if user.is_authenticated and policy_pending(user):
                return self._refuse_api()
        elif kind == PAGE and request.user.is_authenticated:
            match = request.resolver_match
            if match is not None and match.view_name in OPEN_VIEWS:
                return None
            if policy_pending(request.user):
                return self._redirect(request)
        return None

    @staticmethod
    def _refuse_api() -> HttpResponse:
        response = JsonResponse({"detail": ACKNOWLEDGE_FIRST}, status=403)
        add_never_cache_headers(response)
        return response

    @staticmethod
    def _redirect(request: HttpRequest) -> HttpResponse:
        url = reverse("staff:policy_acknowledge")
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        response = HttpResponseRedirect(url)
        add_never_cache_headers(response)
        return response
