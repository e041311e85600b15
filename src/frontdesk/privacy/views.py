"""The published privacy policy of the host's business (or of the platform on the platform
host): for people (`/privacy`), for machines (`/privacy.json`), and the Global Privacy Control
support file (`/.well-known/gpc.json`). Public, and they set no cookie: nothing here writes to
the session or renders a form (IN-6)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from frontdesk.privacy import selectors
from frontdesk.privacy.policy_page import policy_page


def _document(request: HttpRequest) -> dict[str, Any]:
    """The policy of the request's business (`request.business`; None on the platform host,
    where the bound tenant gives the platform's)."""
    return selectors.policy_document(organisation=getattr(request, "business", None))


@login_not_required
@require_safe
def policy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/policy.html", policy_page(_document(request)))


@login_not_required
@require_safe
def policy_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse(_document(request), json_dumps_params={"indent": 2})


@login_not_required
@require_safe
def gpc_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse(selectors.gpc_document())
