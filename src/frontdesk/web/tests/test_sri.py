"""Subresource integrity: the hash in the page matches the bytes the server sends (QL-9)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client

from frontdesk.web.templatetags import sri

pytestmark = [pytest.mark.promise("QL-9")]

TAG = re.compile(r'(?:src|href)="(?P<url>[^"]+)" integrity="(?P<integrity>[^"]+)"')


def _sha384(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def _served(url: str) -> bytes:
    response = Client().get(url)
    assert response.status_code == 200
    return response.getvalue()


def _render(source: str) -> str:
    return Template("{% load sri %}" + source).render(Context({}))


@pytest.fixture
def app_static(tmp_path, settings):
    """A static directory of our own, served by WhiteNoise through the finders."""
    (tmp_path / "probe").mkdir()
    settings.STATICFILES_DIRS = [tmp_path]
    sri._sha384.cache_clear()
    return tmp_path / "probe"


def test_every_page_loads_the_stylesheet_with_a_matching_integrity():
    # when
    page = Client().get("/").content.decode()
    # then
    match = TAG.search(page)
    assert match is not None
    assert 'crossorigin="anonymous"' in page
    assert match["integrity"] == _sha384(_served(match["url"]))


def test_script_sri_renders_a_deferred_script_whose_hash_matches_the_served_file(app_static):
    # given
    (app_static / "ticket.js").write_text("document.title = 'ticket';\n")
    # when
    html = _render('{% script_sri "probe/ticket.js" %}')
    # then
    match = TAG.search(html)
    assert match is not None
    assert html.startswith('<script src="/static/probe/ticket.js" integrity="sha384-')
    assert html.endswith(' crossorigin="anonymous" defer></script>')
    assert match["integrity"] == _sha384(_served(match["url"]))


def test_an_edited_file_gets_a_new_hash(app_static):
    # given
    script = app_static / "ticket.js"
    script.write_text("let a = 1;\n")
    before = sri.integrity("probe/ticket.js")
    # when
    script.write_text("let a = 1; let b = 2;\n")
    # then
    assert sri.integrity("probe/ticket.js") != before
    assert sri.integrity("probe/ticket.js") == _sha384(script.read_bytes())


def test_a_missing_file_fails_loudly():
    with pytest.raises(ValueError, match="not found"):
        sri.integrity("web/no-such-file.js")


def test_production_storage_hashes_the_collected_file_it_serves(tmp_path, settings):
    # given: production's storage, files collected and served from STATIC_ROOT only
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    }
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)
    # when
    html = _render('{% style_sri "web/site.css" %}')
    # then
    match = TAG.search(html)
    assert match is not None
    assert re.fullmatch(r"/static/web/site\.[0-9a-f]{12}\.css", match["url"])
    assert match["integrity"] == _sha384(_served(match["url"]))
