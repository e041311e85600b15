"""Global Privacy Control (FD-12, IN-1): a browser sending `Sec-GPC: 1` opts its person out of
marketing and of sharing. The flag rides on the request (`privacy.selectors.gpc_opt_out`), and
for a signed-in person whose marketing consent stands, the no is recorded at once (source
"gpc"): a marketing send is checked against consent at the moment it goes, long after this
request, so the decision must live in the consent record.

Consent is per business (FD-16): the signed-in account is the request's business's own (its
accounts are), and the no is recorded under that business's policy version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from frontdesk.access.models import Organisation
from frontdesk.messaging.selectors import consent_current
from frontdesk.messaging.services import consent_withdraw
from frontdesk.privacy.selectors import GPC_PURPOSES, policy_version


class GpcMiddleware:
    """Sets `request.gpc`: True when the request carries `Sec-GPC: 1`, else False."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The GPC specification defines "1" as the only value that expresses the preference.
        request.gpc = request.headers.get("Sec-GPC", "").strip() == "1"  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if request.gpc and user is not None and user.is_authenticated:  # type: ignore[attr-defined]
            _record_gpc_opt_out(user, getattr(request, "business", None))
        return self.get_response(request)


def _record_gpc_opt_out(user: Any, business: Organisation | None) -> None:
    current = consent_current(user=user)
    standing = [purpose for purpose in sorted(GPC_PURPOSES) if current.get(purpose)]
    if not standing:
        return
    version = policy_version(organisation=business)
    for purpose in standing:
        consent_withdraw(
            actor=user, user=user, purpose=purpose, policy_version=version, source="gpc"
        )
