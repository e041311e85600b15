"""`frontdesk business`: operators add businesses, their hosts, brand, contacts and processors."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from frontdesk.access.models import Organisation


def _run(*args: str) -> str:
    out = StringIO()
    call_command("business", *args, stdout=out)
    return out.getvalue()


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_a_business_added_by_command_answers_on_its_host_with_its_name():
    # when
    printed = _run(
        "add",
        "bloom",
        "--name",
        "Bloom & Co",
        "--host",
        "bloom.localhost",
        "--module",
        "shop",
        "--sender",
        "hello@bloom.test",
        "--processor",
        "cards=Stripe Payments Europe",
        "--retention",
        "FRONTDESK_RETENTION_ORDER_DAYS=2555",
    )
    # then
    bloom = Organisation.objects.get(slug="bloom")
    assert "bloom.localhost" in printed
    assert (bloom.modules, bloom.email_sender) == (["shop"], "hello@bloom.test")
    assert bloom.processors == {"cards": "Stripe Payments Europe"}
    assert bloom.retention == {"FRONTDESK_RETENTION_ORDER_DAYS": 2555}
    page = Client(HTTP_HOST="bloom.localhost").get("/")
    assert page.status_code == 200
    assert "Bloom &amp; Co" in page.content.decode()


@pytest.mark.django_db
def test_hosts_can_be_added_and_a_taken_host_is_refused():
    # given
    _run("add", "bloom", "--name", "Bloom")
    # when
    _run("host-add", "bloom", "www.bloom.localhost", "--primary")
    # then
    assert Client(HTTP_HOST="www.bloom.localhost").get("/").status_code == 200
    with pytest.raises(CommandError, match="already belongs"):
        _run("host-add", "bloom", "testserver")
    assert "www.bloom.localhost" in _run("list")


@pytest.mark.django_db
def test_bad_input_changes_nothing():
    # when / then
    with pytest.raises(CommandError):
        _run("add", "bloom", "--name", "Bloom", "--processor", "nobody=Acme")
    with pytest.raises(CommandError):
        _run("add", "bloom", "--name", "Bloom", "--retention", "FRONTDESK_NOTHING=²")
    with pytest.raises(CommandError):
        _run("set", "nowhere", "--name", "X")
    assert not Organisation.objects.filter(slug="bloom").exists()
