"""Privacy requests, data downloads and erasure stay inside their business (FD-16, FD-9): a
request filed at Infacta is Infacta's, handled by Infacta's staff, and for every other
business's staff it is 404 on its page and on every action, and absent from their queue. A
person with accounts at two businesses has two data downloads and two erasures."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import business, host_client, make_user, signed_in_client
from django.apps import apps
from django.core import mail
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import MODULES, Organisation
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.identity.models import User
from frontdesk.privacy import export
from frontdesk.privacy.erasure import account_erase
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.states import State
from frontdesk.privacy.tests.test_centre_export import person_in_every_app

pytestmark = pytest.mark.django_db

QUEUE = reverse("privacy:centre:staff_queue")
ACTIONS = ("staff_start", "staff_complete", "staff_refuse")


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _handler(organisation: Organisation, email: str) -> User:
    """Staff of `organisation` holding every capability there (privacy requests included)."""
    role = access.role_create(
        actor=None, organisation=organisation, name="Owner", capabilities=list(caps.CAPABILITIES)
    )
    user = make_user(email, staff=True, organisation=organisation)
    access.grant_add(actor=None, user=user, role=role, scope=Scope("organisation", organisation.pk))
    return user


@pytest.fixture
def infacta(organisation: Organisation) -> Organisation:
    return business("Infacta", "infacta", modules=["licensing", "support", "misuse"])


@pytest.fixture
def others(organisation: Organisation) -> dict[str, User]:
    """The owners of every other business: Acme (the default), QLess and Julie Floral."""
    qless = business("QLess", "qless", modules=["queues"])
    julie = business("Julie Floral", "julie-floral", modules=["shop"])
    return {
        "acme": _handler(organisation, "owner@acme.test"),
        "qless": _handler(qless, "owner@qless.test"),
        "julie": _handler(julie, "owner@julie.test"),
    }


@pytest.fixture
def filed(infacta: Organisation) -> PrivacyRequest:
    """A correction request an Infacta customer files on Infacta's site."""
    customer = make_user("ada@example.test", full_name="Ada Infacta", organisation=infacta)
    response = signed_in_client(customer).post(
        reverse("privacy:centre:correction"), {"details": "My name is Ada Lovelace."}
    )
    assert response.status_code == 302
    return PrivacyRequest.objects.unscoped().get(user=customer)


def _detail(request: PrivacyRequest) -> str:
    return reverse("privacy:centre:staff_request", args=[request.pk])


@pytest.mark.promise("FD-16", "FD-9")
def test_a_request_filed_at_a_business_is_that_businesss(filed, infacta):
    # then
    assert filed.organisation == infacta
    assert PrivacyRequest.objects.for_business(infacta.pk).get() == filed


@pytest.mark.promise("FD-16", "FD-9")
def test_the_businesss_own_staff_handle_it(filed, infacta):
    # given
    browser = signed_in_client(_handler(infacta, "privacy@infacta.test"))
    # when
    queue = browser.get(QUEUE)
    page = browser.get(_detail(filed))
    started = browser.post(reverse("privacy:centre:staff_start", args=[filed.pk]))
    done = browser.post(reverse("privacy:centre:staff_complete", args=[filed.pk]))
    # then
    assert [r.pk for r in queue.context["requests"]] == [filed.pk]
    assert page.status_code == 200
    assert b"My name is Ada Lovelace." in page.content
    assert (started.status_code, done.status_code) == (302, 302)
    assert PrivacyRequest.objects.unscoped().get(pk=filed.pk).state == State.DONE


@pytest.mark.promise("FD-16", "FD-9")
@pytest.mark.parametrize("other", ["acme", "qless", "julie"])
def test_another_businesss_staff_get_404_and_never_see_it(other, filed, others):
    # given: the owner of another business, holding every capability there
    browser = signed_in_client(others[other])
    # when
    queue = browser.get(QUEUE)
    page = browser.get(_detail(filed))
    acted = [
        browser.post(reverse(f"privacy:centre:{action}", args=[filed.pk]), {"reason": "Not ours"})
        for action in ACTIONS
    ]
    # then: absent from their queue, 404 on the page and on every action, and untouched
    assert queue.status_code == 200
    assert filed.pk not in [r.pk for r in queue.context["requests"]]
    assert b"Ada" not in queue.content
    assert page.status_code == 404
    assert b"Ada Lovelace" not in page.content
    assert [response.status_code for response in acted] == [404, 404, 404]
    stored = PrivacyRequest.objects.unscoped().get(pk=filed.pk)
    assert (stored.state, stored.handled_by_id) == (State.RECEIVED, None)
    assert (
        not AuditEvent.objects.unscoped()
        .filter(
            target_type="privacy.privacyrequest", target_id=str(filed.pk), actor_id=others[other].pk
        )
        .exists()
    )


