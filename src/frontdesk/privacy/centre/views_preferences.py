"""Preferences (FD-12, IN-16): consent per purpose and channel, each decision one click to give
and one click to withdraw, recorded with its time and the policy version it was made under.
A browser sending Global Privacy Control (`Sec-GPC: 1`) has said no to marketing: that no is
recorded (see `privacy.middleware`) and a yes is not taken while it is sent. Every decision is
the request's business's (its accounts are its own, FD-16), made under its policy version."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from frontdesk.identity.models import User
from frontdesk.messaging import selectors as messaging
from frontdesk.messaging import services as consent
from frontdesk.messaging.purposes import CONSENT_PURPOSES
from frontdesk.privacy.centre.common import account_view, current_user
from frontdesk.privacy.selectors import GPC_PURPOSES, gpc_opt_out, policy_version

PREFERENCES = "privacy:centre:preferences"


@account_view
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if request.method == "POST":
        return _decide(request, user)
    current = messaging.consent_current(user=user)
    rows = [
        {
            "purpose": purpose,
            "given": current[purpose.name],
            "latest": messaging.consent_latest(user=user, purpose=purpose.name),
            "held_by_gpc": gpc_opt_out(request) and purpose.name in GPC_PURPOSES,
        }
        for purpose in CONSENT_PURPOSES.values()
    ]
    return render(
        request,
        "privacy/centre/preferences.html",
        {
            "rows": rows,
            "gpc": gpc_opt_out(request),
            "history": messaging.consent_history(user=user)[:20],
        },
    )


def _decide(request: HttpRequest, user: User) -> HttpResponse:
    purpose = request.POST.get("purpose", "")
    give = request.POST.get("decision") == "give"
    if purpose not in CONSENT_PURPOSES:
        messages.error(request, "There is no such preference.")
        return redirect(PREFERENCES)
    if give and gpc_opt_out(request) and purpose in GPC_PURPOSES:
        messages.error(
            request,
            "Your browser sends Global Privacy Control, which we honour as a no to marketing. "
            "Turn it off in your browser if you want to say yes here.",
        )
        return redirect(PREFERENCES)
    record = consent.consent_give if give else consent.consent_withdraw
    record(
        actor=user,
        user=user,
        purpose=purpose,
        policy_version=policy_version(organisation=getattr(request, "business", None)),
        source="preferences",
    )
    label = CONSENT_PURPOSES[purpose].label
    messages.success(request, f"{label}: {'yes' if give else 'no'}, from now on.")
    return redirect(PREFERENCES)
