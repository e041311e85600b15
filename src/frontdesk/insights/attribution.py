"""Which source a sale came from, without keeping it against anyone.

How the pieces meet, with the shop unaware of all of it (it sits below insights):
1. A visit that starts on a shop page from another site (or with an `aff` code) leaves its
   `Source` in the visitor's session — only when the visitor has a session anyway (signed in,
   or a page with a form started one): insights never starts a session, never sets a cookie,
   and never follows a browser that sends Global Privacy Control (FD-12).
2. When that visitor's checkout post is answered with the redirect to the payment page, the
   middleware finds the checkout the post placed — the newest of the visitor's cart, placed
   during the request — and holds its source in `CheckoutSource`.
3. The payments app calls `payment_outcome` (registered for purpose "shop.checkout" in
   `InsightsConfig.ready`, like the shop's own handler) inside its signed-webhook transaction:
   a paid checkout is counted under its source in `SourceCheckout`/`SourceSale`, and the held
   source is deleted whatever the outcome. No failure here may undo the payment: it runs in a
   savepoint and is logged, never raised.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.http import HttpRequest

from frontdesk.insights import services
from frontdesk.insights.traffic import PageView, Source
from frontdesk.payments.handlers import PaymentOutcome
from frontdesk.shop.selectors import shop_by_slug
from frontdesk.shop.visitor import request_cart

logger = logging.getLogger(__name__)

SESSION_KEY = "insights.source"


def _has_session(request: HttpRequest) -> bool:
    """Whether the visitor has a session, or this response starts one for its own reasons (a
    form's CSRF token)."""
    session = request.session
    return bool(
        session.session_key or session.modified or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def source_remember(request: HttpRequest, view: PageView) -> None:
    """Keep the source of a visit that starts here, for a checkout later in the session."""
    if not view.entry or not view.source or getattr(request, "gpc", False):
        return
    if _has_session(request):
        request.session[SESSION_KEY] = view.source.as_list()


def checkout_attribute(request: HttpRequest, shop_slug: str, started: datetime) -> None:
    """Hold the session's source for the checkout the request just placed (step 2)."""
    source = Source.from_list(request.session.get(SESSION_KEY))
    if not source or getattr(request, "gpc", False):
        return
    shop = shop_by_slug(shop_slug)
    cart = request_cart(request, shop) if shop is not None else None
    if cart is None:
        return
    placed = cart.checkouts.filter(created_at__gte=started).order_by("-pk").first()
    if placed is not None:
        services.checkout_source_record(checkout=placed, source=source)


def payment_outcome(outcome: PaymentOutcome) -> None:
    """Settle the source of the checkout the payment is for (step 3); never raises."""
    try:
        # atomic itself: a failure rolls back its own savepoint, not the payment's transaction
        services.checkout_source_settle(reference=outcome.payment.reference, outcome=outcome.kind)
    except Exception:
        logger.exception("Could not count the source of payment %s.", outcome.payment.pk)