@pytest.mark.promise("FD-16", "FD-11")
def test_another_businesss_staff_cannot_complete_an_erasure(infacta, others):
    # given: an erasure request filed at Infacta
    customer = make_user("ada@example.test", full_name="Ada Infacta", organisation=infacta)
    signed_in_client(customer).post(
        reverse("privacy:centre:erasure"),
        {"password": "correct horse battery staple", "confirm": "on"},
    )
    request = PrivacyRequest.objects.unscoped().get(user=customer)
    # when: Julie Floral's owner tries to carry it out
    browser = signed_in_client(others["julie"])
    browser.post(reverse("privacy:centre:staff_start", args=[request.pk]))
    response = browser.post(reverse("privacy:centre:staff_complete", args=[request.pk]))
    # then
    assert response.status_code == 404
    customer.refresh_from_db()
    assert (customer.email, customer.is_active) == ("ada@example.test", True)


@pytest.mark.promise("FD-16", "FD-9")
def test_the_platform_host_has_no_privacy_queue(filed, others):
    # given: a business's owner, signed in, asking on the platform host
    browser = signed_in_client(others["acme"])
    # when
    response = browser.get(QUEUE, HTTP_HOST="localhost")
    # then: nothing of any business's queue
    assert response.status_code in {302, 404}
    assert b"Ada" not in response.content


@pytest.mark.promise("FD-16", "IN-23")
def test_a_reinstatement_request_reaches_only_the_business_of_the_account(infacta, organisation):
    # given: an account on hold at Infacta, none with that address at Acme
    held = make_user("held@example.test", is_active=False, organisation=infacta)
    url = reverse("privacy:centre:reinstatement")
    # when: the form is sent on Acme's site, then on Infacta's
    host_client(organisation).post(url, {"email": "held@example.test"})
    assert not PrivacyRequest.objects.unscoped().exists()
    host_client(infacta).post(url, {"email": "held@example.test"})
    # then
    [request] = PrivacyRequest.objects.unscoped().all()
    assert (request.user, request.organisation) == (held, infacta)


# --- the data download and erasure of one address at two businesses --------------------------


@pytest.fixture
def same_person(db) -> tuple[User, User]:
    """One address with an account, and data in every app, at Julie Floral and at QMobility."""
    julie = business("Julie Floral", "julie-floral", modules=list(MODULES))
    qmobility = business("QMobility", "qmobility", modules=list(MODULES))
    return (
        person_in_every_app("same@example.test", "Sam Same", julie),
        person_in_every_app("same@example.test", "Sam Same", qmobility),
    )


def _row_ids(data: dict[str, Any]) -> dict[str, set[Any]]:
    return {
        section["model"]: {row["id"] for row in section["rows"]} for section in data["sections"]
    }


@pytest.mark.promise("FD-16", "IN-21")
def test_each_business_exports_only_its_own_data_about_the_person(same_person):
    # given
    at_julie, at_qmobility = same_person
    # when
    julie, qmobility = export.export_for(at_julie), export.export_for(at_qmobility)
    # then: two accounts, two downloads, not one row in common
    assert julie["account"] != qmobility["account"]
    for model, ids in _row_ids(julie).items():
        assert not ids & _row_ids(qmobility).get(model, set()), model
    assert f"planted name {at_qmobility.pk}" not in str(julie)
    assert f"planted name {at_julie.pk}" not in str(qmobility)
    assert julie["policy_version"] != qmobility["policy_version"]
    assert {r["id"] for r in julie["privacy_requests"]}.isdisjoint(
        {r["id"] for r in qmobility["privacy_requests"]}
    )


@pytest.mark.promise("FD-16", "IN-21")
def test_a_row_of_another_business_pointing_at_the_account_is_not_exported(same_person):
    # given: a queue ticket at QMobility that (wrongly) names Julie Floral's account
    at_julie, at_qmobility = same_person
    ticket = apps.get_model("queues", "Ticket")._base_manager.filter(user=at_qmobility).get()
    apps.get_model("queues", "Ticket")._base_manager.filter(pk=ticket.pk).update(user=at_julie)
    # when
    data = export.export_for(at_julie)
    # then: Julie Floral's download holds only what Julie Floral holds
    assert ticket.pk not in _row_ids(data)["queues.Ticket"]


@pytest.mark.promise("FD-16", "FD-11")
def test_erasure_at_one_business_leaves_the_other_account_whole(
    same_person, django_capture_on_commit_callbacks
):
    # given
    at_julie, at_qmobility = same_person
    before = export.export_for(at_qmobility)["sections"]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(actor=None, user=at_julie)
    # then: only Julie Floral's account is gone; QMobility's account and data are as they were
    assert User.objects.unscoped().get(pk=at_julie.pk).email.endswith("@erased.invalid")
    assert User.objects.unscoped().get(pk=at_qmobility.pk).email == "same@example.test"
    assert export.export_for(at_qmobility)["sections"] == before
    # and the notice came from Julie Floral
    [notice] = [m for m in mail.outbox if m.to == ["same@example.test"]]
    assert "Julie Floral" in notice.from_email
