"""The published privacy policy (/privacy, /privacy.json) says everything the declarations say:
every declared field and cookie, recipients, retention with its effective period, rights and
contacts; and it sets no cookie (FD-1, IN-1, IN-6, IN-17, IN-25, JF-8).

Acme, the business of the test client's host, uses every module: its policy lists every
declaration. What differs per business is proven in test_policy_per_business.py."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape
from django.utils.text import capfirst

from frontdesk.access.hosts import primary_host
from frontdesk.core import declarations
from frontdesk.privacy import selectors
from frontdesk.privacy.policy_page import plain, stored_as

pytestmark = pytest.mark.django_db

TOP_KEYS = {
    "version",
    "updated",
    "controller",
    "contacts",
    "data",
    "cookies",
    "rights",
    "gpc",
    "platform",
}
DATA_KEYS = {
    "model",
    "fields",
    "category",
    "label",
    "purpose",
    "basis",
    "recipients",
    "retention",
    "erasure",
}
RETENTION_KEYS = {"description", "days", "setting", "starts"}
RECIPIENT_KEYS = {"name", "role", "service", "receives"}
COOKIE_KEYS = {"name", "purpose", "lifetime", "party", "essential"}
RIGHT_KEYS = {"right", "name", "description", "how"}


def _html() -> str:
    response = Client().get("/privacy")
    assert response.status_code == 200
    return response.content.decode()


def _json() -> dict[str, Any]:
    response = Client().get("/privacy.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document: dict[str, Any] = json.loads(response.content)
    return document


def _sms_phone(document: dict[str, Any]) -> dict[str, Any]:
    return next(
        entry
        for entry in document["data"]
        if entry["model"] == "messaging.SmsMessage" and "to_phone" in entry["fields"]
    )


@pytest.mark.promise("FD-1")
def test_every_declared_field_is_on_the_page():
    # when
    html = _html()
    # then: a declaration added to any app's privacy.py is required here without a test change,
    # each field named in words where it is kept, never by its model path
    for item in declarations.personal_data():
        where = escape(stored_as(item.model, list(item.fields)))
        assert where in html, f"{item.model} {item.fields} missing"
        for name in item.fields:
            assert f"{item.model}.{name}" not in html
        assert escape(plain(item.purpose)) in html
        assert escape(selectors.category_label(item.category)) in html
        assert escape(selectors.BASIS_LABELS[item.basis]) in html
        assert escape(selectors.ERASURE_LABELS[item.erasure]) in html


@pytest.mark.promise("FD-1", "IN-1")
def test_every_declared_field_is_in_the_json():
    # when
    document = _json()
    # then
    published = {(entry["model"], name) for entry in document["data"] for name in entry["fields"]}
    declared = {(item.model, name) for item in declarations.personal_data() for name in item.fields}
    assert published == declared
    assert declared


@pytest.mark.promise("FD-1", "IN-17")
def test_every_declared_cookie_is_in_the_table_with_purpose_and_lifetime():
    # when
    html, document = _html(), _json()
    # then
    for cookie in declarations.cookies():
        assert f"<code>{escape(cookie.name)}</code>" in html
        assert escape(plain(cookie.purpose)) in html
        assert escape(capfirst(cookie.lifetime)) in html
    assert [c["name"] for c in document["cookies"]] == [c.name for c in declarations.cookies()]
    assert settings.SESSION_COOKIE_NAME in [c["name"] for c in document["cookies"]]
    assert "No other cookie is set" in html


@pytest.mark.promise("FD-1", "QM-1")
def test_the_sms_phone_names_its_recipient_and_retention():
    # when
    html, entry = _html(), _sms_phone(_json())
    # then
    assert entry["recipients"] == [
        {
            "name": "The SMS provider",  # Acme names no SMS provider of its own
            "role": "processor",
            "service": "",
            "receives": "the phone number and the text of the message, only to deliver it",
        }
    ]
    assert entry["retention"] == {
        "description": "30 days after the message is sent",
        "days": 30,
        "setting": "FRONTDESK_RETENTION_SMS_DAYS",
        "starts": "the message is sent",
    }
    assert entry["basis"] == "consent"
    assert entry["label"] == "Phone number"
    assert "<strong>The SMS provider</strong> (processor) receives the phone number" in html
    assert "30 days after the message is sent" in html


@pytest.mark.promise("FD-1")
def test_retention_follows_the_overriding_setting(settings):
    # given: the deployment keeps SMS for a week instead of the declared 30 days
    settings.FRONTDESK_RETENTION_SMS_DAYS = 7
    # when
    html, entry = _html(), _sms_phone(_json())
    # then
    assert entry["retention"]["days"] == 7
    assert entry["retention"]["description"] == "7 days after the message is sent"
    assert "7 days after the message is sent" in html
    assert "30 days after the message is sent" not in html


def test_retention_without_a_setting_keeps_the_declared_days():
    # given: a declaration whose setting the deployment does not define
    retention = declarations.Retention(starts="x", days=12, setting="FRONTDESK_NOT_A_SETTING")
    # then
    assert selectors.retention_days(retention) == 12
    assert selectors.retention_days(declarations.Retention(starts="x")) is None
    assert selectors.retention_description(declarations.Retention(starts="y", days=0)) == "until y"


@pytest.mark.promise("IN-25", "JF-8", "FD-16")
def test_the_businesss_privacy_and_security_contacts_are_published(settings):
    # given: the deployment's own contacts, which Acme's replace
    settings.FRONTDESK_PRIVACY_CONTACT = "mailto:dpo@frontdesk.example.org"
    settings.FRONTDESK_SECURITY_CONTACT = "https://frontdesk.example.org/security"
    # when
    html, document = _html(), _json()
    # then
    assert 'href="mailto:privacy@acme.test">privacy@acme.test</a>' in html
    assert 'href="mailto:security@acme.test">security@acme.test</a>' in html
    assert 'href="/.well-known/security.txt"' in html
    assert document["contacts"] == {
        "privacy": "mailto:privacy@acme.test",
        "security": "mailto:security@acme.test",
    }
    assert "frontdesk.example.org" not in html


@pytest.mark.promise("IN-25", "JF-8")
def test_a_business_without_contacts_publishes_the_deployments(settings, organisation):
    # given
    settings.FRONTDESK_PRIVACY_CONTACT = "mailto:dpo@frontdesk.example.org"
    settings.FRONTDESK_SECURITY_CONTACT = "https://frontdesk.example.org/security"
    organisation.privacy_contact = organisation.security_contact = ""
    organisation.save()
    # when
    html, document = _html(), _json()
    # then
    assert 'href="mailto:dpo@frontdesk.example.org">dpo@frontdesk.example.org</a>' in html
    assert 'href="https://frontdesk.example.org/security"' in html
    assert document["contacts"] == {
        "privacy": "mailto:dpo@frontdesk.example.org",
        "security": "https://frontdesk.example.org/security",
    }


@pytest.mark.promise("FD-16")
def test_the_controller_is_the_business_on_its_own_address(settings, organisation):
    # given
    settings.FRONTDESK_SITE_NAME = "Frontdesk"
    settings.SITE_URL = "https://frontdesk.example.org"
    # when
    html, document = _html(), _json()
    # then: the business of the host, at its own address; the platform runs the site for it
    address = f"https://{primary_host(organisation)}"
    assert document["controller"] == {"name": "Acme Services", "url": address}
    assert "<strong>Acme Services</strong>" in html
    assert document["platform"]["name"] == "Frontdesk"
    assert document["platform"]["role"] == "processor"


@pytest.mark.promise("IN-1")
def test_the_rights_and_how_to_use_them_are_listed():
    # when
    html, document = _html(), _json()
    # then
    assert [right["right"] for right in document["rights"]] == [
        "access",
        "correction",
        "erasure",
        "objection",
        "complaint",
    ]
    for right in document["rights"]:
        assert escape(right["name"]) in html
        assert right["how"]
    assert "Sec-GPC: 1" in html


@pytest.mark.promise("IN-6", "FD-1")
@pytest.mark.parametrize("path", ["/privacy", "/privacy.json", "/.well-known/gpc.json"])
def test_the_policy_sets_no_cookie(path):
    # when
    response = Client().get(path)
    # then
    assert response.status_code == 200
    assert dict(response.cookies) == {}


@pytest.mark.promise("IN-1")
def test_the_json_has_its_whole_structure():
    # when
    document = _json()
    # then
    assert set(document) == TOP_KEYS
    assert document["gpc"] is True
    assert set(document["contacts"]) == {"privacy", "security"}
    assert set(document["controller"]) == {"name", "url"}
    assert document["data"]
    for entry in document["data"]:
        assert set(entry) == DATA_KEYS
        assert set(entry["retention"]) == RETENTION_KEYS
        assert all(set(recipient) == RECIPIENT_KEYS for recipient in entry["recipients"])
        assert entry["basis"] in {str(basis) for basis in declarations.Basis}
        assert entry["erasure"] in {str(erasure) for erasure in declarations.Erasure}
        assert entry["fields"]
    assert all(set(cookie) == COOKIE_KEYS for cookie in document["cookies"])
    assert all(set(right) == RIGHT_KEYS for right in document["rights"])


@pytest.mark.promise("IN-1", "FD-12")
def test_the_version_changes_when_a_declaration_changes(organisation):
    # given: the declarations, and the same with one retention period changed
    data = declarations.personal_data()
    changed = [replace(data[0], retention=replace(data[0].retention, days=999)), *data[1:]]
    cookie_list = declarations.cookies()
    fewer_cookies = cookie_list[1:]

    def version_of(**given: Any) -> str:
        return selectors.policy_version(organisation=organisation, **given)

    # when
    version = version_of(data=data, cookie_list=cookie_list)
    # then
    assert len(version) == 12
    assert int(version, 16) >= 0
    assert version == version_of(data=list(data), cookie_list=list(cookie_list))
    assert version != version_of(data=changed, cookie_list=cookie_list)
    assert version != version_of(data=data, cookie_list=fewer_cookies)
    assert version == version_of()
    assert _json()["version"] == version
    assert version in _html()


@pytest.mark.promise("FD-1")
def test_unknown_categories_read_as_words():
    # then
    assert selectors.category_label("network.ip") == "IP address"
    assert selectors.category_label("contact.email") == "E-mail address"
    assert selectors.category_label("payment.card_last4") == "Payment: card last4"


def test_the_page_is_linked_from_every_page_and_refuses_writes():
    # when
    home = Client().get("/")
    posted = Client().post("/privacy")
    # then
    assert b'href="/privacy"' in home.content
    assert posted.status_code == 405
