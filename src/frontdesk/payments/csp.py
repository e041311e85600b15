"""Letting a checkout form reach the provider's hosted page.

The site's CSP allows forms to go to 'self' only; browsers apply `form-action` to the redirect
that follows a form post too. A page whose form leads (via a redirect) to the hosted payment
page adds the configured provider's origin, for that response only:

    response = render(request, "shop/checkout.html", ...)
    allow_payment_form_action(response)
"""

from __future__ import annotations

from django.http import HttpResponseBase

from frontdesk.payments.selectors import checkout_origin


def allow_payment_form_action(response: HttpResponseBase) -> HttpResponseBase:
    origin = checkout_origin()
    if origin:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["form-action"] = [*update.get("form-action", []), origin]
        response._csp_update = update  # type: ignore[attr-defined] # django-csp's per-response hook
    return response
