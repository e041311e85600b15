"""The staff pages load their own script and stylesheet as files with integrity hashes: the
Content-Security-Policy forbids inline code (QM-4) and browsers check the hashes (QL-9)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse


@pytest.mark.promise("QM-4", "QL-9")
def test_staff_pages_load_their_assets_with_integrity(login, organisation, owner, member):
    # given
    person = reverse("staff:person", args=[organisation.pk, member.pk])
    # when
    page = login(owner).get(person).content.decode()
    # then
    script = re.search(r'<script src="([^"]+confirm\.js)" integrity="sha384-[^"]+"', page)
    style = re.search(r'<link rel="stylesheet" href="([^"]+staff\.css)" integrity="sha384-', page)
    assert script is not None
    assert style is not None
    assert "<script>" not in page
    assert "style=" not in page
