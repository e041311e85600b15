"""Locations: created and renamed only through audited services (QL-18); bad names refused
with nothing changed (FD-8); slugs derived from the name, unique within the organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from frontdesk.access import services as access
from frontdesk.access.models import Location
from frontdesk.audit.models import AuditEvent


def test_slugs_come_from_the_name_and_are_unique_within_the_organisation(organisation):
    # given
    other = access.organisation_create(name="Other Ltd", slug="other")
    # when
    first, second = (
        access.location_create(actor=None, organisation=organisation, name="Market Square")
        for _ in range(2)
    )
    elsewhere = access.location_create(actor=None, organisation=other, name="Market Square")
    odd = access.location_create(actor=None, organisation=organisation, name="***")
    # then
    assert [first.slug, second.slug] == ["market-square", "market-square-2"]
    assert elsewhere.slug == "market-square"
    assert odd.slug == "location"


@pytest.mark.promise("QL-18")
def test_creating_and_renaming_a_location_are_audited(organisation, owner):
    # when
    location = access.location_create(actor=owner, organisation=organisation, name=" Quay ")
    renamed = access.location_rename(actor=owner, location=location, name="Quayside")
    # then
    assert (renamed.name, renamed.slug) == ("Quayside", "quay")
    events = AuditEvent.objects.filter(target_type="access.location", target_id=str(location.pk))
    created, changed = events.order_by("seq")
    assert (created.action, created.actor_id, created.details) == (
        "access.location.created",
        owner.pk,
        {"name": "Quay"},
    )
    assert (changed.action, changed.actor_id, changed.organisation_id) == (
        "access.location.changed",
        owner.pk,
        organisation.pk,
    )
    assert changed.details == {"before": {"name": "Quay"}, "after": {"name": "Quayside"}}


@pytest.mark.promise("FD-8")
@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_a_bad_name_is_refused_and_changes_nothing(organisation, location, owner, name):
    # given
    before = (list(Location.objects.values_list("pk", "name")), AuditEvent.objects.count())
    # when
    with pytest.raises(ValidationError) as created:
        access.location_create(actor=owner, organisation=organisation, name=name)
    with pytest.raises(ValidationError) as renamed:
        access.location_rename(actor=owner, location=location, name=name)
    # then
    assert "name" in created.value.message_dict
    assert "name" in renamed.value.message_dict
    assert (list(Location.objects.values_list("pk", "name")), AuditEvent.objects.count()) == before


def test_renaming_to_the_same_name_records_nothing(location, owner):
    # given
    before = AuditEvent.objects.count()
    # when
    access.location_rename(actor=owner, location=location, name="High Street ")
    # then
    assert AuditEvent.objects.count() == before
