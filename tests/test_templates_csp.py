"""Every template keeps to the strict Content-Security-Policy and to autoescaping (QM-4).

No inline <script> or <style>, no style="" attribute, no on<event>= handler, no javascript:
URL, and no way around autoescaping (`|safe`, `|safeseq`, `{% autoescape off %}`). The
allow-list is empty on purpose: markup that must be trusted is built in Python with
`format_html`, where a reviewer sees it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

import frontdesk

pytestmark = [pytest.mark.django_db, pytest.mark.promise("QM-4")]

SOURCE = Path(frontdesk.__file__).parent
RULES = {
    "inline <script> without src": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.I),
    "inline <style> element": re.compile(r"<style\b", re.I),
    "style= attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "on<event>= handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript\s*:", re.I),
    "|safe filter": re.compile(r"\|\s*safe(?:seq)?\b"),
    "autoescape off": re.compile(r"{%\s*autoescape\s+off\s*%}"),
}
ALLOWED: dict[str, set[str]] = {}  # template → rule names; keep it empty


def violations(text: str) -> list[str]:
    return [name for name, rule in RULES.items() if rule.search(text)]


def template_files() -> list[Path]:
    return sorted(
        file
        for folder in SOURCE.rglob("templates")
        if folder.is_dir()
        for file in folder.rglob("*")
        if file.is_file()
    )


def test_the_scan_finds_the_templates():
    names = {file.relative_to(SOURCE).as_posix() for file in template_files()}
    assert "web/templates/web/base.html" in names
    assert "web/templates/web/error.html" in names


@pytest.mark.parametrize(
    "template", template_files(), ids=lambda file: file.relative_to(SOURCE).as_posix()
)
def test_template_keeps_to_the_csp_and_to_autoescaping(template):
    # when
    found = set(violations(template.read_text(encoding="utf-8")))
    # then
    assert found - ALLOWED.get(template.relative_to(SOURCE).as_posix(), set()) == set()


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="module">import x from "/x.js"</script>',
        "<style>body { color: red }</style>",
        '<p style="color: red">x</p>',
        '<div class="card"\n     style="display:none">',
        '<button onclick="go()">Go</button>',
        '<img src="x.png" onerror="steal()">',
        '<body onload="init()">',
        '<a href="javascript:void(0)">x</a>',
        "{{ note|safe }}",
        "{{ notes|safeseq|join:', ' }}",
        "{{ note | safe }}",
        "{% autoescape off %}{{ note }}{% endautoescape %}",
    ],
)
def test_the_scan_catches_each_kind_of_violation(snippet):
    assert violations(snippet) != []


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/queues/ticket.js" defer></script>',
        '{% load sri %}{% script_sri "queues/ticket.js" %}',
        '<a class="button secondary" href="{% url \'web:home\' %}">Back</a>',
        "<p>Sign on at the desk; styles of service vary.</p>",
        "{{ note|safe_join }}",
        '<input name="onwards" value="{{ value }}">',
    ],
)
def test_the_scan_allows_clean_markup(snippet):
    assert violations(snippet) == []


def test_a_script_in_a_value_is_escaped_on_a_page():
    # given
    hostile = '<script>alert("owned")</script>'
    request = RequestFactory().get("/")
    # when
    html = render_to_string(
        "web/error.html", {"title": hostile, "message": hostile, "status": 400}, request=request
    )
    # then
    assert hostile not in html
    escaped = "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;"
    assert f"<h1>{escaped}</h1>" in html
    assert f"<p>{escaped}</p>" in html


def test_a_script_in_the_request_never_reaches_the_page():
    # given
    hostile = "<script>alert(1)</script>"
    # when
    page = Client().get("/", {"q": hostile}, HTTP_X_REQUEST_ID=hostile)
    missing = Client().get("/no-such/" + hostile)
    # then
    for response in (page, missing):
        assert b"<script>alert" not in response.content
