"""Global Privacy Control: /.well-known/gpc.json says the site honours it, and a request with
`Sec-GPC: 1` is flagged as an opt-out of marketing and sharing (IN-1, FD-12)."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory

from frontdesk.privacy.middleware import GpcMiddleware
from frontdesk.privacy.selectors import gpc_opt_out

pytestmark = pytest.mark.django_db


@pytest.mark.promise("IN-1")
def test_gpc_json_follows_the_specification(settings):
    # given
    settings.FRONTDESK_PRIVACY_POLICY_DATE = "2026-03-01"
    # when
    response = Client().get("/.well-known/gpc.json")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"gpc": True, "lastUpdate": "2026-03-01"}


@pytest.mark.promise("IN-1")
def test_the_policy_date_is_shown_on_the_policy(settings):
    # given
    settings.FRONTDESK_PRIVACY_POLICY_DATE = "2026-03-01"
    # when
    page = Client().get("/privacy")
    document = json.loads(Client().get("/privacy.json").content)
    # then
    assert b"Last updated 2026-03-01" in page.content
    assert document["updated"] == "2026-03-01"


@pytest.mark.promise("FD-12", "IN-1")
def test_a_request_with_sec_gpc_is_an_opt_out():
    # when: a page is requested through the whole middleware stack
    response = Client().get("/privacy", HTTP_SEC_GPC="1")
    # then
    assert response.wsgi_request.gpc is True  # type: ignore[attr-defined]
    assert gpc_opt_out(response.wsgi_request)


@pytest.mark.promise("FD-12")
@pytest.mark.parametrize("header", [None, "0", "", "yes"])
def test_a_request_without_sec_gpc_1_is_not_an_opt_out(header):
    # given
    extra = {} if header is None else {"HTTP_SEC_GPC": header}
    # when
    response = Client().get("/privacy", **extra)
    # then
    assert response.wsgi_request.gpc is False  # type: ignore[attr-defined]
    assert not gpc_opt_out(response.wsgi_request)


@pytest.mark.promise("FD-12")
def test_the_middleware_sets_the_flag_and_the_selector_reads_the_header_without_it():
    # given
    factory = RequestFactory()
    flagged, unflagged = factory.get("/", HTTP_SEC_GPC="1"), factory.get("/", HTTP_SEC_GPC="1")
    # when
    GpcMiddleware(lambda request: HttpResponse())(flagged)
    # then
    assert flagged.gpc is True  # type: ignore[attr-defined]
    assert gpc_opt_out(flagged)
    assert gpc_opt_out(unflagged)
    assert not gpc_opt_out(factory.get("/"))


def test_the_middleware_runs_after_authentication():
    # then
    middleware = list(settings.MIDDLEWARE)
    assert middleware.index("frontdesk.privacy.middleware.GpcMiddleware") > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )
