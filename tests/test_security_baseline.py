"""The security baseline across the whole site: headers, error pages, no stray files, and the
production settings checked in a fresh process (QM-3, QM-4, QM-5, QL-4, IN-7, QM-8).

This module is also the URLconf of its own tests: the real site plus views that raise or that
try to leak a server banner.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import subprocess
import sys
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import include, path

import frontdesk
from frontdesk.config import urls as site_urls
from frontdesk.vault.masters import new_key_text

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("internal detail 7f3a: /srv/frontdesk/secret.py line 12")


def _banner(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("ok")
    response["Server"] = "WSGIServer/0.2 CPython/3.11.9"
    response["X-Powered-By"] = "Django/5.2"
    return response


urlpatterns = [
    path("test-boom/", _boom),
    path("api/test-boom/", _boom),
    path("test-banner/", _banner),
    path("", include(site_urls)),
]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500

VERSIONS = (django.get_version(), platform.python_version(), frontdesk.__version__)
PAGES = {
    "page": "/",
    "error page": "/no/such/page/",
    "API response": "/api/openapi.json",
    "API error": "/api/no-such-endpoint",
    "server error": "/test-boom/",
    "API server error": "/api/test-boom/",
    "health probe": "/healthz",
    "security.txt": "/.well-known/security.txt",
    "static file": "/static/web/site.css",
}


def _get(url: str):  # returns the test client's response (untyped: stubs lack .content)
    return Client(raise_request_exception=False).get(url)


def _headers_text(response: HttpResponseBase) -> str:
    return "\n".join(f"{name}: {value}" for name, value in response.headers.items())


@pytest.mark.promise("QM-3", "QM-4")
@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_security_headers_on_every_kind_of_response(url):
    # when
    response = _get(url)
    # then
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    for feature in ("camera=()", "microphone=()", "geolocation=()", "interest-cohort=()"):
        assert feature in response["Permissions-Policy"]


@pytest.mark.promise("QM-3", "QM-4", "QL-6")
def test_security_headers_on_the_rate_limit_page(settings):
    # given
    settings.FRONTDESK_RATE_LIMIT = "1/m"
    _get("/")
    # when
    response = _get("/")
    # then
    assert response.status_code == 429
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.promise("QM-3")
@pytest.mark.parametrize("url", [*PAGES.values(), "/test-banner/"])
def test_no_response_describes_the_server(url):
    # when
    headers = _headers_text(_get(url))
    # then
    assert "Server:" not in headers
    assert "X-Powered-By" not in headers
    for leak in ("Django", "WSGIServer", "CPython", *VERSIONS):
        assert leak not in headers


@pytest.mark.promise("QM-3")
def test_an_exception_gives_our_500_page_without_a_trace():
    # when
    response = _get("/test-boom/")
    # then
    body = response.content
    assert response.status_code == 500
    assert b"Something went wrong" in body
    for leak in (b"Traceback", b"RuntimeError", b"7f3a", b"secret.py", b"Django"):
        assert leak not in body
    for version in VERSIONS:
        assert version.encode() not in body


@pytest.mark.promise("QM-3")
def test_an_api_exception_gives_json_without_a_trace():
    # when
    response = _get("/api/test-boom/")
    # then
    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": "The error was logged. Please try again."}


@pytest.mark.promise("QM-3")
def test_debug_is_off_under_the_default_settings(settings):
    assert settings.DEBUG is False


@pytest.mark.promise("QM-3")
@pytest.mark.parametrize(
    "url",
    [
        "/static/",
        "/static/web/",
        "/static/../settings.py",
        "/static/..%2fconfig/settings.py",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/web/../../config/settings.py",
        "/.git/config",
        "/.env",
        "/var/frontdesk.sqlite3",
        "/var/secret_key",
        "/pyproject.toml",
        "/media/",
    ],
)
def test_no_directory_listing_and_no_stray_files(url):
    # when
    response = _get(url)
    # then
    assert response.status_code == 404
    assert b"Not found" in response.content
    assert b"Index of" not in response.content


# Every model field holding an uploaded file, with how its file is served. A new one fails
# the test below until it is added here with a test that its view sends it as an attachment.
UPLOADS = {"shop.ProductImage.file": "shop/tests/test_images.py: served as an attachment"}


@pytest.mark.promise("QM-4")
def test_every_upload_is_known_and_served_as_an_attachment_never_inline(db, tmp_path, settings):
    """Uploads must never be served inline as HTML (QM-4): nosniff is on everywhere, and the
    view of every file field sends `Content-Disposition: attachment` and a sandboxing CSP."""
    # given: the file fields of every model
    file_fields = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert file_fields == set(UPLOADS)
    # when: a product photo (the one upload there is) is fetched
    from frontdesk.access import services as access
    from frontdesk.shop import services as shop

    settings.FRONTDESK_MEDIA_ROOT = str(tmp_path)
    organisation = access.organisation_create(name="Uploads", slug="uploads")
    store = shop.shop_create(
        actor=None, organisation=organisation, name="Uploads", slug="up", order_prefix="UP"
    )
    vendor = shop.vendor_create(actor=None, shop=store, name="Uploads")
    item = shop.product_create(actor=None, vendor=vendor, name="Rose", price="2.00", stock=1)
    png = Path(frontdesk.__file__).parent / "shop/static/shop/products/roses.png"
    with png.open("rb") as upload:
        photo = shop.product_image_add(actor=None, product=item, upload=upload, alt_text="")
    response = Client(HTTP_HOST="uploads.localhost").get(photo.url)  # the shop's business's host
    # then
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


# --- Production settings, each in a fresh process ---------------------------------------------


def _frontdesk_command() -> list[str]:
    beside = Path(sys.executable).with_name("frontdesk")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "frontdesk.cli"]


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("FRONTDESK_", "DJANGO_"))
        and name not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    }
    env |= {
        "FRONTDESK_ENV": "production",
        "FRONTDESK_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "".join(
            secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(64)
        ),
        "ALLOWED_HOSTS": "frontdesk.example.org",
        "DJANGO_SETTINGS_MODULE": "frontdesk.config.settings",
        "FRONTDESK_MASTER_KEYS": f"m1:{new_key_text()}",
        "FRONTDESK_INDEX_KEY": new_key_text(),
    }
    return env | extra


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.promise("QM-5", "QL-4", "IN-7", "QM-8", "QM-3")
def test_production_passes_the_deployment_checks(tmp_path):
    # when
    result = _run(
        [*_frontdesk_command(), "check", "--deploy", "--fail-level", "WARNING"],
        _production_env(tmp_path),
    )
    # then
    assert result.returncode == 0, result.stdout + result.stderr


PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
names = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
         "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_NAME"]
print(json.dumps({name: getattr(s, name) for name in names}))
"""


@pytest.mark.promise("QM-5", "QL-4", "IN-7", "QM-3")
def test_production_serves_https_only_and_never_debug(tmp_path):
    # given: someone tries to switch debugging on in production
    env = _production_env(tmp_path, FRONTDESK_DEBUG="1")
    # when
    result = _run([sys.executable, "-c", PRINT_SETTINGS], env)
    # then
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_NAME": "__Host-fd_session",
    }


@pytest.mark.promise("QM-5", "QM-8")
@pytest.mark.parametrize("secret_key", ["", "too-short"], ids=["missing", "short"])
def test_production_refuses_to_start_without_a_secret_key(tmp_path, secret_key):
    # given
    env = _production_env(tmp_path)
    env["SECRET_KEY"] = secret_key
    # when
    result = _run([*_frontdesk_command(), "check"], env)
    # then
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
