"""What a request to the shop says about traffic, reduced to what may be kept (QM-15, JF-3):
which public page it is, the path without its query string or a checkout's opaque id, the
referring site's host name only, the `aff` campaign code when it is a short token, and the
client's network (/24 or /48). Pure functions of the request: nothing here writes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.http.request import split_domain_port

from frontdesk.core.net import client_ip, network_of
from frontdesk.insights.models import CAMPAIGN_MAX, HOST_MAX

# The shop's public pages (its URL names). Not the Personal Shopping Account (/shop/account/),
# not the staff pages, not the API, not the form posts behind the pages.
PUBLIC_PAGES = frozenset(
    {"home", "product", "cart", "checkout", "checkout_status", "checkout_cancelled", "order_form"}
)
CAMPAIGN_PARAMETER = "aff"
PATH_MAX = 200
_CAMPAIGN = re.compile(rf"^[A-Za-z0-9_.-]{{1,{CAMPAIGN_MAX}}}$")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
# Where the payment provider sends the buyer back: a return, never the start of a visit (the
# provider's page would otherwise pass for a site that sends visitors).
RETURN_PAGES = frozenset({"checkout_status", "checkout_cancelled"})
# Opaque ids in a path (a checkout's) are replaced by this: the log must not tie a visit to one.
HIDDEN = "-"
_OPAQUE_KWARGS = ("public_id",)


@dataclass(frozen=True)
class Source:
    """Where a visit came from: the referring site's host ("" when none, or this site) and the
    campaign code ("" when none)."""

    referrer_host: str = ""
    campaign: str = ""

    def __bool__(self) -> bool:
        return bool(self.referrer_host or self.campaign)

    def as_list(self) -> list[str]:
        return [self.referrer_host, self.campaign]

    @classmethod
    def from_list(cls, value: object) -> Source:
        """Read back `as_list()` (from the session); anything else is no source."""
        if not isinstance(value, list) or len(value) != 2:  # noqa: PLR2004
            return cls()
        host, campaign = value
        return cls(referrer_host=clean_host(host), campaign=clean_campaign(campaign))


@dataclass(frozen=True)
class PageView:
    """One view of a public page, as it may be kept."""

    shop_slug: str
    path: str
    entry: bool
    source: Source
    network: str


def public_page(request: HttpRequest) -> str | None:
    """The shop's slug when the request resolved to one of its public pages, else None."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "shop" or match.url_name not in PUBLIC_PAGES:
        return None
    slug = match.kwargs.get("shop_slug")
    return slug if isinstance(slug, str) else None


def clean_host(value: object) -> str:
    host = value.strip().lower().rstrip(".") if isinstance(value, str) else ""
    return host if len(host) <= HOST_MAX and _HOST.match(host) else ""


def clean_campaign(value: object) -> str:
    return value if isinstance(value, str) and _CAMPAIGN.match(value) else ""


def referrer_host(request: HttpRequest) -> str | None:
    """The referring page's host name; "" when there is none (typed, bookmarked, or hidden by
    the browser); None when the referrer is a page of this site."""
    referer = request.headers.get("Referer", "")
    if not referer:
        return ""
    try:
        host = urlsplit(referer).hostname or ""
    except ValueError:
        return ""
    own, _ = split_domain_port(request.get_host())
    if host.lower() == own.strip("[]"):
        return None
    return clean_host(host)


def kept_path(request: HttpRequest) -> str:
    """The path without the query string, its opaque ids replaced by HIDDEN."""
    path = request.path
    match = request.resolver_match
    for name in _OPAQUE_KWARGS:
        value = match.kwargs.get(name) if match is not None else None
        if isinstance(value, str) and value:
            path = path.replace(value, HIDDEN)
    return path[:PATH_MAX]


def page_view(request: HttpRequest, shop_slug: str) -> PageView:
    match = request.resolver_match
    returning = match is not None and match.url_name in RETURN_PAGES
    host = None if returning else referrer_host(request)
    campaign = clean_campaign(request.GET.get(CAMPAIGN_PARAMETER, ""))
    return PageView(
        shop_slug=shop_slug,
        path=kept_path(request),
        entry=host is not None,
        source=Source(referrer_host=host or "", campaign=campaign),
        network=network_of(client_ip(request)) or "",
    )
