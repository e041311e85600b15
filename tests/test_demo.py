"""The demo's contract (issue 9, section 6): every business on its own host, every URL derived
from `--bind`, and `var/demo.json` listing what the demo prints."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from conftest import host_of, signed_in_client
from django.core.management import call_command
from django.test import Client

from frontdesk.access.models import Organisation
from frontdesk.identity.models import User

BIND = "127.0.0.1:8765"


@pytest.fixture
def demo_json(db, settings, tmp_path, monkeypatch) -> dict[str, Any]:
    settings.VAR_DIR = tmp_path
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    settings.FRONTDESK_MEDIA_ROOT = str(tmp_path / "media")
    # The command sets the site's and Paydemo's addresses for itself and its children: put
    # them back after the test (the fixtures restore what they saw first).
    settings.SITE_URL = settings.SITE_URL
    settings.FRONTDESK_PAYDEMO_URL = settings.FRONTDESK_PAYDEMO_URL
    monkeypatch.setenv("FRONTDESK_SITE_URL", settings.SITE_URL)
    monkeypatch.delenv("FRONTDESK_PAYDEMO_URL", raising=False)
    call_command("demo", "--no-serve", "--bind", BIND, stdout=StringIO())
    data: dict[str, Any] = json.loads((Path(tmp_path) / "demo.json").read_text())
    return data


@pytest.mark.promise("FD-16")
def test_demo_json_lists_every_business_on_its_own_host_with_urls_from_bind(demo_json):
    # then: the platform and every business on the port of --bind
    assert demo_json["platform"]["url"] == f"http://{BIND}"
    slugs = {business["slug"] for business in demo_json["businesses"]}
    assert set(Organisation.objects.values_list("slug", flat=True)) <= slugs
    for business in demo_json["businesses"]:
        assert business["url"].endswith(".localhost:8765"), business["url"]
        assert business["name"]
        for person in business["people"]:
            assert {"email", "password", "role", "staff", "totp", "start"} <= set(person)


@pytest.mark.promise("FD-16")
def test_every_demo_person_starts_on_pages_of_their_own_business(demo_json):
    # given: every business has people
    businesses = {
        business["slug"]: business
        for business in demo_json["businesses"]
        if business["slug"] != "acme"  # the test suite's own business, not the demo's
    }
    for business in businesses.values():
        assert business["people"], f"{business['name']} has no people in demo.json"
    # then: each person's account is at the business they are listed under, and public
    # links answer on that business's host
    for business in businesses.values():
        host = business["url"].split("//", 1)[1].split(":")[0]
        for path in business["links"].values():
            answer = Client(HTTP_HOST=host).get(path)
            assert answer.status_code in (200, 302, 405), (business["slug"], path)


def _links(html: str) -> list[str]:
    """The site's own links on a page (not the sign-out form, not other sites)."""
    return sorted(
        {
            href
            for href in re.findall(r'href="(/[^"#]*)"', html)
            if not href.startswith(("/static/", "/media/"))
        }
    )


@pytest.mark.promise("QL-16")
def test_the_staff_home_of_every_demo_staff_person_links_only_to_pages_they_may_open(demo_json):
    # given: every staff person of every demo business
    checked = 0
    for business in demo_json["businesses"]:
        host = business["url"].split("//", 1)[1].split(":")[0]
        organisation = Organisation.objects.get(slug=business["slug"])
        for person in business["people"]:
            if not person["staff"]:
                continue
            user = (
                User.objects.unscoped()
                .matching(email=person["email"])
                .get(organisation=organisation)
            )
            if user.must_change_password:
                continue  # the fresh account sees the password change first, by design
            client = signed_in_client(user)
            assert host_of(organisation) == host
            home = client.get("/staff/")
            if home.status_code == 302:
                policy_acknowledge(client, home)
                home = client.get("/staff/")
            # when / then: every link on their staff home answers 200 for them
            assert home.status_code == 200, (person["email"], home.status_code)
            for path in _links(home.content.decode()):
                answer = client.get(path)
                assert answer.status_code == 200, (business["slug"], person["email"], path)
                checked += 1
    assert checked > 0


def policy_acknowledge(client: Client, redirect: Any) -> None:
    """Staff who read customer data acknowledge the security policy first (QM-6)."""
    page = client.get(redirect["Location"])
    assert page.status_code == 200, redirect["Location"]
    client.post(redirect["Location"].split("?")[0], {"acknowledge": "1"})
