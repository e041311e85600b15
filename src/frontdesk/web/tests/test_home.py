"""Each business's own face: its home page links to what it offers, and its pages carry its
colour from a stylesheet of its own host (FD-16)."""

from __future__ import annotations

import pytest
from conftest import business, host_client
from django.test import Client


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_a_business_page_carries_its_colour_and_the_platform_the_default():
    # given
    bloom = business("Bloom", "bloom", accent_colour="#b5306b")
    # when
    page = host_client(bloom).get("/").content.decode()
    css = host_client(bloom).get("/brand.css")
    platform = host_client(None).get("/").content.decode()
    # then
    assert '<link rel="stylesheet" href="/brand.css">' in page
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    assert "--accent: #b5306b;" in css.content.decode()
    assert "public" in css["Cache-Control"]
    assert "/brand.css" not in platform


@pytest.mark.django_db
def test_a_malformed_colour_is_never_written_into_the_stylesheet():
    # given: a colour that would break out of the declaration
    bloom = business("Bloom", "bloom", accent_colour="red;}*{")
    # when
    css = host_client(bloom).get("/brand.css").content.decode()
    # then
    assert css == ""


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_a_business_home_links_to_the_modules_it_uses():
    # given
    shop_only = business("Bloom", "bloom", modules=["shop"])
    software = business("Softly", "softly", modules=["licensing", "support"])
    # when
    shop_page = host_client(shop_only).get("/").content.decode()
    software_page = host_client(software).get("/").content.decode()
    # then
    assert "/software/" not in shop_page
    assert 'href="/software/"' in software_page
    assert 'href="/support/"' in software_page


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_a_mistyped_demo_host_lists_the_businesses_at_its_root_only():
    # given
    business("Bloom", "bloom")
    client = Client(HTTP_HOST="blom.localhost")
    # when
    root = client.get("/")
    other = client.get("/privacy")
    # then
    assert root.status_code == 200
    assert "http://bloom.localhost" in root.content.decode()
    assert other.status_code == 400
