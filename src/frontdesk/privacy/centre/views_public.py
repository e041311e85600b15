"""Asking for an account on hold to be reinstated (IN-23). A deactivated account cannot sign
in, so the form is public; it answers the same whether or not the address has an account, and
records a request only for an account that is on hold."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from frontdesk.privacy import services
from frontdesk.privacy.centre import throttle
from frontdesk.privacy.centre.common import posted
from frontdesk.privacy.centre.forms import ReinstatementForm


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def reinstatement(request: HttpRequest) -> HttpResponse:
    form = ReinstatementForm(posted(request))
    if request.method == "POST":
        if throttle.blocked(request, throttle.REINSTATE_GROUP):
            context = {"form": form, "error": throttle.TOO_MANY}
            return render(request, "privacy/centre/reinstatement.html", context, status=429)
        throttle.count(request, throttle.REINSTATE_GROUP)
        if form.is_valid():
            services.reinstatement_request(
                email=form.cleaned_data["email"], details=form.cleaned_data["details"]
            )
            return render(request, "privacy/centre/reinstatement.html", {"sent": True})
    status = 400 if form.errors else 200
    return render(request, "privacy/centre/reinstatement.html", {"form": form}, status=status)
