"""The published privacy policy: for people (`/privacy`), for machines (`/privacy.json`), and
the Global Privacy Control support file (`/.well-known/gpc.json`). Public, and they set no
cookie: nothing here writes to the session or renders a form (IN-6)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from frontdesk.privacy import selectors


@login_not_required
@require_safe
def policy(request: HttpRequest) -> HttpResponse:
    page = selectors.policy_page(selectors.policy_document())
    return render(request, "privacy/policy.html", page)


@login_not_required
@require_safe
def policy_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse(selectors.policy_document(), json_dumps_params={"indent": 2})


@login_not_required
@require_safe
def gpc_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse(selectors.gpc_document())
