"""Each business is its own controller (FD-16): its `/privacy`, `/privacy.json` and cookie table
name it, and no other business, as controller; list only the declarations of the modules it
uses; name its own processors and contacts; and carry a version of their own. The page is
written for its readers: a layered summary first, with links into the privacy centre, and no
promise ids or model paths. On the platform host the operator's policy covers its own pages
and links to every business's policy."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import business, host_client, host_of
from django.urls import reverse
from django.utils.html import escape

from frontdesk.access.hosts import absolute_url
from frontdesk.access.models import MODULES, PROCESSOR_ROLES, Organisation
from frontdesk.core import declarations
from frontdesk.privacy import publishers, selectors

pytestmark = pytest.mark.django_db

# Businesses like the demo's: what each uses, and the companies its customers' data goes to.
DEMO_LIKE: dict[str, dict[str, Any]] = {
    "qless": {
        "name": "QLess Demo Services",
        "modules": ["queues"],
        "privacy_contact": "privacy@qless.test",
        "security_contact": "security@qless.test",
        "processors": {"sms": "Twilio Ireland Ltd (SMS delivery)"},
    },
    "julie-floral": {
        "name": "Julie Floral",
        "modules": ["shop"],
        "privacy_contact": "privacy@juliefloral.test",
        "security_contact": "security@juliefloral.test",
        "processors": {
            "cards": "Paydemo Payments Ltd (card payments)",
            "shipping": "Bloom Couriers Ltd (flower delivery)",
            "mailing": "Petal Post Mailings Ltd (promotional e-mail)",
        },
    },
    "qmobility": {
        "name": "QMobility",
        "modules": ["shop"],
        "privacy_contact": "privacy@qmobility.test",
        "security_contact": "security@qmobility.test",
        "processors": {
            "cards": "Paydemo Payments Ltd (card payments)",
            "shipping": "Parcel Motion BV (parcel delivery)",
            "mailing": "Ride Mail Services Ltd (promotional e-mail)",
        },
    },
    "infacta": {
        "name": "Infacta",
        "modules": ["licensing", "support", "promotions", "misuse"],
        "privacy_contact": "privacy@infacta.test",
        "security_contact": "security@infacta.test",
        "processors": {"partners": "Plimus, Emetrix and RegSoft (our e-commerce partners)"},
    },
}

# The ids of the specification's promises, and a model path ("audit.AuditEvent.ip").
PROMISE_ID = re.compile(r"\b(?:FD|IN|JF|QL|QM)-\d+\b")
MODEL_PATH = re.compile(r"\b[a-z_]+\.[A-Z][A-Za-z]+\b")


@pytest.fixture
def businesses(organisation: Organisation) -> dict[str, Organisation]:
    """The demo-like businesses, beside Acme (the default business, every module)."""
    made = {}
    for slug, details in DEMO_LIKE.items():
        name, rest = details["name"], {k: v for k, v in details.items() if k != "name"}
        made[slug] = business(name, slug, **rest)
    return {"acme": organisation, **made}


def _page(organisation: Organisation | None, path: str = "/privacy") -> str:
    response = host_client(organisation).get(path)
    assert response.status_code == 200, (host_of(organisation), path)
    return response.content.decode()


def _document(organisation: Organisation | None) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_page(organisation, "/privacy.json"))
    return document


def _models(document: dict[str, Any]) -> set[str]:
    return {entry["model"] for entry in document["data"]}


@pytest.mark.promise("FD-16")
@pytest.mark.parametrize("slug", ["acme", *DEMO_LIKE])
def test_each_businesss_policy_names_it_and_no_other_as_controller(slug, businesses):
    # given
    own = businesses[slug]
    others = [other.name for key, other in businesses.items() if key != slug]
    # when
    html, document = _page(own), _document(own)
    # then: it is the controller, at its own address, with its own contacts
    assert document["controller"] == {"name": own.name, "url": absolute_url("", own)}
    assert f"<strong>{escape(own.name)}</strong>" in html
    assert document["contacts"]["privacy"] == f"mailto:{own.privacy_contact}"
    assert document["contacts"]["security"] == f"mailto:{own.security_contact}"
    # and no other business is named anywhere, in the page or in the JSON
    for name in others:
        assert escape(name) not in html, name
        assert name not in json.dumps(document), name


@pytest.mark.promise("FD-16", "FD-1")
@pytest.mark.parametrize("slug", ["acme", *DEMO_LIKE])
def test_a_policy_lists_only_the_declarations_of_the_modules_the_business_uses(slug, businesses):
    # given
    own = businesses[slug]
    apps = publishers.policy_apps(own)
    # when
    document = _document(own)
    # then: exactly its apps' data and cookies
    published = {(entry["model"], tuple(entry["fields"])) for entry in document["data"]}
    assert published == {(i.model, i.fields) for i in declarations.personal_data(apps)}
    assert [c["name"] for c in document["cookies"]] == [c.name for c in declarations.cookies(apps)]


@pytest.mark.promise("FD-16")
def test_a_queue_business_lists_no_shop_licence_or_support_data(businesses):
    # when
    models = _models(_document(businesses["qless"]))
    # then
    assert "queues.Ticket" in models
    assert "messaging.SmsMessage" in models  # the platform's apps are always listed
    for label in ("shop.Order", "licensing.Licence", "support.Ticket", "insights.Visit"):
        assert label not in models


@pytest.mark.promise("FD-16")
def test_a_shop_lists_its_orders_and_cart_cookie_but_no_queue_tickets(businesses, settings):
    # when
    document = _document(businesses["julie-floral"])
    # then
    assert {"shop.Order", "insights.Visit"} <= _models(document)
    assert "queues.Ticket" not in _models(document)
    assert settings.FRONTDESK_CART_COOKIE_NAME in [c["name"] for c in document["cookies"]]
    assert settings.FRONTDESK_CART_COOKIE_NAME not in [
        c["name"] for c in _document(businesses["qless"])["cookies"]
    ]


@pytest.mark.promise("FD-16", "QM-1")
def test_each_business_names_its_own_processors(businesses):
    # when
    qless, julie = _document(businesses["qless"]), _document(businesses["julie-floral"])
    qless_html = _page(businesses["qless"])
    # then: the SMS provider QLess chose, what it gets, and the kind of company it is
    sms = next(e for e in qless["data"] if e["model"] == "messaging.SmsMessage")
    assert sms["recipients"] == [
        {
            "name": "Twilio Ireland Ltd (SMS delivery)",
            "role": "processor",
            "service": "SMS provider",
            "receives": "the phone number and the text of the message, only to deliver it",
        }
    ]
    assert "<strong>Twilio Ireland Ltd (SMS delivery)</strong>" in qless_html
    # and Julie Floral's shipping company delivers its orders, named nowhere else
    named = {r["name"] for entry in julie["data"] for r in entry["recipients"]}
    assert {"Bloom Couriers Ltd (flower delivery)", "Paydemo Payments Ltd (card payments)"} <= (
        named
    )
    assert "Bloom Couriers" not in json.dumps(qless)
    assert "Parcel Motion" not in json.dumps(julie)


@pytest.mark.promise("FD-16", "FD-12")
def test_the_version_differs_per_business(businesses):
    # when
    versions = {slug: _document(org)["version"] for slug, org in businesses.items()}
    # then: a consent given at one business never claims another's policy
    assert len(set(versions.values())) == len(versions)
    for slug, org in businesses.items():
        assert selectors.policy_version(organisation=org) == versions[slug]


@pytest.mark.promise("FD-16")
def test_the_platform_policy_covers_the_operators_pages_and_links_every_business(
    businesses, settings
):
    # when
    html, document = _page(None), _document(None)
    # then: the operator is the controller of its own pages only
    assert document["controller"]["name"] == settings.FRONTDESK_SITE_NAME
    assert {entry["model"].split(".")[0] for entry in document["data"]} <= {
        "identity",
        "axes",
        "sessions",
        "otp_totp",
        "audit",
        "privacy",
    }
    assert "queues.Ticket" not in _models(document)
    assert "messaging.SmsMessage" not in _models(document)
    # and each business's own policy is a link away
    policy = reverse("privacy:policy")
    for org in businesses.values():
        link = absolute_url(policy, org)
        assert {"name": org.name, "policy": link} in document["businesses"]
        assert f'href="{link}"' in html


@pytest.mark.promise("FD-1", "FD-16")
@pytest.mark.parametrize("slug", ["acme", *DEMO_LIKE, "platform"])
def test_the_page_carries_no_promise_ids_or_model_paths(slug, businesses):
    # given
    own = None if slug == "platform" else businesses[slug]
    # when
    html = _page(own)
    # then: people read words, not the code's tags and names
    assert PROMISE_ID.findall(html) == []
    assert MODEL_PATH.findall(html) == []
    for item in declarations.personal_data():
        assert item.model not in html
        if "." in item.category:
            assert item.category not in html
        for name in item.fields:
            assert f"{item.model}.{name}" not in html


@pytest.mark.promise("FD-1", "IN-1")
def test_the_json_keeps_the_technical_names(businesses):
    # when
    document = _document(businesses["qless"])
    # then
    assert any(entry["model"] == "queues.Ticket" for entry in document["data"])
    assert all("category" in entry and "fields" in entry for entry in document["data"])


@pytest.mark.promise("IN-1", "FD-9")
@pytest.mark.parametrize("slug", ["acme", *DEMO_LIKE])
def test_a_layered_summary_comes_first_and_links_into_the_privacy_centre(slug, businesses):
    # when
    html = _page(businesses[slug])
    # then: what we keep, why, for how long, who gets it, your rights, before the detail
    summary, detail = html.index('id="summary"'), html.index('id="data"')
    assert summary < detail
    layers = html[summary:detail]
    for heading in ("What we keep", "Why", "For how long", "Who gets it", "Your rights"):
        assert f"<dt>{heading}</dt>" in layers
    for page in ("download", "correction", "erasure", "preferences", "index"):
        assert f'href="{reverse(f"privacy:centre:{page}")}"' in layers
    # and each purpose in the summary leads to its detail
    for anchor in re.findall(r'href="#(purpose-\d+)"', layers):
        assert f'id="{anchor}"' in html[detail:]


@pytest.mark.promise("IN-1")
@pytest.mark.parametrize("slug", [*DEMO_LIKE, "platform"])
def test_every_host_publishes_its_gpc_file(slug, businesses):
    # when
    own = None if slug == "platform" else businesses[slug]
    document = json.loads(_page(own, "/.well-known/gpc.json"))
    # then
    assert document["gpc"] is True


@pytest.mark.promise("FD-1", "FD-16")
def test_every_declaring_app_is_the_platforms_or_a_modules():
    # then: no app's declarations can be missing from every business's policy
    assert set(publishers.MODULE_APPS) == set(MODULES)
    covered = set(publishers.PLATFORM_APPS).union(*publishers.MODULE_APPS.values())
    assert set(declarations.declaring_apps()) <= covered
    assert set(publishers.OPERATOR_APPS) <= set(publishers.PLATFORM_APPS)


@pytest.mark.promise("FD-16")
def test_every_processor_a_business_can_name_receives_declared_data():
    # given
    recipients = {r for item in declarations.personal_data() for r in item.recipients}
    # then: each declared recipient is a known kind of processor (or the e-mail service every
    # business shares), and each kind a business can name receives something declared
    assert {r.processor for r in recipients} - {""} <= set(PROCESSOR_ROLES)
    assert {r.processor for r in recipients} >= set(PROCESSOR_ROLES)
