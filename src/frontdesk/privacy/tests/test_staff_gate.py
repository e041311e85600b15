"""The security-policy gate (QM-6) over every staff page and staff API endpoint that opens
customer data, beyond the /staff/ pages and the queues and shop APIs proven in
staff/tests/test_policy.py: the privacy-request queue (under /privacy/), the SMS outbox,
support, misuse, promotions, insights and the disclosures, and the insights API. Whoever holds
a customer-data capability and has not accepted the newest version is sent to accept it (403
from the API), and goes through once they have.

Staff and the apps above privacy are reached over HTTP and by registry (the layers contract):
the owner publishes the policy on its page, the member accepts it on theirs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from conftest import make_user, signed_in_client
from django.apps import apps
from django.test import Client
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import Scope
from frontdesk.identity.models import User
from frontdesk.privacy import services
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.states import State

ACKNOWLEDGE_URL = reverse("staff:policy_acknowledge")
ACKNOWLEDGE_FIRST = "Acknowledge the security policy first"

Url = Callable[[Organisation], str]


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _agent(organisation: Organisation, capabilities: list[str]) -> User:
    """A member of staff holding `capabilities` on the whole organisation."""
    role = access.role_create(
        actor=None, organisation=organisation, name="Agent", capabilities=capabilities
    )
    user = make_user("agent@acme.test", staff=True, full_name="Agnes Agent")
    access.grant_add(actor=None, user=user, role=role, scope=Scope("organisation", organisation.pk))
    return user


def _publish(owner: User, organisation: Organisation) -> int:
    """The owner publishes version 2025-1 on the policy page; its id."""
    response = signed_in_client(owner).post(
        reverse("staff:policy", args=[organisation.pk]),
        {"version": "2025-1", "text": "Lock your screen."},
    )
    assert response.status_code == 302
    versions = apps.get_model("staff", "SecurityPolicyVersion").objects
    return int(versions.get(organisation=organisation, version="2025-1").pk)


def _acknowledge(client: Client, version_id: int) -> None:
    assert client.post(ACKNOWLEDGE_URL, {"version": version_id}).status_code == 302


def _held(response: Any, url: str) -> bool:
    """Sent to accept the policy, and back to `url` afterwards."""
    expected = f"{ACKNOWLEDGE_URL}?{urlencode({'next': url})}"
    return bool(response.status_code == 302 and response["Location"] == expected)


def _privacy_request(organisation: Organisation) -> PrivacyRequest:
    customer = make_user("casey@example.test", full_name="Casey Customer")
    return services.privacy_request_create(
        actor=customer, user=customer, kind=PrivacyRequest.Kind.CORRECTION, details="Wrong name"
    )


def _request_page(organisation: Organisation) -> str:
    return reverse("privacy:centre:staff_request", args=[_privacy_request(organisation).pk])


def _support_team(organisation: Organisation) -> str:
    apps.get_model("support", "Team").objects.create(
        organisation=organisation, name="Help", slug="help"
    )
    return reverse("support:staff_index")


def _outbox(organisation: Organisation) -> str:
    """The outbox shows the messages of the queues the reader serves: there is one to serve."""
    location = access.location_create(actor=None, organisation=organisation, name="Desk")
    apps.get_model("queues", "Queue").objects.create(
        organisation=organisation, location=location, name="Desk", slug="desk"
    )
    return reverse("queues:outbox")


def _shop(organisation: Organisation) -> Any:
    return apps.get_model("shop", "Shop").objects.create(
        organisation=organisation, name="Acme Shop", slug="acme-shop", order_prefix="AC"
    )


def _insights(organisation: Organisation) -> str:
    _shop(organisation)
    return reverse("insights:index")


# Each newly covered page, with a capability that opens it (and customer data).
PAGES: dict[str, tuple[list[str], Url]] = {
    "privacy requests": (
        [caps.PRIVACY_REQUESTS],
        lambda organisation: reverse("privacy:centre:staff_queue"),
    ),
    "a privacy request": ([caps.PRIVACY_REQUESTS], _request_page),
    "disclosures": (
        [caps.DISCLOSURES_RECORD],
        lambda organisation: reverse("staff:disclosures", args=[organisation.pk]),
    ),
    "sms outbox": ([caps.QUEUE_SUMMON], _outbox),
    "support": ([caps.SUPPORT_TICKETS], _support_team),
    "misuse cases": ([caps.MISUSE_REVIEW], lambda organisation: reverse("misuse:index")),
    "promotions": (
        [caps.PROMOTIONS_MANAGE],
        lambda organisation: reverse("promotions:staff_index"),
    ),
    "insights": ([caps.SHOP_PROMOTIONS], _insights),
}


@pytest.mark.promise("QM-6")
@pytest.mark.parametrize("page", list(PAGES))
def test_an_unacknowledged_agent_is_held_from_the_page_until_they_acknowledge(
    page, owner, organisation
):
    # given: an agent allowed on the page, and a version they have not accepted
    capabilities, make_url = PAGES[page]
    url = make_url(organisation)
    client = signed_in_client(_agent(organisation, capabilities))
    version_id = _publish(owner, organisation)
    # when
    held = client.get(url)
    _acknowledge(client, version_id)
    allowed = client.get(url)
    # then
    assert _held(held, url), (held.status_code, held.get("Location"))
    assert allowed.status_code == 200


@pytest.mark.promise("QM-6", "FD-9")
def test_a_held_handler_cannot_act_on_a_privacy_request(owner, organisation):
    # given
    request = _privacy_request(organisation)
    client = signed_in_client(_agent(organisation, [caps.PRIVACY_REQUESTS]))
    _publish(owner, organisation)
    # when
    response = client.post(reverse("privacy:centre:staff_start", args=[request.pk]))
    # then: sent to the policy, the request untouched
    assert response.status_code == 302
    assert response["Location"] == ACKNOWLEDGE_URL
    request.refresh_from_db()
    assert request.state == State.RECEIVED


@pytest.mark.promise("QM-6")
def test_an_unacknowledged_agent_gets_403_from_the_insights_api_until_they_acknowledge(
    owner, organisation
):
    # given: an agent reading reports who also serves customers
    shop = _shop(organisation)
    client = signed_in_client(_agent(organisation, [caps.SHOP_REPORTS, caps.SHOP_ORDERS_SERVICE]))
    version_id = _publish(owner, organisation)
    url = f"/api/insights/shops/{shop.pk}/partner-sales"
    # when
    refused = client.get(url)
    _acknowledge(client, version_id)
    allowed = client.get(url)
    # then
    assert refused.status_code == 403
    assert refused.json() == {"detail": ACKNOWLEDGE_FIRST}
    assert allowed.status_code == 200


@pytest.mark.promise("QM-6")
def test_a_reports_reader_without_customer_data_is_not_held_from_the_insights_api(
    owner, organisation
):
    # given
    shop = _shop(organisation)
    client = signed_in_client(_agent(organisation, [caps.SHOP_REPORTS]))
    _publish(owner, organisation)
    # when
    response = client.get(f"/api/insights/shops/{shop.pk}/partner-sales")
    # then
    assert response.status_code == 200


@pytest.mark.promise("QM-6")
def test_a_held_agent_still_reaches_their_own_privacy_centre(owner, organisation):
    # given
    client = signed_in_client(_agent(organisation, [caps.PRIVACY_REQUESTS]))
    _publish(owner, organisation)
    # when
    response = client.get(reverse("privacy:centre:index"))
    # then
    assert response.status_code == 200


@pytest.mark.promise("QM-6")
def test_publishing_tells_privacy_handlers_and_disclosure_recorders(
    owner, organisation, django_capture_on_commit_callbacks, mailoutbox
):
    # given
    handler = _agent(organisation, [caps.PRIVACY_REQUESTS])
    role = access.role_create(
        actor=None,
        organisation=organisation,
        name="Legal",
        capabilities=[caps.DISCLOSURES_RECORD],
    )
    recorder = make_user("legal@acme.test", staff=True)
    access.grant_add(
        actor=None, user=recorder, role=role, scope=Scope("organisation", organisation.pk)
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _publish(owner, organisation)
    # then
    told = {message.to[0] for message in mailoutbox}
    assert {handler.email, recorder.email} <= told
