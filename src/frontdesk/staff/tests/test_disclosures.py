"""The record of disclosures the law required (QM-16): recorded with their legal basis, audited,
listed, and only for holders of DISCLOSURES_RECORD."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import make_user
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock
from frontdesk.staff.models import Disclosure


def _url(organisation: Organisation) -> str:
    return reverse("staff:disclosures", args=[organisation.pk])


def _form(**changes: str) -> dict[str, str]:
    when = clock.now() - timedelta(days=1)
    return {
        "recipient": "Metropolitan Police",
        "legal_basis": "Production order 2025/117, Police and Criminal Evidence Act 1984 s.9",
        "subject": "customer@example.test",
        "description": "Visit times of 3 and 4 March and the phone number given for SMS.",
        "disclosed_at": when.strftime("%Y-%m-%dT%H:%M"),
        **changes,
    }


@pytest.mark.promise("QM-16", "QL-18")
def test_recording_a_disclosure_keeps_its_legal_basis_audits_it_and_lists_it(
    login, owner, customer, organisation
):
    # given
    client = login(owner)
    # when
    response = client.post(_url(organisation), _form())
    page = client.get(_url(organisation)).content.decode()
    # then
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.recipient == "Metropolitan Police"
    assert disclosure.legal_basis.startswith("Production order 2025/117")
    assert (disclosure.subject_user_id, disclosure.recorded_by_id) == (customer.pk, owner.pk)
    event = AuditEvent.objects.get(action="staff.disclosure.recorded")
    assert (event.actor_id, event.organisation_id) == (owner.pk, organisation.pk)
    assert event.target_id == str(disclosure.pk)
    assert event.details == {"subject_user_id": customer.pk}  # by id: no personal data
    assert "Metropolitan Police" in page
    assert "Production order 2025/117" in page
    assert f"account #{customer.pk}" in page
    assert "customer@example.test" not in page


@pytest.mark.promise("QM-16", "QL-18")
def test_reading_the_disclosures_is_recorded(login, owner, organisation):
    # given
    client = login(owner)
    client.post(_url(organisation), _form(subject=""))
    disclosure = Disclosure.objects.get()
    # when
    client.get(_url(organisation))
    # then
    event = AuditEvent.objects.filter(action="staff.disclosures.viewed").latest("seq")
    assert event.actor_id == owner.pk
    assert event.details == {"disclosures": [disclosure.pk]}


@pytest.mark.promise("QM-16")
def test_a_disclosure_without_an_account_is_recorded_without_a_person(login, owner, organisation):
    # when
    login(owner).post(_url(organisation), _form(subject=""))
    # then
    assert Disclosure.objects.get().subject_user_id is None


@pytest.mark.promise("QM-16")
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"legal_basis": ""}, "Give the law or order that required the disclosure."),
        ({"recipient": ""}, "Name the authority or third party."),
        ({"subject": "nobody@example.test"}, "No account has this e-mail address or number."),
        ({"disclosed_at": "not a date"}, "Give the date and time of the disclosure."),
        (
            {"disclosed_at": (clock.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
            "A disclosure cannot be recorded before it happens.",
        ),
    ],
)
@pytest.mark.usefixtures("customer")
def test_bad_input_is_refused_with_a_clear_message_and_records_nothing(
    login, owner, organisation, changes, message
):
    # when
    response = login(owner).post(_url(organisation), _form(**changes))
    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Disclosure.objects.exists()
    assert not AuditEvent.objects.filter(action="staff.disclosure.recorded").exists()


@pytest.mark.promise("QL-15", "QL-16")
def test_disclosures_are_404_to_outsiders_and_403_without_the_capability(
    login, location, outsider, member, auditor
):
    # given: a holder of the capability on one location only, not the organisation
    organisation = location.organisation
    role = access.role_create(
        actor=None, organisation=organisation, name="DPO", capabilities=[caps.DISCLOSURES_RECORD]
    )
    local = make_user("local@acme.test", staff=True)
    access.grant_add(actor=None, user=local, role=role, scope=Scope("location", location.pk))
    url = _url(organisation)
    # when
    statuses = [login(user).get(url).status_code for user in (outsider, member, auditor, local)]
    posted = login(member).post(url, _form(subject="")).status_code
    # then
    assert statuses == [404, 403, 403, 403]
    assert posted == 403
    assert not Disclosure.objects.exists()
